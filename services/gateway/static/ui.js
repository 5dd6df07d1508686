// Small DOM helpers shared by the pages. Text always goes in as text nodes (never innerHTML), so
// nothing a citizen writes can become markup.

import { fieldLabel, statusLabel, t } from "./i18n.js";

/**
 * el("p", {class: "x", text: "hello", dataset: {a: 1}, onclick: fn, "aria-label": "..."}, ...children)
 * Children may be nodes, strings (as text) or null/false (skipped).
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2), value);
    } else if (value === true) node.setAttribute(key, "");
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** An element with the text of `key`, translated again on every language change (data-i18n). */
export function translated(tag, key, attrs = {}) {
  return el(tag, { ...attrs, "data-i18n": key, text: t(key) });
}

let fieldsOfAction = [];

export function setFieldsOfAction(fields) {
  fieldsOfAction = fields || [];
}

export function fieldChip(field) {
  const index = fieldsOfAction.indexOf(field);
  return el("span", {
    class: "chip",
    dataset: { fieldIndex: index >= 0 ? index % 3 : "x" },
    text: fieldLabel(field),
  });
}

export function statusBadge(status) {
  return el("span", { class: "badge", dataset: { status }, text: statusLabel(status) });
}

/** Say `message` to screen readers through the page's #announcer live region. */
export function announce(message) {
  const region = document.getElementById("announcer");
  if (!region) return;
  region.textContent = "";
  // A new text node in a later task is announced even when the text repeats.
  setTimeout(() => {
    region.textContent = message;
  }, 50);
}

/** Put `message` into a notice box (empty clears it). */
export function notice(node, message) {
  node.textContent = "";
  if (message) node.append(el("p", { text: message }));
}

export function excerpt(text, max = 160) {
  const clean = (text || "").replace(/\s+/g, " ").trim();
  return clean.length > max ? `${clean.slice(0, max - 1).trimEnd()}…` : clean;
}

export function countChars(text) {
  // Code points, as the server counts them (an emoji is one character, not two).
  return [...(text || "")].length;
}
