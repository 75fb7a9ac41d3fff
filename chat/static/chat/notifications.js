// On every page of a logged-in member: opens the tab's socket, shows every notice (mentions,
// invitations and answers, reports, votes) as a notification with its link, announced to
// screen readers, and keeps the mention count on the "Conversations" link in the header.
// Each notice is also dispatched on the document as a ``wzk:notice`` event, so a page can
// refresh what the notice changed (the start page does).
import { excerpt, formatNodes, markContent, sentenceNodes, strings } from "./text.js";
import { on, start } from "./socket.js";

const STORAGE_KEY = "wzk.chat.mentions";
const MAX_TOASTS = 3;

const container = document.getElementById("chat-notifications");
const announcer = document.getElementById("chat-notifications-announcer");
const t = strings(container);

// Mentions per room key. Authoritative values come from the server: counts rendered into the
// page (rooms list, discussion) and ``unread`` frames; the tab remembers them between pages.
const mentions = loadMentions();

function loadMentions() {
  let counts = {};
  try {
    counts = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY)) || {};
  } catch {
    counts = {};
  }
  for (const element of document.querySelectorAll("[data-chat-room][data-chat-mentions]")) {
    counts[element.dataset.chatRoom] = Number(element.dataset.chatMentions) || 0;
  }
  return counts;
}

function renderBadge() {
  const total = Object.values(mentions).reduce((sum, count) => sum + (Number(count) || 0), 0);
  for (const badge of document.querySelectorAll("[data-chat-badge]")) {
    badge.querySelector("[data-chat-badge-count]").textContent = String(total);
    badge.hidden = total === 0;
  }
  try {
    window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(mentions));
  } catch {
    // Private mode or storage full: the badge still works on this page.
  }
}

function showingRoom(roomKey) {
  const discussion = document.getElementById("chat");
  return Boolean(
    discussion && discussion.dataset.room === roomKey && discussion.dataset.live === "true",
  );
}

// Notices other than mentions: the sentence is the link to what it is about.
function showNotice(frame) {
  const toast = document.createElement("div");
  toast.className = "chat-toast";
  toast.dataset.noticeKind = frame.kind;
  const text = document.createElement("p");
  text.className = "chat-toast-text";
  const link = document.createElement("a");
  link.href = frame.url;
  link.append(...sentenceNodes(frame));
  text.append(link);
  const actions = document.createElement("p");
  actions.className = "chat-toast-actions";
  const close = document.createElement("button");
  close.type = "button";
  close.className = "link-button";
  close.textContent = t.close;
  close.addEventListener("click", () => toast.remove());
  actions.append(close);
  toast.append(text, actions);
  container.append(toast);
  while (container.children.length > MAX_TOASTS) container.firstElementChild.remove();
  announcer.replaceChildren(...sentenceNodes(frame));
}

function showNotification(frame) {
  const message = frame.message || {};
  const quote = message.body ? excerpt(message.body) : "";
  const toast = document.createElement("div");
  toast.className = "chat-toast";
  const text = document.createElement("p");
  text.className = "chat-toast-text";
  text.append(...sentenceNodes(frame));
  toast.append(text);
  if (quote) {
    const body = document.createElement("p");
    body.className = "chat-toast-quote";
    body.append(...formatNodes(t.quote, { text: quote }, ["text"]));
    toast.append(body);
  }
  const actions = document.createElement("p");
  actions.className = "chat-toast-actions";
  const link = document.createElement("a");
  // The server says where the room's page is: each kind of room has its own URL.
  link.href = message.id ? `${frame.url}#wiadomosc-${message.id}` : frame.url;
  link.textContent = t.open;
  const close = document.createElement("button");
  close.type = "button";
  close.className = "link-button";
  close.textContent = t.close;
  close.addEventListener("click", () => toast.remove());
  actions.append(link, " ", close);
  toast.append(actions);
  container.append(toast);
  while (container.children.length > MAX_TOASTS) container.firstElementChild.remove();
  // The notice's sentence (the server's, in the interface's language) then the member's words.
  announcer.replaceChildren(...sentenceNodes(frame));
  if (quote) {
    const words = document.createElement("span");
    words.textContent = quote;
    announcer.append(": ", markContent(words));
  }
}

if (container) {
  renderBadge();
  on("unread", (frame) => {
    mentions[frame.room] = frame.mentions;
    renderBadge();
  });
  on("revoked", (frame) => {
    delete mentions[frame.room];
    renderBadge();
  });
  on("notification", (frame) => {
    if (frame.kind === "mention") {
      if (!showingRoom(frame.room)) showNotification(frame);
    } else if (frame.text && frame.url) {
      showNotice(frame);
    }
    document.dispatchEvent(new CustomEvent("wzk:notice", { detail: frame }));
  });
  start();
}
