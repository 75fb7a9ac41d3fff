// The tab's one WebSocket to /ws/chat/ (docs/chat-protocol.md), shared by every module that
// imports this file: ES modules are evaluated once per URL, so this state is a singleton.
// Never load this file through its own <script> tag: a hashed URL would make a second copy.

const PING_INTERVAL_MS = 25_000;
const BACKOFF_FIRST_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;
const RESEND_DELAY_MS = 2_000;
// Broadcasts from different server processes may overtake each other by a few milliseconds:
// a hole is only asked about if it is still there after this time.
const GAP_GRACE_MS = 1_000;
// A hole the answers have not filled yet (the database briefly gone, say) is asked about
// again with backoff up to this; so is Redis while the server says the socket is not live.
const RECHECK_MAX_MS = 15_000;
const LIVE_RECHECK_MAX_MS = 8_000;
// Live again: the server's channel layer resubscribes within about a second of Redis coming
// back, so one more ping after this catches what that second lost.
const LIVE_CONFIRM_MS = 2_000;
// The server closed for good: logged out or deactivated. Reconnecting would only be refused.
const FINAL_CLOSE_CODES = new Set([4001, 4003]);
// Refusals that pass: the message stays queued and goes again with the same client_id.
const RETRIED_ERRORS = new Set(["unavailable", "rate_limited"]);

const listeners = new Map(); // frame type (or "*") → Set of callbacks
const stateListeners = new Set();
// room key → what this tab holds of the room (docs/chat-protocol.md, "Noticing a gap"):
//   through: every message up to this id is held (null: nothing yet, the latest window);
//   held: id → prev_id (null: not known yet, an ack) of the messages held above `through`;
//   newest: the highest id known to exist (from `prev_id`, `pong`, held messages);
//   answered: this socket has had a `subscribed` for the room; more: it said more follow;
//   timer, tries: the next check for a hole, and how many asks it has taken so far.
const rooms = new Map();
const outbox = new Map(); // client_id → send frame, until the server acknowledges it

let socket = null;
let state = "idle"; // idle | connecting | open | reconnecting | ended
let attempt = 0;
let reconnectTimer = null;
let pingTimer = null;
// The server said Redis is unreachable (`live: false`): ping with backoff until it is back.
let down = false;
let liveTries = 0;
let liveTimer = null;

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

/** ``base`` doubled per try up to ``max``, ±50 %, so a recovering server is not hit at once. */
function backoff(tries, max) {
  const base = Math.min(max, BACKOFF_FIRST_MS * 2 ** tries);
  return Math.round(base * (0.5 + Math.random()));
}

// Every subscribe of a quiet room says so, catch-ups included: after a reconnect the server
// knows nothing of the old socket, and this tab must never appear in the room's presence list.
function subscribeFrame(key) {
  const room = rooms.get(key);
  const frame = { type: "subscribe", room: key };
  if (room.through !== null) frame.after = room.through;
  if (room.quiet) frame.presence = false;
  // This tab had the room quietly (the header's badge) before a page showed it: the server
  // keeps a subscription as it was unless told, so say that the member is here now.
  else if (room.present) frame.presence = true;
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
  down = false;
  liveTries = 0;
  setState("open");
  for (const [key, room] of rooms) {
    room.answered = false;
    clearTimeout(room.timer);
    room.timer = null;
    room.tries = 0;
    check(key);
  }
  // Same client_id as before: the server answers a re-send with the original message.
  for (const frame of outbox.values()) transmit(frame);
  clearInterval(pingTimer);
  pingTimer = setInterval(() => transmit({ type: "ping" }), PING_INTERVAL_MS);
}

function onClose(event) {
  clearInterval(pingTimer);
  clearTimeout(liveTimer);
  liveTimer = null;
  socket = null;
  if (FINAL_CLOSE_CODES.has(event.code)) {
    setState("ended", { code: event.code });
    return;
  }
  // Exponential backoff with ±50 % jitter, so a restarted server is not hit all at once.
  const delay = backoff(attempt, BACKOFF_MAX_MS);
  attempt += 1;
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
    // Its own message, but not where it stands: an ack never moves `through` past a hole.
    hold(frame.message.room, frame.message.id, undefined);
  } else if (frame.type === "subscribed") {
    answered(frame);
  } else if (frame.type === "message") {
    hold(frame.room, frame.message.id, frame.prev_id);
  } else if (frame.type === "error" && outbox.has(frame.ref)) {
    if (RETRIED_ERRORS.has(frame.code)) {
      const clientId = frame.ref;
      setTimeout(() => outbox.has(clientId) && transmit(outbox.get(clientId)), RESEND_DELAY_MS);
    } else {
      outbox.delete(frame.ref);
    }
  } else if (frame.type === "pong") {
    for (const [key, latest] of Object.entries(frame.latest || {})) known(key, latest);
    liveness(frame.live);
  } else if (frame.type === "revoked") {
    clearTimeout(rooms.get(frame.room)?.timer);
    rooms.delete(frame.room);
  }
  // An `unavailable` answer to a subscribe (ref: the room) needs nothing here: the room's
  // check asks again with backoff until an answer fills the hole.
  emit(frame.type, frame);
}

// --- Holding a room without holes (docs/chat-protocol.md, "Noticing a gap") -------------------

function lacking(room) {
  return !room.answered || room.more || room.through === null || room.newest > room.through;
}

/** Everything held above ``through`` whose previous message is within it joins it. */
function advance(room) {
  if (room.through === null) return;
  let moved = true;
  while (moved) {
    moved = false;
    for (const [id, prev] of room.held) {
      if (id <= room.through) {
        room.held.delete(id);
      } else if (Number.isInteger(prev) && prev <= room.through) {
        room.through = id;
        room.held.delete(id);
        moved = true;
      }
    }
  }
}

/** After any change: nothing lacking stops the checks; a new hole is looked at after a grace. */
function settle(key, room) {
  advance(room);
  if (!lacking(room)) {
    clearTimeout(room.timer);
    room.timer = null;
    room.tries = 0;
  } else if (!room.timer) {
    room.timer = setTimeout(() => check(key), GAP_GRACE_MS);
  }
}

/** Ask for everything after ``through`` while anything is lacking, with backoff. */
function check(key) {
  const room = rooms.get(key);
  if (!room) return;
  room.timer = null;
  if (!lacking(room)) {
    room.tries = 0;
    return;
  }
  // Closed: onOpen subscribes every room again.
  if (!transmit(subscribeFrame(key))) return;
  room.tries += 1;
  room.timer = setTimeout(() => check(key), backoff(room.tries, RECHECK_MAX_MS));
}

/** A message of the room arrived (``prev`` undefined: an ack, where it stands is unknown). */
function hold(key, id, prev) {
  const room = rooms.get(key);
  if (!room || !Number.isInteger(id)) return;
  if (room.through === null || id > room.through) {
    if (Number.isInteger(prev)) room.held.set(id, prev);
    else if (!room.held.has(id)) room.held.set(id, null);
  }
  room.newest = Math.max(room.newest, id, Number.isInteger(prev) ? prev : 0);
  settle(key, room);
}

/** The room's newest id is ``latest`` (from a pong): holding less is a hole. */
function known(key, latest) {
  const room = rooms.get(key);
  if (!room || !Number.isInteger(latest)) return;
  room.newest = Math.max(room.newest, latest);
  settle(key, room);
}

function answered(frame) {
  const room = rooms.get(frame.room);
  if (!room) return;
  room.answered = true;
  // The window holds every message after what was asked (which was at most `through`) up
  // to the frame's `through`, deleted ones excepted.
  if (Number.isInteger(frame.through)) {
    room.through = Math.max(room.through ?? 0, frame.through);
    room.newest = Math.max(room.newest, frame.through);
  }
  room.more = frame.has_more === true;
  if (frame.live === false) liveness(false);
  if (room.more) {
    // More follow this window: continue at once from where it ended.
    clearTimeout(room.timer);
    room.tries = 0;
    check(frame.room);
  } else {
    settle(frame.room, room);
  }
}

/** ``live`` from the server: false while Redis is unreachable (broadcasts do not come). */
function liveness(live) {
  if (live === false) {
    down = true;
    if (!liveTimer) {
      liveTimer = setTimeout(() => {
        liveTimer = null;
        transmit({ type: "ping" });
      }, backoff(liveTries, LIVE_RECHECK_MAX_MS));
      liveTries += 1;
    }
  } else if (live === true && down) {
    down = false;
    liveTries = 0;
    clearTimeout(liveTimer);
    liveTimer = setTimeout(() => {
      liveTimer = null;
      transmit({ type: "ping" });
    }, LIVE_CONFIRM_MS);
  }
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
 * Receive ``key``'s frames from now on, and again after every reconnect, holding the room
 * without holes from ``after`` on (the last message id the page came with; null: from the
 * latest window). ``presence: false``: receive the room without appearing online in it (and
 * nothing changes if the tab holds the room already).
 */
export function subscribe(key, { after = null, presence = true } = {}) {
  const held = rooms.get(key);
  // A quiet subscription adds nothing to a room this tab already holds (the page showing the
  // room, and the header's badge watching every room, may both ask).
  if (held && presence === false) return;
  clearTimeout(held?.timer);
  rooms.set(key, {
    quiet: presence === false,
    present: Boolean(held?.quiet) && presence !== false,
    through: Number.isInteger(after) ? after : null,
    held: new Map(),
    newest: 0,
    answered: false,
    more: false,
    timer: null,
    tries: 0,
  });
  check(key);
}

/** The id up to which this tab holds every message of ``key`` (null: none yet). */
export function heldThrough(key) {
  return rooms.get(key)?.through ?? null;
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
