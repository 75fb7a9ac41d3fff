// The unread count on the header's "Conversations" link, on every page of a member: every
// unread message in the rooms they may enter, highlighted when some mention them. Counts
// start from /chat/api/unread/ and follow live: rooms are watched quietly (no presence).
import * as chat from "./socket.js";

const badge = document.querySelector("[data-chat-unread-badge]");
if (badge) init(badge);

async function init(badge) {
  const me = Number(badge.dataset.userId);
  const rooms = new Map(); // key → {unread, mentions, seen}
  const count = badge.querySelector("[data-count]");
  const mentionPart = badge.querySelector("[data-mentions]");
  const mentionCount = badge.querySelector("[data-mention-count]");

  function render() {
    let unread = 0;
    let mentions = 0;
    for (const room of rooms.values()) {
      unread += room.unread;
      mentions += room.mentions;
    }
    count.textContent = String(unread);
    mentionCount.textContent = String(mentions);
    mentionPart.hidden = mentions === 0;
    badge.classList.toggle("chat-badge-mention", mentions > 0);
    badge.hidden = unread === 0 && mentions === 0;
    badge.dataset.ready = "";
  }

  chat.on("subscribed", (frame) => {
    const room = rooms.get(frame.room);
    if (!room) return;
    for (const message of frame.messages || []) room.seen = Math.max(room.seen, message.id);
    if (Number.isInteger(frame.unread)) room.unread = frame.unread;
    render();
  });
  chat.on("message", (frame) => {
    const room = rooms.get(frame.room);
    if (!room || frame.message.id <= room.seen) return;
    room.seen = frame.message.id;
    if (frame.message.author.id === me) {
      // Writing in a room marks everything before it as read.
      room.unread = 0;
      room.mentions = 0;
    } else {
      room.unread += 1;
    }
    render();
  });
  chat.on("unread", (frame) => {
    const room = rooms.get(frame.room);
    if (!room) return;
    room.unread = frame.count;
    room.mentions = frame.mentions;
    render();
  });
  chat.on("revoked", (frame) => {
    rooms.delete(frame.room);
    render();
  });

  let data;
  // Until the counts come, nothing is shown (not a 0 that is not known).
  try {
    const response = await fetch(badge.dataset.url, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) return;
    data = await response.json();
  } catch {
    return; // No counts now; the next page asks again.
  }
  for (const row of data.rooms || []) {
    rooms.set(row.key, { unread: row.unread, mentions: row.mentions, seen: row.latest });
    chat.subscribe(row.key, { after: row.latest || null, presence: false });
  }
  render();
  chat.start();
}
