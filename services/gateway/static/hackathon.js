// A hackathon on the phone, /hackathon/<id> (also ?invite=CODE from a team's QR code): what it is
// about, for whom and where, its phase and the time left until the submission deadline, the
// challenges; founding or joining a team (hackathon-team.js), the team with its invite
// (hackathon-invite.js) and its project page (hackathon-project.js); the results once revealed.
// Phase changes arrive live (hackathon:<id>), so a page left open follows them.

import { ApiError, api, loadConfig, participantApi } from "./api.js";
import { createCountdown, drawEvent } from "./hackathon-event.js";
import { drawTeam } from "./hackathon-invite.js";
import { audienceAward, leaderboardTable, methodLine } from "./hackathon-leaderboard.js";
import { createProject } from "./hackathon-project.js";
import { createJoinForm } from "./hackathon-join.js";
import { createTeamForm } from "./hackathon-team.js";
import { OPEN_PHASES, changed, countdown, invitePath } from "./hackathon-ui.js";
import { mountHeader } from "./header.js";
import { applyTranslations, onLanguageChange, t } from "./i18n.js";
import { LiveClient } from "./live.js";
import { notice } from "./ui.js";

const hackathonId = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
const inviteCode = new URLSearchParams(location.search).get("invite");
const $ = (id) => document.getElementById(id);

let hackathon = null; // with challenges and teams
let team = null; // the member view of this phone's team
let results = null; // {ranking, method, method_de, audience} once revealed
let teamKnown = false; // the phone asked for its team (it costs a proof of work the first time)
let welcome = null; // "created" | "joined": the notice after getting into a team

const teamsOpen = () => OPEN_PHASES.includes(hackathon.phase);

/** null while the project may be edited, else the key of the reason why not. */
function notEditable() {
  if (!teamsOpen()) return `hackathon.project.closed.${hackathon.phase}`;
  if (countdown(hackathon.submission_deadline).over) return "hackathon.project.closed.deadline";
  return null;
}

function onTeam(next, how) {
  team = next;
  welcome = how;
  draw();
  $("hk-notice").focus();
}

const founding = createTeamForm({ hackathon: () => hackathon, onTeam });
const joining = createJoinForm({ onTeam });
const clock = createCountdown({ hackathon: () => hackathon, onOver: () => draw() });
const project = createProject({
  team: () => team,
  editable: notEditable,
  onSaved(next) {
    team = { ...team, ...next };
    drawTeam(hackathon, team, { open: teamsOpen() });
  },
});

function drawResults() {
  const shown = hackathon.phase === "results" && results;
  $("hk-results").hidden = !shown;
  if (!shown) return;
  if (!changed($("hk-board"), results)) return;
  $("hk-board").replaceChildren(leaderboardTable(results, { stacked: true }), methodLine(results) || "");
  $("hk-audience").replaceChildren(audienceAward(results.audience));
  $("hk-audience").previousElementSibling.hidden = !results.audience;
}

function draw() {
  if (!hackathon) return;
  drawEvent(hackathon);
  clock.tick();
  drawResults();
  const hello = welcome && team ? t(`hackathon.welcome.${welcome}`, { team: team.name }) : "";
  if ($("hk-notice").textContent !== hello) notice($("hk-notice"), hello);
  drawTeam(hackathon, team, { open: teamsOpen() });
  project.draw();
  $("hk-start").hidden = !teamKnown || Boolean(team) || !teamsOpen();
  founding.draw();
  joining.draw();
}

/** A live state of hackathon:<id>: its phase, deadline and challenges, and the results. */
function onLive(state) {
  const before = hackathon.phase;
  const known = new Map((hackathon.challenges || []).map((c) => [c.id, c]));
  hackathon = {
    ...hackathon,
    ...state.hackathon,
    challenges: (state.challenges || []).map((c) => ({ ...known.get(c.id), ...c })),
  };
  if (state.results) results = state.results;
  draw();
  if (before !== hackathon.phase && hackathon.phase === "results" && !results) loadResults();
}

async function loadResults() {
  try {
    results = await api(`/api/hackathons/${encodeURIComponent(hackathonId)}/leaderboard`);
    draw();
  } catch (err) {
    if (!(err instanceof ApiError)) console.error(err);
  }
}

async function loadTeam() {
  try {
    team = await participantApi(`/api/hackathons/${encodeURIComponent(hackathonId)}/my-team`);
  } catch (err) {
    team = null; // 404: in no team yet
    if (!(err instanceof ApiError && err.status === 404)) notice($("page-error"), err.localized || String(err));
  }
}

async function follow() {
  try {
    const config = await loadConfig();
    const live = new LiveClient(config.ws_url);
    live.subscribe(`hackathon:${hackathonId}`, onLive);
    window.oecherlabHackathon = { live }; // for tests and diagnostics only
  } catch {
    // Without the live channel the page shows what it loaded; a reload brings the news.
  }
}

async function start() {
  mountHeader();
  applyTranslations();
  onLanguageChange(draw);
  try {
    hackathon = await api(`/api/hackathons/${encodeURIComponent(hackathonId)}`);
  } catch (err) {
    $("hk-loading").hidden = true;
    if (err instanceof ApiError && (err.status === 404 || err.status === 422)) {
      $("hk-missing").hidden = false;
      $("hk-missing-h").focus();
    } else notice($("page-error"), err.localized || String(err));
    return;
  }
  $("hk-loading").hidden = true;
  $("hk-event").hidden = false;
  draw();
  await loadTeam();
  teamKnown = true;
  if (hackathon.phase === "results") await loadResults();
  draw();
  if (inviteCode && !team && teamsOpen()) {
    const found = await joining.invite(inviteCode);
    if (found?.hackathon_id && found.hackathon_id !== hackathonId)
      location.replace(invitePath(found.hackathon_id, inviteCode));
  }
  setInterval(clock.tick, 1000);
  follow();
}

start();
