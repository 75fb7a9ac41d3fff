// The tab's one WebSocket to /ws/chat/ (docs/chat-protocol.md), shared by every module that
// imports this file: ES modules are evaluated once per URL, so this state is a singleton.
// Never load this file through its own <script> tag: a hashed URL would make a second copy.

const PING_INTERVAL_MS = 25_000;
const BACKOFF_FIRST_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;
const RESEND_DELAY_MS = 2_000;
// Broadcasts from different server processes may overtake each other by a few milliseconds:
// a missing previous message is only fetched if it has not come within this time.
const GAP_GRACE_MS = 1_000;
// The server closed for good: logged out or deactivated. Reconnecting would only be refused.
const FINAL_CLOSE_CODES = new Set([4001, 4003]);
// Refusals that pass: the message stays queued and goes again with the same client_id.
const RETRIED_ERRORS = new Set(["unavailable", "rate_limited"]);

const listeners = new Map(); // frame type (or "*") → Set of callbacks
const stateListeners = new Set();
// room key → {after: () => id|null, seen: () => id, quiet: bool, floor: id, base: id,
//              known: Set of ids}
const rooms = new Map();
const outbox = new Map(); // client_id → send frame, until the server acknowledges it

let socket = null;
let state = "idle"; // idle | connecting | open | reconnecting | ended
let attempt = 0;
let reconnectTimer = null;
let pingTimer = null;

function socketUrl() {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${window.location.host}/ws/chat/`;
}

function setState(next, detail = {}) {
  state = next;
  for (const callback of stateListeners) callback(next, detail);
}

function emit(type, frame) {
  for (const key of [type, "*"]) {
    for (const callback of listeners.get(key) || []) {
      try {
        callback(frame);
      } catch (error) {
        console.error(error);
      }
    }
  }
}

function transmit(frame) {
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify(frame));
    return true;
  }
  return false;
}

// Every subscribe of a quiet room says so, catch-ups included: after a reconnect the server
// knows nothing of the old socket, and this tab must never appear in the room's presence list.
function subscribeFrame(key, after = rooms.get(key).after()) {
  const frame = { type: "subscribe", room: key };
  if (Number.isInteger(after)) frame.after = after;
  if (rooms.get(key).quiet) frame.presence = false;
  return frame;
}

function open() {
  clearTimeout(reconnectTimer);
  reconnectTimer = null;
  setState(attempt ? "reconnecting" : "connecting");
  socket = new WebSocket(socketUrl());
  socket.addEventListener("open", onOpen);
  socket.addEventListener("message", onMessage);
  socket.addEventListener("close", onClose);
}

function onOpen() {
  attempt = 0;
  setState("open");
  for (const key of rooms.keys()) transmit(subscribeFrame(key));
  // Same client_id as before: the server answers a re-send with the original message.
  for (const frame of outbox.values()) transmit(frame);
  clearInterval(pingTimer);
  pingTimer = setInterval(() => transmit({ type: "ping" }), PING_INTERVAL_MS);
}

function onClose(event) {
  clearInterval(pingTimer);
  socket = null;
  if (FINAL_CLOSE_CODES.has(event.code)) {
    setState("ended", { code: event.code });
    return;
  }
  // Exponential backoff with ±50 % jitter, so a restarted server is not hit all at once.
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** attempt);
  attempt += 1;
  const delay = Math.round(base * (0.5 + Math.random()));
  setState("reconnecting", { delay });
  reconnectTimer = setTimeout(open, delay);
}

function onMessage(event) {
  let frame;
  try {
    frame = JSON.parse(event.data);
  } catch {
    return;
  }
  if (!frame || typeof frame.type !== "string") return;
  if (frame.type === "ack") {
    outbox.delete(frame.client_id);
    remember(frame.message.room, frame.message.id);
  } else if (frame.type === "subscribed") {
    for (const message of frame.messages || []) remember(frame.room, message.id);
  } else if (frame.type === "message") {
    noticeGap(frame);
    remember(frame.room, frame.message.id);
  } else if (frame.type === "error" && outbox.has(frame.ref)) {
    if (RETRIED_ERRORS.has(frame.code)) {
      const clientId = frame.ref;
      setTimeout(() => outbox.has(clientId) && transmit(outbox.get(clientId)), RESEND_DELAY_MS);
    } else {
      outbox.delete(frame.ref);
    }
  } else if (frame.type === "pong") {
    catchUp(frame.latest || {});
  } else if (frame.type === "revoked") {
    rooms.delete(frame.room);
  }
  emit(frame.type, frame);
}

// A newer id than we have means frames were lost (e.g. the channel layer restarted).
function catchUp(latest) {
  for (const [key, latestId] of Object.entries(latest)) {
    const room = rooms.get(key);
    if (room && Number.isInteger(latestId) && latestId > Math.max(room.seen(), room.floor)) {
      // Catching up brings everything up to latestId; if that newest one was deleted, the
      // page never sees its id, so remember it here rather than ask again on every pong.
      room.floor = latestId;
      transmit(subscribeFrame(key));
    }
  }
}

function remember(key, id) {
  const room = rooms.get(key);
  if (room && Number.isInteger(id)) room.known.add(id);
}

// Every `message` names the room's previous one (`prev_id`). If this tab has not got it, it
// missed a broadcast: fetch exactly what lies between the last id it has and this one.
function noticeGap(frame) {
  const room = rooms.get(frame.room);
  const prev = frame.prev_id;
  if (!room || !Number.isInteger(prev) || prev <= Math.max(room.base, room.floor)) return;
  if (room.known.has(prev)) return;
  setTimeout(() => {
    if (rooms.get(frame.room) !== room || room.known.has(prev) || prev <= room.floor) return;
    // Asked once: if `prev` was deleted meanwhile, the answer will not contain it.
    room.floor = prev;
    let after = room.base;
    for (const id of room.known) if (id < prev && id > after) after = id;
    transmit(subscribeFrame(frame.room, after));
  }, GAP_GRACE_MS);
}

function reconnectNow() {
  if (state === "reconnecting" && reconnectTimer) open();
}

/** Open the socket once per tab; later calls do nothing. */
export function start() {
  if (state !== "idle") return;
  window.addEventListener("online", reconnectNow);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") reconnectNow();
  });
  window.addEventListener("beforeunload", (event) => {
    if (outbox.size) event.preventDefault();
  });
  open();
}

/** Call ``callback(frame)`` for every frame of ``type`` ("*": every frame). */
export function on(type, callback) {
  if (!listeners.has(type)) listeners.set(type, new Set());
  listeners.get(type).add(callback);
  return () => listeners.get(type).delete(callback);
}

/** Call ``callback(state, detail)`` now and whenever the connection state changes. */
export function onState(callback) {
  stateListeners.add(callback);
  callback(state, {});
  return () => stateListeners.delete(callback);
}

/**
 * Receive ``key``'s frames from now on, and again after every reconnect.
 * ``after()``: the last message id the page has (null: the latest window);
 * ``seen()``: the newest id seen, to notice gaps from ``pong``.
 * ``presence: false``: receive the room without appearing online in it (a list of rooms).
 */
export function subscribe(key, { after, seen, presence = true }) {
  // Everything up to ``base`` came with the page; newer ids are tracked to notice gaps.
  const quiet = presence === false;
  rooms.set(key, { after, seen, quiet, floor: 0, base: after() || 0, known: new Set() });
  transmit(subscribeFrame(key));
}

/**
 * Ask again for what came after ``from`` (default ``after()``): the server said more
 * messages follow the window it sent.
 */
export function resubscribe(key, from) {
  if (!rooms.has(key)) return;
  // undefined: the default, ``after()``.
  transmit(subscribeFrame(key, Number.isInteger(from) ? from : undefined));
}

/** Post a message; it stays queued (and is re-sent after reconnecting) until its ``ack``. */
export function sendMessage({ room, topic, body, clientId }) {
  const frame = { type: "send", room, topic, body, client_id: clientId };
  outbox.set(clientId, frame);
  transmit(frame);
}

/** A frame that is only worth sending now (typing, read, edit, delete). */
export function send(frame) {
  return transmit(frame);
}
