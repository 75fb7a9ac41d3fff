// Plain text for the page: translated templates and message bodies. Nothing here ever parses
// user text as HTML; links are built as elements with textContent.

/** "{name} is typing" + {name: "Anna"} → "Anna is typing". */
export function format(template, values) {
  return String(template).replace(/\{(\w+)\}/g, (match, key) =>
    key in values ? String(values[key]) : match,
  );
}

/** What members write is Polish: in another interface language ``element`` says so (WCAG
 * 3.1.2), as the server marks it ({% content_lang %}). */
export function markContent(element) {
  if (!document.documentElement.lang.startsWith("pl")) element.lang = "pl";
  return element;
}

/** ``format`` as nodes to append: each value named in ``content`` (what members wrote) in a
 * span of its own, marked Polish, as the server's ``|content_span`` marks it in a sentence. */
export function formatNodes(template, values, content = []) {
  const text = String(template);
  const nodes = [];
  let position = 0;
  for (const match of text.matchAll(/\{(\w+)\}/g)) {
    if (!(match[1] in values)) continue;
    const value = String(values[match[1]]);
    nodes.push(text.slice(position, match.index));
    if (content.includes(match[1])) {
      const span = document.createElement("span");
      span.textContent = value;
      nodes.push(markContent(span));
    } else {
      nodes.push(value);
    }
    position = match.index + match[0].length;
  }
  nodes.push(text.slice(position));
  return nodes.filter((node) => node !== "");
}

/** A notice's sentence (a ``notification`` frame's ``text``) as nodes to append: each of
 * its ``parts`` that members wrote (one with ``lang``) in a span marked Polish, the rest as
 * text. A frame without parts is its text. */
export function sentenceNodes(frame) {
  const parts = Array.isArray(frame.parts) ? frame.parts : [];
  if (parts.length === 0) return [String(frame.text)];
  return parts.map((part) => {
    if (!part.lang) return String(part.text);
    const span = document.createElement("span");
    span.textContent = String(part.text);
    return markContent(span);
  });
}

/** Every data-i18n-* attribute of ``element`` as {camelCaseKey: text}. */
export function strings(element) {
  const result = {};
  for (const [key, value] of Object.entries(element ? element.dataset : {})) {
    if (key.startsWith("i18n")) result[key[4].toLowerCase() + key.slice(5)] = value;
  }
  return result;
}

// Close to Django's urlize: web addresses and e-mail addresses become links.
const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi;
const TRAILING = /[.,:;!?'")\]]+$/;

function linkTarget(text) {
  if (/^https?:\/\//i.test(text)) return text;
  if (/^www\./i.test(text)) return `http://${text}`;
  return `mailto:${text}`;
}

function appendLine(parent, line) {
  let position = 0;
  for (const match of line.matchAll(LINK)) {
    let text = match[0];
    const trailing = text.match(TRAILING);
    if (trailing) text = text.slice(0, -trailing[0].length);
    if (!text) continue;
    parent.append(document.createTextNode(line.slice(position, match.index)));
    const link = document.createElement("a");
    link.href = linkTarget(text);
    link.rel = "nofollow noopener";
    link.textContent = text;
    parent.append(link);
    position = match.index + text.length;
  }
  parent.append(document.createTextNode(line.slice(position)));
}

/** Replace ``element``'s content with ``body``: line breaks kept, addresses clickable. */
export function renderBody(element, body) {
  element.replaceChildren();
  String(body)
    .split(/\r\n|\r|\n/)
    .forEach((line, index) => {
      if (index) element.append(document.createElement("br"));
      appendLine(element, line);
    });
}

/** At most ``limit`` characters, for announcements and notifications. */
export function excerpt(text, limit = 160) {
  const flat = String(text).replace(/\s+/g, " ").trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}

// Letters that Unicode does not decompose into a base letter and a mark.
const FOLDED = { ł: "l", đ: "d", ø: "o", ß: "ss", æ: "ae", œ: "oe" };

/** Lower case without diacritics, so "Łódź" and "lodz" compare equal (as the server folds). */
export function fold(text) {
  return String(text)
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[łđøßæœ]/g, (letter) => FOLDED[letter]);
}
