// The idea wall: newest published ideas with their field of action and support counts, live from
// the ideas:wall channel. Needs no interaction: it reconnects by itself and highlights new ideas.
// ?n=6 sets how many ideas are shown, ?lang=en the language.

import { ApiError, api } from "./api.js";
import { mountFooter } from "./footer.js";
import { configWhenReachable, liveClient } from "./screen-live.js";
import { applyTranslations, fieldLabel, formatNumber, statusLabel, t } from "./i18n.js";

const CHANNEL = "ideas:wall";
const WALL_STATUSES = new Set(["published", "in_review", "implemented"]);
const NEW_FOR_MS = 90_000;
const params = new URLSearchParams(location.search);
const VISIBLE = Math.min(30, Math.max(1, Number.parseInt(params.get("n"), 10) || 6));

const list = document.getElementById("wall-list");
const empty = document.getElementById("wall-empty");
const totalEl = document.getElementById("wall-total");
const fieldsEl = document.getElementById("wall-fields");
const qr = document.getElementById("wall-qr");
const urlEl = document.getElementById("wall-url");

let fields = [];
let known = null; // ids seen so far; null until the first state is drawn
const cards = new Map(); // id → {li, refs, supports}
const newUntil = new Map(); // id → time until which it is highlighted
let lastState = null;
let gotLive = false;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function fieldIndex(field) {
  const i = fields.indexOf(field);
  return i >= 0 ? String(i % 3) : "x";
}

function makeCard() {
  const li = el("li", "wall-card");
  const field = el("p", "wall-field");
  const title = el("h3");
  const body = el("p", "wall-body");
  const stats = el("ul", "wall-stats");
  const supports = el("li");
  const supportsN = el("strong");
  const supportsLabel = document.createTextNode("");
  supports.append(supportsN, " ", supportsLabel);
  const status = el("li", "wall-status");
  stats.append(supports, status);
  const badge = el("span", "new-badge");
  li.append(field, title, body, stats);
  return {
    li,
    badge,
    refs: { field, title, body, supportsN, supportsLabel, status },
    supports: null,
  };
}

function updateCard(card, idea) {
  const r = card.refs;
  card.li.dataset.ideaId = idea.id;
  card.li.dataset.fieldIndex = fieldIndex(idea.field);
  r.field.textContent = fieldLabel(idea.field);
  r.title.textContent = idea.title;
  r.body.textContent = idea.body || "";
  r.body.hidden = !idea.body;
  if (card.supports !== null && card.supports !== idea.supports) {
    r.supportsN.classList.remove("bump");
    void r.supportsN.offsetWidth; // restart the animation
    r.supportsN.classList.add("bump");
  }
  card.supports = idea.supports;
  r.supportsN.textContent = formatNumber(idea.supports);
  r.supportsLabel.textContent = t("wall.supports", { n: idea.supports });
  r.status.textContent = idea.status === "published" ? "" : statusLabel(idea.status);
  r.status.dataset.status = idea.status;
  r.status.hidden = !r.status.textContent;
  const isNew = (newUntil.get(idea.id) || 0) > Date.now();
  card.li.classList.toggle("is-new", isNew);
  card.badge.textContent = t("wall.new");
  if (isNew && !card.badge.isConnected) card.li.prepend(card.badge);
  if (!isNew) card.badge.remove();
}

function draw(state) {
  lastState = state;
  const ideas = (state.ideas || []).filter((i) => WALL_STATUSES.has(i.status || "published"));
  if (known !== null) {
    for (const idea of ideas) {
      if (!known.has(idea.id)) newUntil.set(idea.id, Date.now() + NEW_FOR_MS);
    }
  }
  known = new Set([...(known || []), ...ideas.map((i) => i.id)]);

  const shown = ideas.slice(0, VISIBLE);
  const wanted = [];
  for (const idea of shown) {
    let card = cards.get(idea.id);
    if (!card) {
      card = makeCard();
      cards.set(idea.id, card);
    }
    updateCard(card, idea);
    wanted.push(card.li);
  }
  const ids = new Set(shown.map((i) => i.id));
  for (const [id, card] of cards) {
    if (!ids.has(id)) {
      card.li.remove();
      cards.delete(id);
    }
  }
  // Move only what is out of place, so running highlight animations are not restarted.
  wanted.forEach((li, i) => {
    if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
  });

  empty.hidden = shown.length > 0;
  empty.textContent = t("wall.empty");
  drawTotal(state.total ?? ideas.length);
  drawFields(state.by_field || {});
}

function drawTotal(total) {
  const [before, after] = t("wall.total", { n: total }).split("<n>");
  const strong = el("strong", null, formatNumber(total));
  totalEl.replaceChildren(before || "", strong, after || "");
  totalEl.hidden = false;
}

function drawFields(byField) {
  const names = fields.length ? fields : Object.keys(byField);
  const max = Math.max(1, ...names.map((f) => byField[f] || 0));
  fieldsEl.replaceChildren(
    ...names.map((f) => {
      const n = byField[f] || 0;
      const li = el("li");
      li.dataset.fieldIndex = fieldIndex(f);
      const bar = el("span", "bar");
      bar.setAttribute("aria-hidden", "true");
      const fill = el("span");
      fill.style.width = `${Math.round((n / max) * 100)}%`;
      bar.append(fill);
      li.append(el("span", null, fieldLabel(f)), el("strong", null, formatNumber(n)), bar);
      return li;
    }),
  );
}

// Highlights end by themselves.
setInterval(() => {
  const now = Date.now();
  let expired = false;
  for (const [id, until] of newUntil) {
    if (until <= now) {
      newUntil.delete(id);
      expired = true;
    }
  }
  if (expired && lastState) draw(lastState);
}, 5_000);


/** While the live connection is down, the HTTP API keeps the wall from going stale. */
async function fallback(live) {
  if (gotLive && live.status === "open") return;
  try {
    const query = (extra) => api(`/api/ideas?sort=new&${new URLSearchParams(extra)}`);
    const [newest, ...perField] = await Promise.all([
      query({ page_size: 30 }),
      ...fields.map((f) => query({ field: f, page_size: 1 })),
    ]);
    if (gotLive && live.status === "open") return;
    const byField = Object.fromEntries(fields.map((f, i) => [f, perField[i].total]));
    draw({ ideas: newest.items, total: newest.total, by_field: byField });
  } catch (err) {
    if (!(err instanceof ApiError)) console.error(err);
  }
}

async function start() {
  mountFooter({ compact: true }); // the legal links, small in a corner
  applyTranslations();
  const config = await configWhenReachable();
  fields = config.fields_of_action || [];
  const shortUrl = (config.public_url || location.origin).replace(/^https?:\/\//, "").replace(/\/$/, "");
  urlEl.textContent = shortUrl;
  qr.alt = t("wall.qr.alt", { url: shortUrl });

  const live = liveClient(config);
  live.subscribe(CHANNEL, (data) => {
    gotLive = true;
    draw(data);
  });
  setTimeout(() => fallback(live), 4_000);
  setInterval(() => fallback(live), 30_000);
  // For tests and diagnostics only.
  window.oecherlabWall = { live };
}

start();
