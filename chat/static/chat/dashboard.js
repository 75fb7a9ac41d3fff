// On the start page: the rooms block stays current. Every room of the member is subscribed
// quietly (listing a room does not make the member appear online in it); a message from
// someone else, or new counts, tells the page to fetch the block again (``wzk:rooms-changed``).
import * as chat from "./socket.js";

const me = Number(document.getElementById("dashboard-script-rozmowy").dataset.userId);
const seen = new Map();

function changed() {
  document.dispatchEvent(new CustomEvent("wzk:rooms-changed"));
}

for (const element of document.querySelectorAll("#blok-rozmowy [data-chat-room]")) {
  const key = element.dataset.chatRoom;
  seen.set(key, Number(element.dataset.chatLatest) || 0);
  chat.subscribe(key, { after: seen.get(key) || null, presence: false });
}

chat.on("subscribed", (frame) => {
  if (!seen.has(frame.room)) return;
  const newest = Math.max(0, ...(frame.messages || []).map((message) => message.id));
  if (newest > seen.get(frame.room)) {
    seen.set(frame.room, newest);
    changed();
  }
});
chat.on("message", (frame) => {
  if (!seen.has(frame.room) || frame.message.id <= seen.get(frame.room)) return;
  seen.set(frame.room, frame.message.id);
  if (frame.message.author.id !== me) changed();
});
chat.on("unread", (frame) => {
  if (seen.has(frame.room)) changed();
});
chat.start();
