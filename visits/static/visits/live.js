// On event and invitation pages: seat counts follow the discussions socket's ``notification``
// frames of kind "visit", the latest change is announced, and every status table or list
// marked ``data-live-fragment`` (for its event, or "*" for any) is fetched again, so an answer
// shows on the host's open pages at once. The socket is the one the site-wide notifications
// already opened (start() opens it once per tab).
import { on, start } from "../chat/socket.js";
import { sentenceNodes } from "../chat/text.js";

const status = document.getElementById("visits-live");
const timers = new Map();

// Someone typing a reason in a list being replaced would lose it: wait until they leave it.
function busy(element) {
  const active = document.activeElement;
  return element.contains(active) && active.matches("input, textarea, select");
}

async function refetch(element) {
  if (busy(element)) {
    element.addEventListener("focusout", () => schedule(element), { once: true });
    return;
  }
  const response = await fetch(element.dataset.url, {
    credentials: "same-origin",
    headers: { "X-Requested-With": "fetch" },
  });
  if (response.ok) element.innerHTML = await response.text();
}

function schedule(element) {
  clearTimeout(timers.get(element));
  timers.set(
    element,
    setTimeout(() => refetch(element), 150),
  );
}

on("notification", (frame) => {
  if (frame.kind !== "visit") return;
  for (const element of document.querySelectorAll(`[data-seats-left="${frame.event.id}"]`)) {
    element.textContent = frame.event.seats_text;
  }
  if (status && (status.dataset.event === "*" || Number(status.dataset.event) === frame.event.id)) {
    status.replaceChildren(...sentenceNodes(frame));
  }
  for (const element of document.querySelectorAll("[data-live-fragment]")) {
    const event = element.dataset.event;
    if (event === "*" || Number(event) === frame.event.id) schedule(element);
  }
});
start();
