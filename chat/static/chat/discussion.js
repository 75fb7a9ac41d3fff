// Makes /sieci/<slug>/rozmowa/ live. The page works without this script: everything here
// enhances the server-rendered history and forms. User text only ever goes in as text.
import * as chat from "./socket.js";
import { fold, excerpt, format, formatNodes, markContent, renderBody, strings } from "./text.js";

const TYPING_SEND_INTERVAL_MS = 3_000;
const TYPING_SHOWN_MS = 5_000;
const ANNOUNCEMENTS_KEPT = 5;
const BODY_MAX_LENGTH = 4_000;

const root = document.getElementById("chat");
if (root) init(root);

function init(root) {
  const t = strings(root);
  const room = root.dataset.room;
  const me = {
    id: Number(root.dataset.userId),
    name: root.dataset.userName,
    region: root.dataset.userRegion,
  };
  const canModerate = root.dataset.canModerate === "true";
  const live = root.dataset.live === "true";

  const connection = document.getElementById("chat-connection");
  const errorArea = document.getElementById("chat-error");
  const announcer = document.getElementById("chat-announcer");
  const threads = document.getElementById("chat-threads");
  const topicList = document.getElementById("chat-topic-list");
  const topicNames = document.getElementById("chat-topic-names");
  const unreadTotal = document.getElementById("chat-unread-total");
  const presence = root.querySelector(".chat-presence");
  const online = document.getElementById("chat-online");
  const typingLine = document.getElementById("chat-typing");
  const historyTitle = document.getElementById("chat-history-title");
  const form = document.getElementById("nowa-wiadomosc");
  const topicInput = form.elements.topic;
  const bodyInput = form.elements.body;
  const fileInput = form.elements.attachment;
  const altInput = form.elements.alt_text;
  const compose = form.closest(".chat-compose");
  const composeTitle = document.getElementById("nowa-wiadomosc-tytul");
  const readForm = root.querySelector(".chat-read");
  const marker = document.getElementById("chat-new-marker");
  const mentionList = document.getElementById("chat-mention-list");
  const mentionStatus = document.getElementById("chat-mention-status");

  const typers = new Map(); // user id → {name, topic, timer}
  const deleting = new Set(); // ids of messages this page asked to delete
  const editors = new WeakMap(); // message item → closes its open editor
  let readSent = 0;
  let lastTypingSent = 0;
  let newSectionCount = 0;

  // --- Times: the same "5 lutego, 14:03" as the server renders -------------------------------

  let timeFormat = null;
  try {
    timeFormat = new Intl.DateTimeFormat(root.dataset.language, {
      day: "numeric",
      month: "long",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone: root.dataset.timeZone || undefined,
    });
  } catch {
    timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "long", timeStyle: "short" });
  }

  function formatTime(iso) {
    const parts = Object.fromEntries(
      timeFormat.formatToParts(new Date(iso)).map((part) => [part.type, part.value]),
    );
    return parts.day && parts.month && parts.hour
      ? `${parts.day} ${parts.month}, ${parts.hour}:${parts.minute}`
      : timeFormat.format(new Date(iso));
  }

  // --- Small helpers ------------------------------------------------------------------------

  function el(tag, className, text) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined) element.textContent = text;
    return element;
  }

  function withNodes(element, nodes) {
    element.append(...nodes);
    return element;
  }

  function topicKey(name) {
    return String(name).trim().toLowerCase();
  }

  function newClientId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // randomUUID needs a secure context; getRandomValues does not.
    const bytes = window.crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  }

  // ``ref``: what the error was about (a message's client_id, the room), so that it goes
  // when that thing succeeds.
  function showError(text, ref = null) {
    errorArea.replaceChildren(el("p", "", text));
    errorArea.dataset.ref = ref ?? "";
  }

  function clearError() {
    errorArea.replaceChildren();
    delete errorArea.dataset.ref;
  }

  // ``parts``: text, or nodes from ``formatNodes`` where a sentence quotes what members wrote.
  function announce(...parts) {
    const line = el("p");
    line.append(...parts);
    announcer.append(line);
    while (announcer.children.length > ANNOUNCEMENTS_KEPT) announcer.firstElementChild.remove();
  }

  function pageActive() {
    return document.visibilityState === "visible" && document.hasFocus();
  }

  // --- Topics: a section in the history and an entry in the topic list ----------------------

  function findSection(name) {
    const key = topicKey(name);
    return Array.from(threads.querySelectorAll(":scope > .chat-topic")).find(
      (section) => section.dataset.topic === key,
    );
  }

  function findTopicItem(name) {
    const key = topicKey(name);
    return Array.from(topicList.querySelectorAll(":scope > li[data-topic]")).find(
      (item) => item.dataset.topic === key,
    );
  }

  function topicUrl(name, anchor) {
    return `?temat=${encodeURIComponent(name)}#${anchor}`;
  }

  function ensureTopicItem(name, sectionId) {
    let item = findTopicItem(name);
    if (item) return item;
    topicList.querySelector("[data-no-topics]")?.remove();
    item = el("li");
    item.dataset.topic = topicKey(name);
    const link = el("a");
    link.href = topicUrl(name, sectionId);
    link.dataset.topicLink = "";
    const label = markContent(el("span", "", name));
    label.dataset.topicName = "";
    const count = el("span", "chat-count");
    count.dataset.unreadCount = "";
    count.hidden = true;
    const countValue = el("span", "", "0");
    countValue.dataset.count = "";
    count.append(el("span", "visually-hidden", t.unread), " ", countValue);
    link.append(label, " ", count);
    item.append(link);
    topicList.prepend(item);
    const option = markContent(el("option"));
    option.value = name;
    topicNames.append(option);
    return item;
  }

  // ": <topic>" after a button's words, for a screen reader: which topic it acts on.
  function hiddenTopicName(name) {
    const hidden = el("span", "visually-hidden", ": ");
    hidden.append(markContent(el("span", "", name)));
    return hidden;
  }

  // The same reply link and resolve form as the server renders under each (open) topic.
  function topicFooter(name) {
    const footer = el("div", "chat-topic-footer");
    const reply = el("p", "chat-reply");
    const link = el("a", "", t.reply);
    link.href = topicUrl(name, "nowa-wiadomosc");
    link.dataset.reply = "";
    link.append(hiddenTopicName(name));
    reply.append(link);
    const resolve = el("form", "chat-resolve");
    resolve.method = "post";
    resolve.action = root.dataset.resolveUrl;
    const fields = {
      csrfmiddlewaretoken: form.elements.csrfmiddlewaretoken.value,
      topic: name,
      resolved: "1",
    };
    for (const [fieldName, value] of Object.entries(fields)) {
      const input = el("input");
      input.type = "hidden";
      input.name = fieldName;
      input.value = value;
      resolve.append(input);
    }
    const button = el("button", "link-button", t.resolve);
    button.type = "submit";
    button.append(hiddenTopicName(name));
    resolve.append(button);
    footer.append(reply, resolve);
    return footer;
  }

  function ensureSection(name) {
    let section = findSection(name);
    if (!section) {
      document.getElementById("chat-empty")?.remove();
      newSectionCount += 1;
      const id = `temat-nowy-${newSectionCount}`;
      section = el("section", "chat-topic");
      section.id = id;
      section.dataset.topic = topicKey(name);
      section.setAttribute("aria-labelledby", `${id}-tytul`);
      const heading = el("h3", "chat-topic-title");
      heading.id = `${id}-tytul`;
      heading.tabIndex = -1;
      const label = markContent(el("span", "", name));
      label.dataset.topicName = "";
      heading.append(label);
      section.append(heading, el("ol", "chat-messages"), topicFooter(name));
      // Newest activity first, as the server orders topics; existing ones stay put.
      threads.prepend(section);
    }
    ensureTopicItem(name, section.id);
    return section;
  }

  // The "resolved" badge (a word, not only a colour) beside the topic's name in the list and
  // in the history, and the form under the topic that toggles it, as the server renders them.
  // False if the topic is not on this page.
  function showResolved(name, resolved) {
    const item = findTopicItem(name);
    const section = findSection(name);
    const labels = [
      item?.querySelector("[data-topic-name]"),
      section?.querySelector(".chat-topic-title [data-topic-name]"),
    ];
    for (const label of labels.filter(Boolean)) {
      const badge = label.parentElement.querySelector(":scope > .chat-resolved");
      if (resolved && !badge) label.after(" ", el("span", "badge chat-resolved", t.resolved));
      if (!resolved && badge) {
        const space = badge.previousSibling;
        if (space?.nodeType === Node.TEXT_NODE && !space.textContent.trim()) space.remove();
        badge.remove();
      }
    }
    const toggle = section?.querySelector(".chat-resolve");
    // Changed in place, so a keyboard user on the button keeps their focus.
    if (toggle) {
      toggle.elements.resolved.value = resolved ? "0" : "1";
      toggle.querySelector("button").firstChild.textContent = resolved ? t.reopen : t.resolve;
    }
    return Boolean(item || section);
  }

  // --- Unread counts ------------------------------------------------------------------------

  function setTopicUnread(item, count) {
    const badge = item?.querySelector("[data-unread-count]");
    if (!badge) return;
    badge.querySelector("[data-count]").textContent = String(count);
    badge.hidden = count === 0;
  }

  function topicUnread(item) {
    return Number(item?.querySelector("[data-count]")?.textContent) || 0;
  }

  function setTotalUnread(count) {
    unreadTotal.textContent = String(count);
    // "Mark all as read" only when there is something to mark (and not to a keyboard user
    // standing on it: they see it go once they leave).
    if (!readForm.contains(document.activeElement)) readForm.hidden = count === 0;
    if (count === 0) {
      for (const item of topicList.querySelectorAll(":scope > li[data-topic]")) {
        setTopicUnread(item, 0);
      }
    }
  }

  function countUnread(message) {
    const item = findTopicItem(message.topic);
    setTopicUnread(item, topicUnread(item) + 1);
    unreadTotal.textContent = String((Number(unreadTotal.textContent) || 0) + 1);
    readForm.hidden = false;
  }

  // Read up to what the page holds without a hole: never past a message still being fetched.
  function markRead() {
    const upTo = chat.heldThrough(room);
    if (!live || !pageActive() || !upTo || upTo <= readSent) return;
    if (chat.send({ type: "read", room, up_to: upTo })) {
      readSent = upTo;
      setTotalUnread(0);
    }
  }

  // --- Messages -----------------------------------------------------------------------------

  // As the page says it: a guest, a region, or national staff (no region).
  function regionLabel(user) {
    return user.guest ? t.guest : user.region || t.national;
  }

  function metaLine(author, createdAt, editedAt) {
    const meta = el("p", "chat-meta");
    meta.append(
      el("span", "chat-author", author.name),
      " ",
      el("span", "chat-region", regionLabel(author)),
      " ",
    );
    if (createdAt) {
      const time = el("time", "", formatTime(createdAt));
      time.dateTime = createdAt;
      meta.append(time);
    } else {
      meta.append(el("span", "chat-status", t.sending));
    }
    if (editedAt) meta.append(" ", el("span", "chat-edited", t.edited));
    return meta;
  }

  function buildMessage(message) {
    const item = el("li", "chat-message");
    if (message.id) {
      item.id = `wiadomosc-${message.id}`;
      item.dataset.id = String(message.id);
    }
    item.dataset.authorId = String(message.author.id);
    const body = markContent(el("div", "chat-body"));
    renderBody(body, message.body);
    item.append(metaLine(message.author, message.created_at, message.edited_at), body);
    for (const file of message.attachments || []) item.append(buildAttachment(file));
    return item;
  }

  function fileSize(bytes) {
    const units = ["B", "KB", "MB"];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit += 1;
    }
    const number = new Intl.NumberFormat(root.dataset.language, { maximumFractionDigits: 1 });
    return `${number.format(value)} ${units[unit]}`;
  }

  // As chat/includes/attachment.html renders it: an image inline with its description, a
  // document as a link to download.
  function buildAttachment(file) {
    const link = el("a");
    link.href = file.url;
    if (file.image) {
      const figure = el("figure", "chat-attachment chat-image");
      const image = el("img");
      image.src = file.url;
      image.alt = file.alt;
      markContent(image);
      image.loading = "lazy";
      if (file.width) {
        image.width = file.width;
        image.height = file.height;
      }
      link.append(image);
      figure.append(link, el("figcaption", "", `${file.name} (${fileSize(file.size)})`));
      return figure;
    }
    const paragraph = el("p", "chat-attachment chat-document");
    link.download = "";
    link.textContent = file.name;
    paragraph.append(link, " ", el("span", "chat-region", `(${fileSize(file.size)})`));
    return paragraph;
  }

  function placeMessage(item, section) {
    const list = section.querySelector(".chat-messages");
    const id = Number(item.dataset.id) || Number.POSITIVE_INFINITY;
    const next = Array.from(list.children).find(
      (other) => other !== item && (Number(other.dataset.id) || Number.POSITIVE_INFINITY) > id,
    );
    if (next) list.insertBefore(item, next);
    else list.append(item);
  }

  // One small "Actions" button per message one may change (a disclosure: the buttons it
  // shows are ordinary buttons), instead of a row of links under every message.
  function addActions(item) {
    if (!live || item.querySelector(".chat-actions") || !item.dataset.id) return;
    const own = Number(item.dataset.authorId) === me.id;
    if (!own && !canModerate) return;
    const when = item.querySelector("time")?.textContent || "";
    const author = item.querySelector(".chat-author")?.textContent || "";
    const actions = el("div", "chat-actions");
    const toggle = el("button", "chat-actions-toggle", t.actions);
    toggle.type = "button";
    toggle.dataset.action = "menu";
    toggle.setAttribute("aria-expanded", "false");
    toggle.append(el("span", "visually-hidden", ` ${format(t.actionsFor, { name: author, time: when })}`));
    const menu = el("div", "chat-actions-menu");
    menu.id = `dzialania-${item.dataset.id}`;
    menu.hidden = true;
    toggle.setAttribute("aria-controls", menu.id);
    const buttons = own ? ["edit", "delete"] : ["delete"];
    for (const action of buttons) {
      const button = el("button", "link-button", t[action]);
      button.type = "button";
      button.dataset.action = action;
      button.append(el("span", "visually-hidden", ` ${when}`));
      menu.append(button);
    }
    actions.append(toggle, menu);
    item.querySelector(".chat-meta").append(actions);
  }

  function setMenu(item, open) {
    const toggle = item?.querySelector(".chat-actions-toggle");
    if (!toggle) return;
    toggle.setAttribute("aria-expanded", String(open));
    item.querySelector(".chat-actions-menu").hidden = !open;
  }

  function closeMenus(except = null) {
    for (const toggle of threads.querySelectorAll('.chat-actions-toggle[aria-expanded="true"]')) {
      const item = toggle.closest(".chat-message");
      if (item !== except) setMenu(item, false);
    }
  }

  function updateMessage(item, message) {
    const body = item.querySelector(":scope > .chat-body");
    if (!item.querySelector(".chat-attachment")) {
      for (const file of message.attachments || []) body.after(buildAttachment(file));
    }
    if (body) renderBody(body, message.body);
    if (message.edited_at && !item.querySelector(".chat-edited")) {
      item.querySelector(".chat-meta").append(" ", el("span", "chat-edited", t.edited));
    }
  }

  /** Show ``message`` once, whatever order its ack, broadcast and catch-up arrive in. */
  function upsertMessage(message) {
    const existing = document.getElementById(`wiadomosc-${message.id}`);
    if (existing) {
      updateMessage(existing, message);
      return false;
    }
    const pending =
      message.author.id === me.id &&
      Array.from(threads.querySelectorAll(".chat-pending")).find(
        (item) => item.dataset.clientId === message.client_id,
      );
    if (pending) {
      pending.classList.remove("chat-pending");
      delete pending.dataset.clientId;
      pending.id = `wiadomosc-${message.id}`;
      pending.dataset.id = String(message.id);
      pending.querySelector(".chat-meta").replaceWith(
        metaLine(message.author, message.created_at, message.edited_at),
      );
      placeMessage(pending, pending.closest(".chat-topic"));
      addActions(pending);
      return false;
    }
    const section = ensureSection(message.topic);
    const item = buildMessage(message);
    placeMessage(item, section);
    addActions(item);
    // A new message opens a resolved topic again (the server does the same).
    showResolved(message.topic, false);
    return true;
  }

  // --- "New messages ↓": nothing from others arrives unseen --------------------------------

  const unseen = new Set(); // message items from others not yet scrolled into view
  const watcher =
    "IntersectionObserver" in window
      ? new IntersectionObserver((entries) => {
          for (const entry of entries) {
            if (!entry.isIntersecting) continue;
            unseen.delete(entry.target);
            watcher.unobserve(entry.target);
          }
          renderMarker();
        })
      : null;

  function outOfView(item) {
    const rect = item.getBoundingClientRect();
    return rect.top >= window.innerHeight || rect.bottom <= 0;
  }

  // The first unseen message in the page's order, and how many unseen are in its topic.
  function firstUnseen() {
    for (const item of threads.querySelectorAll(".chat-message")) {
      if (!unseen.has(item)) continue;
      const section = item.closest(".chat-topic");
      const inTopic = Array.from(unseen).filter((other) => section.contains(other)).length;
      return { item, section, inTopic };
    }
    return null;
  }

  function renderMarker() {
    for (const item of Array.from(unseen)) if (!item.isConnected) unseen.delete(item);
    const first = firstUnseen();
    if (!first) {
      marker.hidden = true;
      return;
    }
    const below = first.item.getBoundingClientRect().top >= 0;
    const name = first.section.querySelector("[data-topic-name]").textContent;
    const arrow = below ? "↓" : "↑";
    marker.replaceChildren(
      el("span", "", format(below ? t.newBelow : t.newAbove, { count: unseen.size })),
      " ",
      withNodes(
        el("span", "chat-new-marker-topic"),
        formatNodes(t.newInTopic, { count: first.inTopic, topic: name }, ["topic"]),
      ),
      " ",
      el("span", "", arrow),
    );
    marker.querySelector("span:last-child").setAttribute("aria-hidden", "true");
    marker.dataset.direction = below ? "below" : "above";
    marker.hidden = false;
  }

  function watch(item) {
    if (!watcher || !outOfView(item)) return;
    unseen.add(item);
    watcher.observe(item);
    renderMarker();
  }

  marker.addEventListener("click", () => {
    const first = firstUnseen();
    if (!first) return;
    first.item.tabIndex = -1;
    first.item.scrollIntoView({ block: "center" });
    first.item.focus({ preventScroll: true });
    unseen.delete(first.item);
    watcher?.unobserve(first.item);
    renderMarker();
  });
  window.addEventListener("scroll", () => unseen.size && renderMarker(), { passive: true });

  function receive(message, { announceIt }) {
    const added = upsertMessage(message);
    if (!added || message.author.id === me.id) return;
    watch(document.getElementById(`wiadomosc-${message.id}`));
    stopTyping(message.author.id);
    if (announceIt) {
      announce(
        ...formatNodes(
          t.newMessage,
          { name: message.author.name, topic: message.topic, text: excerpt(message.body) },
          ["topic", "text"],
        ),
      );
    }
    if (!pageActive()) countUnread(message);
  }

  function removeMessage(id) {
    const item = document.getElementById(`wiadomosc-${id}`);
    if (!item) return;
    const section = item.closest(".chat-topic");
    const hadFocus = item.contains(document.activeElement);
    item.remove();
    let target = section.querySelector(".chat-topic-title");
    if (!section.querySelector(".chat-message")) {
      if (section.contains(compose)) composeGoHome();
      section.remove();
      target = historyTitle;
    }
    if (hadFocus) target.focus();
    if (deleting.delete(id)) announce(t.deleted);
  }

  // --- Sending ------------------------------------------------------------------------------

  function showPending(topic, body, clientId) {
    const section = ensureSection(topic);
    const item = buildMessage({ author: me, body, created_at: null });
    item.classList.add("chat-pending");
    item.dataset.clientId = clientId;
    placeMessage(item, section);
  }

  function failPending(clientId) {
    const item = Array.from(threads.querySelectorAll(".chat-pending")).find(
      (pending) => pending.dataset.clientId === clientId,
    );
    if (!item) return false;
    const section = item.closest(".chat-topic");
    if (!bodyInput.value.trim()) {
      // Give the text back so nothing typed is lost.
      bodyInput.value = item.querySelector(".chat-body").innerText;
      topicInput.value = section.querySelector("[data-topic-name]").textContent;
    }
    item.remove();
    if (!section.querySelector(".chat-message")) {
      if (section.contains(compose)) composeGoHome();
      section.remove();
    }
    return true;
  }

  form.addEventListener("submit", (event) => {
    if (!live) return; // An older page of history: the plain form post is fine.
    event.preventDefault();
    closeMentions();
    const topic = topicInput.value.trim();
    const body = bodyInput.value.trim();
    const file = fileInput?.files[0];
    if (!topic || (!body && !file)) {
      showError(t.empty);
      (topic ? bodyInput : topicInput).focus();
      return;
    }
    if (file) {
      upload(topic);
      return;
    }
    const clientId = newClientId();
    showPending(topic, body, clientId);
    chat.sendMessage({ room, topic, body, clientId });
    bodyInput.value = "";
    bodyInput.focus();
  });

  // A message with a file goes over HTTP (the same view as the form without JavaScript), and
  // comes back like any other message (ack-less: its broadcast, or the answer itself). On a
  // refusal everything typed stays in the form.
  async function upload(topic) {
    const data = new FormData(form);
    data.set("topic", topic);
    data.set("client_id", newClientId());
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    announce(t.uploading);
    let answer = null;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      answer = await response.json().catch(() => null);
      if (!response.ok || !answer?.message) throw new Error(answer?.message || t.uploadFailed);
    } catch (error) {
      button.disabled = false;
      showError(answer?.message || t.uploadFailed);
      fileInput.focus();
      return;
    }
    button.disabled = false;
    clearError();
    upsertMessage(answer.message);
    announce(t.sent);
    bodyInput.value = "";
    fileInput.value = "";
    altInput.value = "";
    showAltField();
    bodyInput.focus();
  }

  // The image description is asked for when an image is chosen (the server requires it).
  function showAltField() {
    const field = altInput.closest(".field");
    const file = fileInput.files[0];
    const image = Boolean(file && /^image\//.test(file.type));
    field.hidden = !image;
    altInput.required = image;
  }
  fileInput.addEventListener("change", showAltField);
  showAltField();

  // --- "@": who may be mentioned, by name (an ARIA 1.2 combobox on the message field) ------

  const MENTION_SHOWN = 8;
  let people = null; // [{id, name, region, guest}], fetched at the first "@"
  let peopleLoading = null;
  let mentionMatches = [];
  let mentionActive = -1;
  let mentionStart = -1;

  function loadPeople() {
    peopleLoading ??= fetch(root.dataset.peopleUrl, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then((response) => (response.ok ? response.json() : { people: [] }))
      .then((data) => {
        people = (data.people || []).filter((person) => person.id !== me.id);
      })
      .catch(() => {
        peopleLoading = null;
      });
    return peopleLoading;
  }

  function mentionOpen() {
    return !mentionList.hidden;
  }

  // The "@…" being typed just before the caret: at most two words, no line break.
  function mentionQuery() {
    const caret = bodyInput.selectionStart;
    if (caret !== bodyInput.selectionEnd) return null;
    const before = bodyInput.value.slice(0, caret);
    const match = before.match(/(^|[^\p{L}\p{N}_@])@([\p{L}\p{N}.\-']*(?: [\p{L}\p{N}.\-']*)?)$/u);
    if (!match) return null;
    return { start: caret - match[2].length - 1, text: match[2] };
  }

  function matchesName(person, query) {
    const name = fold(person.name);
    const words = name.split(/[\s-]+/);
    return name.startsWith(query) || words.some((word) => word.startsWith(query));
  }

  function closeMentions() {
    mentionList.hidden = true;
    mentionList.replaceChildren();
    bodyInput.setAttribute("aria-expanded", "false");
    bodyInput.removeAttribute("aria-activedescendant");
    mentionMatches = [];
    mentionActive = -1;
  }

  function setActive(index) {
    mentionActive = index;
    Array.from(mentionList.children).forEach((option, position) => {
      option.setAttribute("aria-selected", String(position === index));
    });
    const option = mentionList.children[index];
    if (option) {
      bodyInput.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      bodyInput.removeAttribute("aria-activedescendant");
    }
  }

  async function suggest() {
    const query = mentionQuery();
    if (!query) {
      closeMentions();
      return;
    }
    if (people === null) await loadPeople();
    if (people === null || mentionQuery()?.start !== query.start) return;
    const folded = fold(query.text.trim());
    mentionStart = query.start;
    mentionMatches = people.filter((person) => !folded || matchesName(person, folded));
    const shown = mentionMatches.slice(0, MENTION_SHOWN);
    if (!shown.length) {
      closeMentions();
      mentionStatus.textContent = t.mentionNone;
      return;
    }
    mentionList.replaceChildren(
      ...shown.map((person, index) => {
        const option = el("li", "chat-mention-option", person.name);
        option.id = `wzmianka-${person.id}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.index = String(index);
        option.append(" ", el("span", "chat-region", regionLabel(person)));
        return option;
      }),
    );
    mentionList.hidden = false;
    bodyInput.setAttribute("aria-expanded", "true");
    setActive(0);
    mentionStatus.textContent = format(t.mentionResults, { count: shown.length });
  }

  function choose(index) {
    const person = mentionMatches[index];
    if (!person) return;
    const caret = bodyInput.selectionStart;
    const value = bodyInput.value;
    const inserted = `@${person.name} `;
    bodyInput.value = value.slice(0, mentionStart) + inserted + value.slice(caret);
    const position = mentionStart + inserted.length;
    bodyInput.setSelectionRange(position, position);
    closeMentions();
    bodyInput.focus();
  }

  bodyInput.setAttribute("role", "combobox");
  bodyInput.setAttribute("aria-autocomplete", "list");
  bodyInput.setAttribute("aria-expanded", "false");
  bodyInput.setAttribute("aria-controls", mentionList.id);
  bodyInput.addEventListener("input", suggest);
  bodyInput.addEventListener("click", () => mentionOpen() && suggest());
  bodyInput.addEventListener("blur", () => setTimeout(closeMentions, 150));
  bodyInput.addEventListener("keydown", (event) => {
    if (!mentionOpen()) return;
    const count = mentionList.children.length;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive((mentionActive + 1) % count);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((mentionActive - 1 + count) % count);
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      choose(mentionActive);
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      closeMentions();
    }
  });
  // A pointer: choose without taking the focus from the field.
  mentionList.addEventListener("mousedown", (event) => event.preventDefault());
  mentionList.addEventListener("click", (event) => {
    const option = event.target.closest("[role=option]");
    if (option) choose(Number(option.dataset.index));
  });

  bodyInput.addEventListener("input", () => {
    const topic = topicInput.value.trim();
    const now = Date.now();
    if (!live || !topic || !bodyInput.value.trim()) return;
    if (now - lastTypingSent < TYPING_SEND_INTERVAL_MS) return;
    if (chat.send({ type: "typing", room, topic: topic.slice(0, 60) })) lastTypingSent = now;
  });

  // --- Editing and deleting one's own messages ----------------------------------------------

  function openEditor(item) {
    if (item.querySelector(".chat-edit")) return;
    const body = item.querySelector(":scope > .chat-body");
    const actions = item.querySelector(".chat-actions");
    const editor = el("form", "chat-edit");
    const fieldId = `edycja-${item.dataset.id}`;
    const label = el("label", "", t.editLabel);
    label.htmlFor = fieldId;
    const textarea = el("textarea");
    textarea.id = fieldId;
    textarea.rows = 3;
    textarea.maxLength = BODY_MAX_LENGTH;
    textarea.required = true;
    const original = body.innerText; // Read while shown: hidden elements lose their line breaks.
    textarea.value = original;
    const save = el("button", "button", t.save);
    save.type = "submit";
    const cancel = el("button", "link-button", t.cancel);
    cancel.type = "button";
    const buttons = el("p", "chat-edit-buttons");
    buttons.append(save, " ", cancel);
    editor.append(label, textarea, buttons);
    body.hidden = true;
    actions.hidden = true;
    body.after(editor);
    textarea.focus();

    const close = () => {
      editor.remove();
      body.hidden = false;
      actions.hidden = false;
      setMenu(item, false);
      actions.querySelector(".chat-actions-toggle").focus();
    };
    cancel.addEventListener("click", close);
    textarea.addEventListener("keydown", (event) => {
      if (event.key === "Escape") close();
    });
    editor.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = textarea.value.trim();
      if (!text) {
        showError(t.empty);
        textarea.focus();
        return;
      }
      if (text === original.trim()) {
        close();
        return;
      }
      if (!chat.send({ type: "edit", message_id: Number(item.dataset.id), body: text })) {
        showError(t.offline);
        return;
      }
      save.disabled = true;
      editor.dataset.saving = "";
    });
    editors.set(item, close);
  }

  function confirmDelete(item) {
    if (!window.confirm(t.confirmDelete)) return;
    const id = Number(item.dataset.id);
    if (!chat.send({ type: "delete", message_id: id })) {
      showError(t.offline);
      return;
    }
    deleting.add(id);
  }

  root.addEventListener("click", (event) => {
    const target = event.target.closest(
      "button[data-action], a[data-reply], a[data-topic-link], a[data-new-topic]",
    );
    const item = target?.closest(".chat-message") ?? null;
    closeMenus(target?.dataset.action === "menu" ? item : null);
    if (!target) return;
    if (target.dataset.action === "menu") {
      setMenu(item, target.getAttribute("aria-expanded") !== "true");
    } else if (target.dataset.action === "edit") {
      openEditor(item);
    } else if (target.dataset.action === "delete") {
      setMenu(item, false);
      confirmDelete(item);
    } else if (target.matches("a[data-reply]")) {
      event.preventDefault();
      replyIn(target.closest(".chat-topic"));
    } else if (target.matches("a[data-new-topic]")) {
      event.preventDefault();
      newTopic();
    } else if (target.matches("a[data-topic-link]")) {
      const name = target.querySelector("[data-topic-name]").textContent;
      const section = findSection(name);
      if (!section) return; // Not in this window of history: let the link load it.
      event.preventDefault();
      topicInput.value = name;
      section.querySelector(".chat-topic-title").focus();
    }
  });

  root.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const open = event.target.closest?.(".chat-actions");
    if (open && open.querySelector('.chat-actions-toggle[aria-expanded="true"]')) {
      setMenu(open.closest(".chat-message"), false);
      open.querySelector(".chat-actions-toggle").focus();
    }
  });

  // --- Where the composer stands --------------------------------------------------------------
  // As in Zulip: a reply is written at the end of its topic; a new topic below the history.

  const composeHome = document.createComment("composer");
  compose.before(composeHome);

  function composeGoHome() {
    composeHome.after(compose);
    compose.classList.remove("chat-compose-reply");
  }

  function replyIn(section) {
    const name = section.querySelector("[data-topic-name]").textContent;
    topicInput.value = name;
    composeTitle.replaceChildren(...formatNodes(t.replying, { topic: name }, ["topic"]));
    section.append(compose);
    compose.classList.add("chat-compose-reply");
    bodyInput.focus();
  }

  function newTopic() {
    composeGoHome();
    composeTitle.textContent = t.newTopic;
    topicInput.value = "";
    topicInput.focus();
  }

  // --- Typing and presence ------------------------------------------------------------------

  function renderTyping() {
    typingLine.replaceChildren(
      ...Array.from(typers.values(), (typer) =>
        withNodes(
          el("span"),
          formatNodes(t.typing, { name: typer.name, topic: typer.topic }, ["topic"]),
        ),
      ),
    );
  }

  function stopTyping(userId) {
    const typer = typers.get(userId);
    if (!typer) return;
    clearTimeout(typer.timer);
    typers.delete(userId);
    renderTyping();
  }

  // ``online`` lists at most 100 members (by name); ``online_count`` says how many in all.
  function renderOnline(frame) {
    const users = frame.online || [];
    const items = users.map((user) => {
      const item = el("li", "", user.name);
      item.append(" ", el("span", "chat-region", regionLabel(user)));
      return item;
    });
    const total = Number.isInteger(frame.online_count) ? frame.online_count : users.length;
    if (total > users.length) items.push(el("li", "hint", format(t.onlineTotal, { count: total })));
    online.replaceChildren(...items);
    presence.hidden = false;
  }

  // --- Connection state ---------------------------------------------------------------------

  function showConnection(state) {
    const text = {
      idle: t.connecting,
      connecting: t.connecting,
      open: t.open,
      reconnecting: t.reconnecting,
      ended: t.ended,
    }[state];
    connection.hidden = false;
    connection.dataset.state = state;
    if (connection.textContent !== text) connection.textContent = text;
    if (state === "ended") showError(t.ended);
  }

  // --- Frames -------------------------------------------------------------------------------

  chat.on("subscribed", (frame) => {
    if (frame.room !== room) return;
    const messages = frame.messages || [];
    const fromOthers = messages.filter(
      (message) => message.author.id !== me.id && !document.getElementById(`wiadomosc-${message.id}`),
    );
    // After a gap, announce only the newest: never read out the whole history.
    const newest = fromOthers.at(-1);
    for (const message of messages) receive(message, { announceIt: message === newest });
    if (Number.isInteger(frame.unread)) setTotalUnread(frame.unread);
    // Not live (Redis unreachable): who is online is not known, so the list stays as it was.
    if (frame.live !== false) renderOnline(frame);
    // The history came after all: an "unavailable" about this room no longer holds.
    if (errorArea.dataset.ref === room) clearError();
    markRead();
  });

  chat.on("message", (frame) => {
    if (frame.room !== room) return;
    receive(frame.message, { announceIt: true });
    markRead();
  });

  chat.on("ack", (frame) => {
    if (frame.message.room !== room) return;
    upsertMessage(frame.message);
    clearError();
    announce(t.sent);
    markRead();
  });

  chat.on("message_updated", (frame) => {
    if (frame.room !== room) return;
    const item = document.getElementById(`wiadomosc-${frame.message.id}`);
    if (!item) return;
    const editor = item.querySelector(".chat-edit");
    if (editor && "saving" in editor.dataset) editors.get(item)?.();
    updateMessage(item, frame.message);
  });

  chat.on("message_deleted", (frame) => {
    if (frame.room === room) removeMessage(frame.message_id);
  });

  chat.on("topic_updated", (frame) => {
    if (frame.room !== room || !showResolved(frame.topic, frame.resolved)) return;
    const template = frame.resolved ? t.topicResolved : t.topicReopened;
    announce(...formatNodes(template, { topic: frame.topic, name: frame.user.name }, ["topic"]));
  });

  chat.on("typing", (frame) => {
    if (frame.room !== room || frame.user.id === me.id) return;
    stopTyping(frame.user.id);
    const timer = setTimeout(() => stopTyping(frame.user.id), TYPING_SHOWN_MS);
    typers.set(frame.user.id, { name: frame.user.name, topic: frame.topic, timer });
    renderTyping();
  });

  chat.on("presence", (frame) => {
    if (frame.room === room) renderOnline(frame);
  });

  chat.on("unread", (frame) => {
    if (frame.room === room) setTotalUnread(frame.count);
  });

  chat.on("revoked", (frame) => {
    if (frame.room !== room) return;
    showError(t.revoked);
    form.querySelector('button[type="submit"]').disabled = true;
  });

  chat.on("error", (frame) => {
    const retried = frame.code === "unavailable" || frame.code === "rate_limited";
    if (!retried) failPending(frame.ref);
    // An edit that failed: let the author try again.
    for (const editor of threads.querySelectorAll(".chat-edit[data-saving]")) {
      delete editor.dataset.saving;
      editor.querySelector('button[type="submit"]').disabled = false;
    }
    showError(frame.message, frame.ref);
  });

  // --- Start --------------------------------------------------------------------------------

  // The page came with the latest messages: holding the room starts from the newest of them.
  let lastId = 0;
  for (const item of threads.querySelectorAll(".chat-message[data-id]")) {
    lastId = Math.max(lastId, Number(item.dataset.id));
    addActions(item);
  }
  topicInput.setAttribute("list", "chat-topic-names");
  topicInput.setAttribute("autocomplete", "off");
  bodyInput.setAttribute("aria-describedby", "chat-mention-help");

  if (live) {
    chat.onState(showConnection);
    chat.subscribe(room, { after: lastId });
    window.addEventListener("focus", markRead);
    document.addEventListener("visibilitychange", markRead);
  }
  chat.start();
}
