// The staff console for exhibitions, /exhibitions, behind the staff sign-in (staff.js): list and
// create exhibitions, open and close them, their totals and live alerts (exhibition:<id>), the CSV
// export; exhibits with their summaries, print sheets and kiosks (exhibitions-exhibits.js); the
// comments waiting for moderation (exhibitions-comments.js).

import { ApiError, loadConfig } from "./api.js";
import { createAlerts } from "./exhibitions-alerts.js";
import { createComments } from "./exhibitions-comments.js";
import { createExhibits } from "./exhibitions-exhibits.js";
import { createList, statusText } from "./exhibitions-list.js";
import { meanText } from "./exhibitions-ui.js";
import { consoleMessages } from "./console-messages.js";
import { mountHeader } from "./header.js";
import { applyTranslations, formatNumber, onLanguageChange, t } from "./i18n.js";
import { LiveClient } from "./live.js";
import { mountStaffSignIn } from "./staff.js";
import { el, setFieldsOfAction } from "./ui.js";

const $ = (id) => document.getElementById(id);

let staff = null;
let live = null;
let current = null; // the open exhibition, with exhibits
let totals = null; // {count, mean} of the open exhibition
let stopLive = null;
let daysTimer = null;
// Live states carry no days: the summary with them is read again this long after the last one.
const DAYS_AFTER_MS = 2_000;

const ctx = {
  call: (path, options) => staff.call(path, options),
  ok: consoleMessages.ok,
  fail: consoleMessages.fail,
  exhibition: () => current,
};
const list = createList(ctx, { onSelect: select });
const exhibits = createExhibits(ctx);
const comments = createComments(ctx);
const alerts = createAlerts();

// ---- one exhibition -----------------------------------------------------------------------

function drawExhibition() {
  if (!current) return;
  $("h-exhibition").textContent = current.title;
  $("exhibition-status").dataset.status = current.status;
  $("exhibition-status").textContent = statusText(current.status);
  $("exhibition-text").textContent = current.description || "";
  $("exhibition-text").hidden = !current.description;
  $("exhibition-open").hidden = current.status === "open";
  $("exhibition-close").hidden = current.status !== "open";
  $("screen-link").href = `/screen/exhibition/${encodeURIComponent(current.id)}`;
  $("total-count").textContent = totals ? formatNumber(totals.count || 0) : "–";
  $("total-mean").textContent = totals?.count ? meanText(totals.mean, 2) : "–";
}

async function select(id, { focus = false } = {}) {
  try {
    const [exhibition, summary, open] = await Promise.all([
      ctx.call(`/api/exhibitions/${encodeURIComponent(id)}`),
      ctx.call(`/api/exhibitions/${encodeURIComponent(id)}/summary`),
      ctx.call(`/api/exhibitions/${encodeURIComponent(id)}/alerts`).catch(() => ({ items: [] })),
    ]);
    current = exhibition;
    totals = summary;
    history.replaceState(null, "", `/exhibitions?exhibition=${encodeURIComponent(id)}`);
    $("exhibition-panel").hidden = false;
    drawExhibition();
    list.draw();
    exhibits.set(exhibition.exhibits || [], summary);
    alerts.draw(open.items || []);
    follow(id);
    if (focus) $("h-exhibition").focus();
  } catch (err) {
    ctx.fail(err);
  }
}

/** Counts and distributions of the open exhibition, live from exhibition:<id>; its alerts from
 * exhibition:<id>:staff (staff only: the public screen's channel does not carry them). */
function follow(id) {
  stopLive?.();
  const stopAlerts = live?.subscribe(`exhibition:${id}:staff`, (state) => {
    if (current?.id === id) alerts.draw(state.alerts || []);
  });
  const stopCounts = live?.subscribe(`exhibition:${id}`, (state) => {
    if (current?.id !== id) return;
    totals = state;
    if (state.status && state.status !== current.status) {
      current = { ...current, status: state.status };
      list.load().catch(() => {});
    }
    drawExhibition();
    exhibits.live(state);
    comments.soon();
    clearTimeout(daysTimer);
    daysTimer = setTimeout(() => refreshDays(id), DAYS_AFTER_MS);
  });
  stopLive = () => {
    stopAlerts?.();
    stopCounts?.();
  };
}

async function refreshDays(id) {
  try {
    const summary = await ctx.call(`/api/exhibitions/${encodeURIComponent(id)}/summary`);
    if (current?.id === id) exhibits.live(summary);
  } catch (err) {
    if (!(err instanceof ApiError)) console.error(err);
  }
}

async function setStatus(action) {
  if (action === "close" && !window.confirm(t("x.c.closeConfirm"))) return;
  try {
    const path = `/api/exhibitions/${encodeURIComponent(current.id)}/${action}`;
    current = { ...current, ...(await ctx.call(path, { method: "POST" })) };
    ctx.ok(t(action === "open" ? "x.c.opened" : "x.c.closed", { title: current.title }));
    drawExhibition();
    await list.load();
  } catch (err) {
    ctx.fail(err);
  }
}

async function exportCsv() {
  try {
    const blob = await ctx.call(`/api/exhibitions/${encodeURIComponent(current.id)}/export.csv`, {
      blob: true,
      headers: { Accept: "text/csv" },
    });
    const name = `ausstellung-${current.id}-${new Date().toISOString().slice(0, 10)}.csv`;
    const url = URL.createObjectURL(blob);
    const link = el("a", { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    ctx.ok(t("m.export.ok", { name }));
  } catch (err) {
    ctx.fail(err);
  }
}

// ---- signing in and out -------------------------------------------------------------------

async function startConsole(session, { fresh }) {
  $("view-console").hidden = false;
  if (fresh) ctx.ok(t("staff.welcome", { name: session.username }));
  try {
    const config = await loadConfig();
    setFieldsOfAction(config.fields_of_action);
    exhibits.setFields(config.fields_of_action || []);
    live?.close();
    live = new LiveClient(config.ws_url, {
      token: staff.token(),
      onStatus: (s) => {
        $("live-status").textContent = s === "open" ? "" : t(`live.${s}`);
      },
    });
    await list.load();
    comments.load();
    const wanted = new URLSearchParams(location.search).get("exhibition");
    if (wanted) await select(wanted);
  } catch (err) {
    ctx.fail(err);
  }
}

function stopConsole() {
  clearTimeout(daysTimer);
  stopLive?.();
  live?.close();
  live = null;
  current = null;
  $("view-console").hidden = true;
  $("exhibition-panel").hidden = true;
  $("live-status").textContent = "";
  consoleMessages.clear();
}

function main() {
  mountHeader();
  applyTranslations();
  $("exhibition-open").addEventListener("click", () => setStatus("open"));
  $("exhibition-close").addEventListener("click", () => setStatus("close"));
  $("export-csv").addEventListener("click", exportCsv);
  onLanguageChange(() => {
    list.draw();
    drawExhibition();
    exhibits.draw();
    alerts.draw();
    comments.render();
  });
  staff = mountStaffSignIn({ onSignedIn: startConsole, onSignedOut: stopConsole });
}

main();
