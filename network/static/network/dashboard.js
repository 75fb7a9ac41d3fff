// The start page (/pulpit/): each block says which kinds of notice change it; when one arrives
// (the site-wide notifications script re-dispatches every ``notification`` frame as a
// ``wzk:notice`` event on the document) the block's body is fetched again. Forms marked
// ``data-dashboard-inline`` are sent in the background: the answer (JSON ``{message}``) is
// announced and the block fetched again, so the member never leaves the page.
const live = document.getElementById("dashboard-live");
const pending = new Map();

function blocks() {
  return Array.from(document.querySelectorAll("[data-dashboard-block]"));
}

async function refresh(section, { focus = false } = {}) {
  const body = section.querySelector("[data-dashboard-body]");
  section.setAttribute("aria-busy", "true");
  try {
    const response = await fetch(section.dataset.url, {
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    });
    if (response.ok) body.innerHTML = await response.text();
  } finally {
    section.removeAttribute("aria-busy");
  }
  if (focus) section.querySelector("h2").focus();
  section.dispatchEvent(new CustomEvent("wzk:block-refreshed", { bubbles: true }));
}

// Someone typing (a reason for declining, say) would lose it: wait until they leave the block.
function busy(section) {
  const active = document.activeElement;
  return section.contains(active) && active.matches("input, textarea, select");
}

// Several notices in a burst (an event changed for many) cost one fetch per block.
function refreshSoon(section) {
  if (busy(section)) {
    section.addEventListener("focusout", () => refreshSoon(section), { once: true });
    return;
  }
  clearTimeout(pending.get(section));
  pending.set(
    section,
    setTimeout(() => refresh(section), 150),
  );
}

document.addEventListener("wzk:notice", (event) => {
  for (const section of blocks()) {
    const kinds = (section.dataset.refreshOn || "").split(" ");
    if (kinds.includes(event.detail.kind)) refreshSoon(section);
  }
});

document.addEventListener("wzk:rooms-changed", () => {
  for (const section of blocks()) {
    if (section.hasAttribute("data-refresh-on-rooms")) refreshSoon(section);
  }
});

document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-dashboard-inline")) return;
  const section = form.closest("[data-dashboard-block]");
  if (!section) return;
  event.preventDefault();
  const submitter = event.submitter;
  if (submitter) submitter.disabled = true;
  let message = "";
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", Accept: "application/json" },
    });
    const data = await response.json().catch(() => ({}));
    message = data.message || "";
  } catch {
    // Offline or the server is away: send the form the ordinary way.
    form.submit();
    return;
  }
  await refresh(section, { focus: true });
  if (message) {
    let note = section.querySelector("[data-dashboard-message]");
    if (!note) {
      note = document.createElement("p");
      note.className = "message message-info";
      note.dataset.dashboardMessage = "";
      section.querySelector("h2").after(note);
    }
    note.textContent = message;
    live.textContent = message;
  }
});
