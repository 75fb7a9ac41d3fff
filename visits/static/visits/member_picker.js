// The named-member picker: a search-as-you-type combobox (WAI-ARIA 1.2 combobox with a
// listbox popup) in place of a long multi-select. The <select multiple> stays in the form,
// hidden, as what is sent; without JavaScript it is the picker itself.
const fold = (text) =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ł/g, "l")
    .replace(/Ł/g, "L")
    .toLowerCase();

const MAX_SHOWN = 20;

function enhance(select) {
  const t = select.dataset;
  const options = Array.from(select.options);
  const base = select.id;
  const label = document.querySelector(`label[for="${base}"]`);

  const wrapper = document.createElement("div");
  wrapper.className = "member-picker";
  const input = document.createElement("input");
  input.type = "text";
  input.id = `${base}-search`;
  input.autocomplete = "off";
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", `${base}-listbox`);
  input.setAttribute("aria-describedby", `${base}-picker-help`);
  const help = document.createElement("p");
  help.className = "helptext";
  help.id = `${base}-picker-help`;
  help.textContent = t.pickerHelp;
  const listbox = document.createElement("ul");
  listbox.id = `${base}-listbox`;
  listbox.className = "member-picker-options";
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-multiselectable", "true");
  listbox.hidden = true;
  if (label) {
    label.htmlFor = input.id;
    label.id = label.id || `${base}-label`;
    listbox.setAttribute("aria-labelledby", label.id);
  }
  const chosenHeading = document.createElement("p");
  chosenHeading.id = `${base}-chosen-heading`;
  chosenHeading.className = "member-picker-chosen-heading";
  const chosen = document.createElement("ul");
  chosen.className = "member-picker-chosen";
  chosen.setAttribute("aria-labelledby", chosenHeading.id);
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  wrapper.append(input, help, listbox, status, chosenHeading, chosen);
  select.hidden = true;
  select.after(wrapper);

  let shown = [];
  let active = -1;

  function renderChosen() {
    chosen.replaceChildren();
    const picked = options.filter((option) => option.selected);
    chosenHeading.textContent = picked.length
      ? t.pickerChosen.replace("{count}", String(picked.length))
      : t.pickerNone;
    for (const option of picked) {
      const item = document.createElement("li");
      item.append(option.textContent, " ");
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "link-button";
      remove.textContent = t.pickerRemove;
      const hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = `: ${option.textContent}`;
      remove.append(hidden);
      remove.addEventListener("click", () => {
        option.selected = false;
        status.textContent = t.pickerRemoved.replace("{name}", option.textContent);
        renderChosen();
        render();
        input.focus();
      });
      item.append(remove);
      chosen.append(item);
    }
  }

  function setActive(index) {
    active = index;
    for (const [i, item] of Array.from(listbox.children).entries()) {
      item.classList.toggle("is-active", i === active);
    }
    if (active >= 0 && listbox.children[active]) {
      input.setAttribute("aria-activedescendant", listbox.children[active].id);
      listbox.children[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function open(isOpen) {
    listbox.hidden = !isOpen;
    input.setAttribute("aria-expanded", String(isOpen));
    if (!isOpen) setActive(-1);
  }

  function render() {
    const query = fold(input.value.trim());
    if (!query) {
      shown = [];
      listbox.replaceChildren();
      open(false);
      return;
    }
    const words = query.split(/\s+/);
    const matches = options.filter((option) => {
      const text = fold(option.textContent);
      return words.every((word) => text.includes(word));
    });
    shown = matches.slice(0, MAX_SHOWN);
    listbox.replaceChildren();
    for (const [i, option] of shown.entries()) {
      const item = document.createElement("li");
      item.id = `${base}-option-${option.value}`;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", String(option.selected));
      item.textContent = option.textContent;
      item.addEventListener("mousedown", (event) => event.preventDefault());
      item.addEventListener("click", () => toggle(i));
      listbox.append(item);
    }
    status.textContent = matches.length
      ? t.pickerResults.replace("{count}", String(matches.length))
      : t.pickerNoResults;
    open(shown.length > 0);
    setActive(shown.length ? Math.min(Math.max(active, 0), shown.length - 1) : -1);
  }

  function toggle(index) {
    const option = shown[index];
    if (!option) return;
    option.selected = !option.selected;
    status.textContent = (option.selected ? t.pickerAdded : t.pickerRemoved).replace(
      "{name}",
      option.textContent,
    );
    listbox.children[index].setAttribute("aria-selected", String(option.selected));
    renderChosen();
  }

  input.addEventListener("input", () => {
    active = 0;
    render();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (listbox.hidden) render();
      if (shown.length) setActive((active + 1) % shown.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (shown.length) setActive((active - 1 + shown.length) % shown.length);
    } else if (event.key === "Enter") {
      // Enter picks the highlighted member; it never sends the form from the search field.
      event.preventDefault();
      if (!listbox.hidden && active >= 0) toggle(active);
    } else if (event.key === "Escape") {
      if (!listbox.hidden) {
        event.preventDefault();
        open(false);
      } else {
        input.value = "";
      }
    }
  });
  input.addEventListener("blur", () => open(false));
  renderChosen();
}

for (const select of document.querySelectorAll("select[data-member-picker]")) enhance(select);
