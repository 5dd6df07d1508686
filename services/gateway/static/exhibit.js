// An exhibit on the phone, /exhibit/<code> (the QR code beside it leads here): its title, field of
// action and description, a rating of one to five smileys with an optional comment
// (exhibit-form.js), and the rating this phone gave before, which it may change. A closed or not
// yet opened exhibition and an unknown code each get a clear message instead of the form.

import { ApiError, api, loadConfig, participantApi } from "./api.js";
import { createForm } from "./exhibit-form.js";
import { ratingName, smiley } from "./exhibitions-ui.js";
import { mountHeader } from "./header.js";
import { applyTranslations, onLanguageChange, t } from "./i18n.js";
import { el, fieldChip, notice, setFieldsOfAction } from "./ui.js";

const code = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
const $ = (id) => document.getElementById(id);

let exhibit = null; // with exhibition: {id, title, status}
let mine = null; // {rating, comment_status}: this phone's rating, when it gave one
let thanks = null; // {replaced, commented}: what the last sending answered
let stateKey = null; // why no form is shown

const form = createForm({
  onSent(receipt, { rating, commented }) {
    mine = { rating, comment_status: receipt.comment_status ?? (commented ? "submitted" : mine?.comment_status) };
    thanks = { replaced: Boolean(receipt.replaced), commented };
    form.hide();
    draw();
    $("x-thanks").focus();
  },
  onNotOpen() {
    reload();
  },
});

function drawExhibit() {
  $("x-exhibition").textContent = exhibit.exhibition?.title || "";
  $("x-title").textContent = exhibit.title;
  $("x-field").replaceChildren(exhibit.field ? fieldChip(exhibit.field) : "");
  $("x-description").textContent = exhibit.description || "";
  $("x-description").hidden = !exhibit.description;
  document.title = `${exhibit.title} – ${t("x.phone.doctitle")}`;
}

function drawThanks() {
  const box = $("x-thanks");
  box.hidden = !thanks;
  if (!thanks) return;
  box.replaceChildren(
    el(
      "div",
      {},
      el("p", { class: "x-thanks-big", text: t("x.thanks") }),
      thanks.replaced ? el("p", { text: t("x.thanks.replaced") }) : null,
      thanks.commented ? el("p", { text: t("x.thanks.comment") }) : null,
    ),
  );
}

function drawMine() {
  const panel = $("x-mine");
  panel.hidden = !mine || !$("x-form").hidden;
  if (!mine) return;
  $("x-mine-rating").replaceChildren(smiley(mine.rating, "smiley x-face"), ratingName(mine.rating));
  const status = mine.comment_status;
  $("x-mine-comment").textContent = status ? t(`x.mine.comment.${status}`) : "";
  $("x-change").hidden = Boolean(stateKey);
}

function draw() {
  if (!exhibit) return;
  drawExhibit();
  notice($("x-state"), stateKey ? t(stateKey) : "");
  drawThanks();
  drawMine();
  form.draw();
}

/** Which message replaces the form, by the exhibition's status (null: open for ratings). */
function stateOf(status) {
  if (status === "open") return null;
  return status === "draft" ? "x.notOpenYet" : "x.closed";
}

async function loadMine() {
  try {
    mine = await participantApi(`/api/exhibitions/exhibits/${encodeURIComponent(exhibit.id)}/feedback/mine`);
  } catch (err) {
    mine = null; // 404: not rated yet; anything else: the form is offered all the same
    if (!(err instanceof ApiError)) console.error(err);
  }
}

async function load() {
  exhibit = await api(`/api/exhibitions/exhibits/code/${encodeURIComponent(code)}`);
  stateKey = stateOf(exhibit.exhibition?.status);
  if (!stateKey) await loadMine();
}

async function reload() {
  try {
    await load();
  } catch (err) {
    notice($("page-error"), err.localized || String(err));
  }
  form.hide();
  if (!stateKey && !mine) form.show(exhibit.id);
  draw();
}

async function start() {
  mountHeader();
  applyTranslations();
  onLanguageChange(draw);
  loadConfig()
    .then((config) => {
      setFieldsOfAction(config.fields_of_action);
      draw();
    })
    .catch(() => {});
  $("x-change").addEventListener("click", () => {
    thanks = null;
    form.show(exhibit.id, mine?.rating ?? null, { focus: true });
    draw();
  });
  try {
    await load();
  } catch (err) {
    $("x-loading").hidden = true;
    if (err instanceof ApiError && (err.status === 404 || err.status === 422)) {
      $("x-missing").hidden = false;
      document.title = `${t("x.phone.unknown.title")} – OecherLab`;
      $("x-missing-h").focus();
    } else {
      notice($("page-error"), err.localized || String(err));
    }
    return;
  }
  $("x-loading").hidden = true;
  $("x-exhibit").hidden = false;
  if (!stateKey && !mine) form.show(exhibit.id);
  draw();
}

start();
