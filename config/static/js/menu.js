// Disclosure buttons of the header (WAI-ARIA disclosure pattern): the menu under 700 px and
// the account menu. Without JavaScript the buttons stay hidden and everything is shown.
(function () {
  "use strict";
  const buttons = Array.from(document.querySelectorAll("[data-disclosure]"));

  function targetOf(button) {
    return document.getElementById(button.getAttribute("aria-controls"));
  }

  function setOpen(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    targetOf(button).classList.toggle("open", open);
  }

  for (const button of buttons) {
    const target = targetOf(button);
    if (!target) continue;
    target.classList.add("disclosure-target");
    button.hidden = false;
    button.addEventListener("click", () => {
      setOpen(button, button.getAttribute("aria-expanded") !== "true");
    });
    // Escape closes the open part and gives the focus back to its button.
    target.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(button, false);
        if (button.offsetParent !== null) button.focus();
      }
    });
    button.addEventListener("keydown", (event) => {
      if (event.key === "Escape") setOpen(button, false);
    });
  }

  // The account menu closes when the focus or a click goes elsewhere.
  const account = document.querySelector(".account-toggle");
  if (account) {
    const wrapper = account.parentElement;
    document.addEventListener("click", (event) => {
      if (!wrapper.contains(event.target)) setOpen(account, false);
    });
    wrapper.addEventListener("focusout", (event) => {
      if (event.relatedTarget && !wrapper.contains(event.relatedTarget)) setOpen(account, false);
    });
  }
})();
