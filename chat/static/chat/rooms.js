// Keeps the unread and mention counts on /rozmowy/ current while the page is open. Rooms are
// subscribed quietly: listing a room does not make the member appear online in it.
import * as chat from "./socket.js";

const table = document.getElementById("chat-rooms");
const me = Number(document.getElementById("chat-rooms-script").dataset.userId);

function rowFor(key) {
  return Array.from(table.querySelectorAll("tr[data-chat-room]")).find(
    (row) => row.dataset.chatRoom === key,
  );
}

function setCount(row, cell, count) {
  row.querySelector(`[data-${cell}]`).textContent = String(count);
  if (cell === "unread") row.classList.toggle("chat-room-unread", count > 0);
}

for (const row of table.querySelectorAll("tr[data-chat-room]")) {
  const key = row.dataset.chatRoom;
  // The page says the room's newest message id, so even the first subscribe asks only for what
  // came after it (an empty room: the latest window, which is empty).
  let seen = Number(row.dataset.chatLatest) || null;
  chat.subscribe(key, { after: seen, presence: false });
  chat.on("subscribed", (frame) => {
    if (frame.room !== key) return;
    for (const message of frame.messages || []) seen = Math.max(seen || 0, message.id);
    if (Number.isInteger(frame.unread)) setCount(row, "unread", frame.unread);
  });
  chat.on("message", (frame) => {
    if (frame.room !== key || frame.message.id <= (seen || 0)) return;
    seen = frame.message.id;
    if (frame.message.author.id !== me) {
      setCount(row, "unread", Number(row.querySelector("[data-unread]").textContent) + 1);
    } else {
      // Writing in a room (on another device, say) marks everything before it as read.
      setCount(row, "unread", 0);
      setCount(row, "mentions", 0);
    }
  });
  chat.on("unread", (frame) => {
    if (frame.room !== key) return;
    setCount(row, "unread", frame.count);
    setCount(row, "mentions", frame.mentions);
  });
}
chat.start();
