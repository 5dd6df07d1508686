// The staff console for hackathons, /hackathons, behind the staff sign-in (staff.js): list and
// create hackathons (hackathons-list.js), and for the open one its facts, links to the phone page
// and the screen, the phase (hackathons-phase.js), challenges and teams (hackathons-teams.js), the
// jury and its progress (hackathons-jury.js), the audience vote, the leaderboard's preview and the
// CSV files (hackathons-results.js).

import { groupChips, phaseName } from "./hackathon-ui.js";
import { createJury } from "./hackathons-jury.js";
import { createList } from "./hackathons-list.js";
import { createPhase } from "./hackathons-phase.js";
import { createResults } from "./hackathons-results.js";
import { createTeams } from "./hackathons-teams.js";
import { consoleMessages } from "./console-messages.js";
import { mountHeader } from "./header.js";
import { applyTranslations, formatDate, formatNumber, onLanguageChange, t } from "./i18n.js";
import { mountStaffSignIn } from "./staff.js";

const $ = (id) => document.getElementById(id);

let staff = null;
let session = null;
let current = null; // the open hackathon, with challenges and teams

const ctx = {
  call: (path, options) => staff.call(path, options),
  ok: consoleMessages.ok,
  fail: consoleMessages.fail,
  hackathon: () => current,
  session: () => session,
  reload: () => select(current.id, { keep: true }),
};
const list = createList(ctx, { onSelect: select });
const phase = createPhase(ctx);
const teams = createTeams(ctx);
const jury = createJury(ctx);
const results = createResults(ctx);

function drawHackathon() {
  if (!current) return;
  const h = current;
  $("h-hackathon").textContent = h.title;
  $("hackathon-phase").dataset.phase = h.phase;
  $("hackathon-phase").textContent = phaseName(h.phase);
  $("hackathon-groups").replaceChildren(...groupChips(h.target_groups));
  $("hackathon-deadline").textContent = formatDate(h.submission_deadline);
  $("hackathon-place").textContent = h.place || "";
  $("hackathon-place-row").hidden = !h.place;
  $("hackathon-size").textContent = formatNumber(h.max_team_size ?? 6);
  $("hackathon-rubric").textContent = (h.rubric || [])
    .map((c) => (Number(c.weight) === 1 ? c.name : `${c.name} (×${formatNumber(Number(c.weight))})`))
    .join(", ");
  $("hackathon-description").textContent = h.description || "";
  $("hackathon-description").hidden = !h.description;
  $("link-phone").href = `/hackathon/${encodeURIComponent(h.id)}`;
  $("link-screen").href = `/screen/hackathon/${encodeURIComponent(h.id)}`;
}

function draw() {
  list.draw();
  drawHackathon();
  phase.draw();
  teams.draw();
  jury.draw();
  results.draw();
}

/** Open one hackathon; `keep`: the same one again (after a change), so what was shown stays. */
async function select(id, { focus = false, keep = false } = {}) {
  try {
    const before = current?.phase;
    current = await ctx.call(`/api/hackathons/${encodeURIComponent(id)}`);
    history.replaceState(null, "", `/hackathons?hackathon=${encodeURIComponent(id)}`);
    $("hackathon-panel").hidden = false;
    if (!keep) results.reset();
    draw();
    jury.load({ forget: !keep });
    if (keep && before !== current.phase) {
      results.refresh();
      list.load().catch(() => {});
    }
    if (focus) $("h-hackathon").focus();
  } catch (err) {
    ctx.fail(err);
  }
}

async function startConsole(next, { fresh }) {
  session = next;
  $("view-console").hidden = false;
  if (fresh) ctx.ok(t("staff.welcome", { name: next.username }));
  try {
    await list.load();
    const wanted = new URLSearchParams(location.search).get("hackathon");
    if (wanted) await select(wanted);
  } catch (err) {
    ctx.fail(err);
  }
}

function stopConsole() {
  session = null;
  current = null;
  $("view-console").hidden = true;
  $("hackathon-panel").hidden = true;
  consoleMessages.clear();
}

mountHeader();
applyTranslations();
onLanguageChange(draw);
staff = mountStaffSignIn({ onSignedIn: startConsole, onSignedOut: stopConsole });
