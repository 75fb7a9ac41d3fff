// On event and invitation pages: seat counts follow the discussions socket's ``notification``
// frames of kind "visit", and the latest change is announced. The socket is the one the
// site-wide notifications already opened (start() opens it once per tab).
import { on, start } from "../chat/socket.js";

const status = document.getElementById("visits-live");

on("notification", (frame) => {
  if (frame.kind !== "visit") return;
  for (const element of document.querySelectorAll(`[data-seats-left="${frame.event.id}"]`)) {
    element.textContent = frame.event.seats_text;
  }
  if (status && Number(status.dataset.event) === frame.event.id) {
    status.textContent = frame.text;
  }
});
start();
