// The jury's page, /jury, for a jury account (staff.js's sign-in, role jury): the hackathons where
// it is a juror (GET /api/hackathons, then each one's assignments; 403: not a juror there), the
// progress, and each submitted project with the scoring form (jury-scoring.js). Blind: the API
// gives only this juror's own scores, and the page shows nothing else.

import { ApiError } from "./api.js";
import { phaseName } from "./hackathon-ui.js";
import { mountHeader } from "./header.js";
import { applyTranslations, onLanguageChange, t } from "./i18n.js";
import { drawList, drawProgress, nextOpen, progressOf, projectNodes } from "./jury-projects.js";
import { createScoring } from "./jury-scoring.js";
import { mountStaffSignIn } from "./staff.js";
import { announce, el, notice } from "./ui.js";

const $ = (id) => document.getElementById(id);

let staff = null;
let mine = []; // [{hackathon, progress}] where this account is a juror
let work = null; // the open hackathon's assignments: {hackathon, items, progress}
let shown = null; // the team id of the project shown
let done = false; // every project scored: the notice says so

const fail = (err) => {
  if (!(err instanceof ApiError && err.status === 401)) notice($("page-error"), err.localized || String(err));
};
const path = (id) => `/api/hackathons/${encodeURIComponent(id)}`;
const judging = () => work?.hackathon.phase === "judging";

const scoring = createScoring({
  async save(item, body) {
    const answer = await staff.call(`/api/hackathons/projects/${encodeURIComponent(item.team_id)}/scores`, {
      method: "PUT",
      body,
    });
    Object.assign(item, { mine: { scores: answer.scores, note: answer.note }, conflict: false });
    announce(t("jury.saved", { title: item.project?.title || item.team }));
    goOn(item);
  },
  async conflict(item, on) {
    const answer = await staff.call(`/api/hackathons/projects/${encodeURIComponent(item.team_id)}/conflict`, {
      method: "PUT",
      body: { conflict: on },
    });
    Object.assign(item, { conflict: answer.conflict, mine: null });
    if (on) goOn(item);
    else show(item, { focus: true });
  },
});

/** After a project is done: the next one not yet scored, or the notice that all are. */
function goOn(item) {
  const next = nextOpen(work.items, item.team_id);
  done = !next;
  if (next) show(next, { focus: true });
  else {
    draw();
    $("jury-done").focus();
  }
}

function drawPick() {
  $("jury-pick-loading").hidden = true;
  // One hackathon, open: its heading says it all, the choice would only take room.
  $("jury-pick").hidden = mine.length === 1 && work?.hackathon.id === mine[0].hackathon.id;
  $("jury-pick-none").hidden = mine.length > 0;
  $("jury-hackathons").replaceChildren(
    ...mine.map(({ hackathon, progress }) =>
      el(
        "li",
        {},
        el(
          "button",
          {
            type: "button",
            class: "jury-pick",
            "aria-current": hackathon.id === work?.hackathon.id ? "true" : null,
            onclick: () => open(hackathon.id),
          },
          el("strong", { text: hackathon.title }),
          el("span", { class: "badge", dataset: { phase: hackathon.phase }, text: phaseName(hackathon.phase) }),
          el("span", { class: "muted", text: t("jury.progress", { done: progress.done, n: progress.total }) }),
        ),
      ),
    ),
  );
}

function draw() {
  drawPick();
  if (!work) return;
  const h = work.hackathon;
  $("jury-title").textContent = h.title;
  $("jury-phase").dataset.phase = h.phase;
  $("jury-phase").textContent = phaseName(h.phase);
  $("jury-phase-note").textContent = judging() ? "" : t(`jury.phaseNote.${h.phase}`);
  drawProgress(work.items);
  notice($("jury-done"), done && work.items.length ? t("jury.allDone") : "");
  drawList(work.items, shown, (item) => show(item, { focus: true }));
  const item = work.items.find((i) => i.team_id === shown);
  $("jury-project").hidden = !item;
  if (item) scoring.draw(item, h.rubric || [], { open: judging() });
}

function show(item, { focus = false } = {}) {
  shown = item.team_id;
  $("jury-project").replaceChildren(
    el("div", { class: "jury-project-text" }, projectNodes(item)),
    el("div", { class: "jury-project-score" }, scoring.nodes),
  );
  draw();
  if (focus && !scoring.focus()) $("jury-project-title").focus();
}

/** Open a hackathon's projects; `focus`: "title" (picked by hand) or "scoring" (opened by itself). */
async function open(id, { focus = "title" } = {}) {
  try {
    work = await staff.call(`${path(id)}/assignments`);
    history.replaceState(null, "", `/jury?hackathon=${encodeURIComponent(id)}`);
    const entry = mine.find((m) => m.hackathon.id === id);
    if (entry) entry.progress = progressOf(work.items);
    $("jury-work").hidden = false;
    done = false;
    const first = work.items.find((i) => !i.mine && !i.conflict) || work.items[0];
    if (first) show(first, { focus: focus === "scoring" });
    else {
      shown = null;
      draw();
    }
    if (focus === "title" || !first) $("jury-title").focus();
  } catch (err) {
    fail(err);
  }
}

async function start(session, { fresh }) {
  $("view-jury").hidden = false;
  if (fresh) announce(t("staff.welcome", { name: session.username }));
  try {
    const { items } = await staff.call("/api/hackathons");
    const asked = await Promise.all(
      items.map((hackathon) =>
        staff.call(`${path(hackathon.id)}/assignments`).then(
          (answer) => ({ hackathon, progress: progressOf(answer.items) }),
          (err) => (err instanceof ApiError && err.status === 403 ? null : Promise.reject(err)),
        ),
      ),
    );
    mine = asked.filter(Boolean);
    drawPick();
    const wanted = new URLSearchParams(location.search).get("hackathon");
    const pick = mine.find((m) => m.hackathon.id === wanted) || (mine.length === 1 ? mine[0] : null);
    if (pick) await open(pick.hackathon.id, { focus: "scoring" });
  } catch (err) {
    fail(err);
  }
}

function stop() {
  work = null;
  mine = [];
  shown = null;
  $("view-jury").hidden = true;
  $("jury-work").hidden = true;
  $("jury-pick-loading").hidden = false;
  $("jury-hackathons").replaceChildren();
  notice($("page-error"), "");
}

mountHeader();
applyTranslations();
onLanguageChange(draw);
staff = mountStaffSignIn({ onSignedIn: start, onSignedOut: stop, roles: ["jury"], intro: "jury.intro" });
