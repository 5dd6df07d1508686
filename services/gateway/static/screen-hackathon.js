// The hackathon's screen, /screen/hackathon/<id>: the phase, a big countdown to the next deadline,
// the challenges with their teams and how many have submitted; during judging with an audience vote
// its join code and QR code; after the reveal the leaderboard and the audience award. Live from
// hackathon:<id>; while the live connection is down, the HTTP API every 30 s keeps it from going
// stale. No interaction: it reconnects by itself.

import { ApiError, api } from "./api.js";
import { mountFooter } from "./footer.js";
import { configWhenReachable, liveClient } from "./screen-live.js";
import { countdown, countdownText, groupName, phaseName } from "./hackathon-ui.js";
import { applyTranslations, formatDate, onLanguageChange, t } from "./i18n.js";
import { countsText, drawResults, drawSide, drawTeams } from "./screen-hackathon-parts.js";

const hackathonId = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
const $ = (id) => document.getElementById(id);

let state = null; // the hackathon:<id> state (or one made from the HTTP API)
let gotLive = false;
let publicUrl = location.origin;

function drawClock() {
  const deadline = state?.hackathon.next_deadline;
  const running = Boolean(deadline) && !countdown(deadline).over;
  $("hs-clock-box").hidden = !deadline;
  if (!deadline) return;
  $("hs-clock-label").textContent = running
    ? t("hackathon.screen.clock", { time: formatDate(deadline) })
    : t("hackathon.screen.clockOver");
  $("hs-clock").textContent = countdownText(deadline);
  $("hs-clock-box").dataset.over = String(!running);
}

function draw(next) {
  if (next) state = next;
  if (!state) return;
  const h = state.hackathon;
  $("hs-frame").dataset.phase = h.phase;
  $("hs-empty").hidden = true;
  $("hs-title").textContent = h.title;
  $("hs-meta").textContent = [(h.target_groups || []).map(groupName).join(" · "), h.place].filter(Boolean).join(" — ");
  $("hs-phase").textContent = phaseName(h.phase);
  drawClock();
  const results = h.phase === "results" && state.results;
  $("hs-counts").hidden = Boolean(results);
  $("hs-counts").textContent =
    h.phase === "judging" ? `${countsText(state)} · ${t("hackathon.screen.judging")}` : countsText(state);
  $("hs-teams").hidden = Boolean(results);
  $("hs-results").hidden = !results;
  if (results) drawResults(results);
  else drawTeams(state);
  drawSide(state, publicUrl);
}

/** The channel's shape from the HTTP API (and the leaderboard once it is public). */
async function fromApi() {
  const h = await api(`/api/hackathons/${encodeURIComponent(hackathonId)}`);
  const teams = h.teams || [];
  const open = h.phase === "registration" || h.phase === "hacking";
  const results =
    h.phase === "results" ? await api(`/api/hackathons/${encodeURIComponent(hackathonId)}/leaderboard`) : null;
  return {
    hackathon: { ...h, next_deadline: open ? h.submission_deadline : null },
    challenges: h.challenges || [],
    teams,
    counts: { teams: teams.length, submitted: teams.filter((team) => team.submitted).length },
    audience: h.audience,
    results,
  };
}

async function fallback(live) {
  if (gotLive && live.status === "open") return;
  try {
    const made = await fromApi();
    if (gotLive && live.status === "open") return;
    draw(made);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && !state)
      $("hs-empty").textContent = t("hackathon.screen.unknown");
    else if (!(err instanceof ApiError)) console.error(err);
  }
}


async function start() {
  mountFooter({ compact: true }); // the legal links, small in a corner
  applyTranslations();
  onLanguageChange(() => draw());
  const config = await configWhenReachable();
  publicUrl = (config.public_url || location.origin).replace(/\/$/, "");
  const live = liveClient(config);
  live.subscribe(`hackathon:${hackathonId}`, (data) => {
    gotLive = true;
    draw(data);
  });
  fallback(live); // the first picture at once, even before the hub answers
  setInterval(() => fallback(live), 30_000);
  setInterval(drawClock, 1000);
  window.oecherlabHackathonScreen = { live }; // for tests and diagnostics only
}

start();
