// The exhibition's screen, /screen/exhibition/<id>: every exhibit as a card with its mean score,
// count, distribution and a QR code to rate it on the phone; the newest published comments. Live
// from exhibition:<id>; while the live connection is down, the HTTP summary every 30 s keeps it
// from going stale. No interaction: it reconnects by itself. More than 12 exhibits take turns.

import { ApiError, api } from "./api.js";
import { mountFooter } from "./footer.js";
import { configWhenReachable, liveClient } from "./screen-live.js";
import { meanText } from "./exhibitions-ui.js";
import { applyTranslations, formatNumber, onLanguageChange, t } from "./i18n.js";
import { makeCard, setFields, updateCard } from "./screen-exhibition-card.js";
import { el } from "./ui.js";

const exhibitionId = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
const PER_PAGE = 12;
const PAGE_MS = 20_000;
// [at most this many cards, columns, rows]: the cards fill the space and stay large.
const GRIDS = [
  [1, 1, 1],
  [2, 2, 1],
  [3, 3, 1],
  [4, 2, 2],
  [6, 3, 2],
  [8, 4, 2],
  [9, 3, 3],
];
const $ = (id) => document.getElementById(id);

let state = null; // the exhibition:<id> state (or one made from the HTTP summary)
let gotLive = false;
let page = 0;
const cards = new Map(); // exhibit id → its card

function layout(n) {
  const [cols, rows] = GRIDS.find(([most]) => n <= most)?.slice(1) ?? [4, 3];
  const list = $("xs-list");
  list.style.setProperty("--cols", cols);
  list.style.setProperty("--rows", rows);
  list.dataset.rows = String(rows);
  list.dataset.density = n <= 2 ? "large" : n <= 6 ? "normal" : "small";
}

function drawCards() {
  const exhibits = state.exhibits || [];
  const pages = Math.max(1, Math.ceil(exhibits.length / PER_PAGE));
  page %= pages;
  const shown = exhibits.slice(page * PER_PAGE, (page + 1) * PER_PAGE);
  layout(shown.length);
  const wanted = shown.map((exhibit) => {
    const id = exhibit.exhibit_id || exhibit.id;
    let card = cards.get(id);
    if (!card) {
      card = makeCard();
      cards.set(id, card);
    }
    updateCard(card, exhibit);
    return card.li;
  });
  // Move only what is out of place, so running animations (a count's highlight) go on.
  const list = $("xs-list");
  wanted.forEach((li, i) => {
    if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
  });
  while (list.children.length > wanted.length) list.lastElementChild.remove();
  $("xs-empty").hidden = exhibits.length > 0;
  $("xs-empty").textContent = t("x.screen.empty");
  $("xs-page").hidden = pages < 2;
  $("xs-page").textContent = t("x.screen.page", { page: page + 1, pages });
}

function drawHead() {
  $("xs-title").textContent = state.title || "";
  const total = $("xs-total");
  total.hidden = false;
  if (state.status && state.status !== "open") {
    total.dataset.status = state.status;
    total.textContent = t(state.status === "draft" ? "x.notOpenYet" : "x.closed");
    return;
  }
  delete total.dataset.status;
  const count = state.count || 0;
  total.replaceChildren(
    el("strong", { text: formatNumber(count) }),
    ` ${t("x.screen.ratings", { n: count })}`,
    count
      ? el("span", {}, ` · ${t("x.screen.mean")} `, el("strong", { text: meanText(state.mean) }))
      : "",
  );
}

function drawComments() {
  const comments = (state.comments || []).slice(0, 8);
  $("xs-no-comments").hidden = comments.length > 0;
  $("xs-comments").replaceChildren(
    ...comments.map((c) =>
      el(
        "li",
        {},
        el("p", { class: "xs-comment-body", text: c.body }),
        el("p", { class: "xs-comment-on", text: c.exhibit_title || "" }),
      ),
    ),
  );
}

function draw(next) {
  if (next) state = next;
  if (!state) return;
  drawHead();
  drawCards();
  drawComments();
}

/** The channel's shape from the HTTP summary: the newest published comments of all exhibits. */
function fromSummary(summary) {
  const comments = (summary.exhibits || [])
    .flatMap((e) => (e.comments || []).map((c) => ({ ...c, exhibit_id: e.exhibit_id, exhibit_title: e.title })))
    .sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)))
    .slice(0, 8);
  return { ...summary, comments };
}

async function fallback(live) {
  if (gotLive && live.status === "open") return;
  try {
    const summary = await api(`/api/exhibitions/${encodeURIComponent(exhibitionId)}/summary`);
    if (gotLive && live.status === "open") return;
    draw(fromSummary(summary));
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && !state) $("xs-empty").textContent = t("x.screen.unknown");
    else if (!(err instanceof ApiError)) console.error(err);
  }
}


async function start() {
  mountFooter({ compact: true }); // the legal links, small in a corner
  applyTranslations();
  onLanguageChange(() => draw());
  const config = await configWhenReachable();
  setFields(config.fields_of_action || []);
  const live = liveClient(config);
  live.subscribe(`exhibition:${exhibitionId}`, (data) => {
    gotLive = true;
    draw(data);
  });
  fallback(live); // the first picture at once, even before the hub answers
  setInterval(() => fallback(live), 30_000);
  setInterval(() => {
    if ((state?.exhibits?.length || 0) > PER_PAGE) {
      page += 1;
      draw();
    }
  }, PAGE_MS);
  window.oecherlabExhibitionScreen = { live }; // for tests and diagnostics only
}

start();
