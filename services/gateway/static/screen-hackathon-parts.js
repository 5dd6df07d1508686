// The parts of the hackathon's screen: the teams under their challenges (with how many members and
// whether their project is in), the side panel (how to join; during judging the audience vote's
// code and QR code; after the reveal the audience award) and the leaderboard.

import { audienceAward, leaderboardTable, methodLine } from "./hackathon-leaderboard.js";
import { changed, qrSrc } from "./hackathon-ui.js";
import { t } from "./i18n.js";
import { el } from "./ui.js";

const $ = (id) => document.getElementById(id);
const SHOWN_ROWS = 10;

/** The length of the longest word: Chromium on Linux has no German hyphenation, so a name with
 * a long compound gets a smaller size rather than a break after any letter. */
function longest(text) {
  return Math.max(
    0,
    ...String(text)
      .split(/\s+/)
      .map((word) => word.length),
  );
}

function teamRow(team) {
  return el(
    "li",
    { class: "hs-team", dataset: { submitted: String(Boolean(team.submitted)) } },
    el("span", { class: `hs-team-name${longest(team.name) > 16 ? " hs-long" : ""}`, text: team.name }),
    el(
      "span",
      { class: "hs-team-state" },
      t("hackathon.screen.members", { n: team.size ?? 0 }),
      " · ",
      el("strong", { text: t(team.submitted ? "hackathon.screen.submitted" : "hackathon.screen.working") }),
    ),
  );
}

/** The challenges as columns, each with its teams. */
export function drawTeams(state) {
  const list = $("hs-challenges");
  const teams = state.teams || [];
  const challenges = state.challenges || [];
  if (!changed(list, [challenges, teams])) return;
  list.dataset.columns = String(Math.min(4, Math.max(1, challenges.length)));
  list.dataset.density = teams.length > 24 ? "small" : teams.length <= 6 && challenges.length <= 2 ? "large" : "normal";
  list.replaceChildren(
    ...challenges.map((c) => {
      const mine = teams.filter((team) => team.challenge_id === c.id);
      return el(
        "li",
        { class: "hs-challenge" },
        el("h3", { class: `hs-challenge-title${longest(c.title) > 14 ? " hs-long" : ""}`, text: c.title }),
        mine.length
          ? el("ul", { class: "hs-team-list" }, mine.map(teamRow))
          : el("p", { class: "hs-none", text: t("hackathon.screen.noTeams") }),
      );
    }),
  );
}

function joinBox(qrPath, url, lines) {
  return el(
    "div",
    { class: "hs-join" },
    el(
      "div",
      { class: "qr-box" },
      el("img", { src: qrSrc(qrPath), width: 300, height: 300, alt: t("hackathon.screen.qrAlt", { url }) }),
    ),
    ...lines,
  );
}

/** The side panel for the state's phase; hidden when it has nothing to say. */
export function drawSide(state, publicUrl) {
  const h = state.hackathon;
  const host = publicUrl.replace(/^https?:\/\//, "").replace(/\/$/, "");
  const audience = state.audience;
  let heading = null;
  let body = null;
  if (h.phase === "registration" || h.phase === "hacking") {
    const path = `/hackathon/${encodeURIComponent(h.id)}`;
    heading = t("hackathon.screen.join.h");
    body = joinBox(path, `${publicUrl}${path}`, [
      el("p", { class: "join-text", text: t("hackathon.screen.join") }),
      el("p", { class: "join-url" }, el("strong", { text: `${host}${path}` })),
    ]);
  } else if (h.phase === "judging" && audience?.join_code && audience.status !== "closed") {
    const path = `/join?code=${encodeURIComponent(audience.join_code)}`;
    heading = t("hackathon.screen.vote.h");
    body = joinBox(path, `${publicUrl}${path}`, [
      el("p", { class: "join-text", text: t("hackathon.screen.vote") }),
      el("p", { class: "join-url" }, el("strong", { text: `${host}/join` })),
      el(
        "p",
        { class: "hs-code" },
        `${t("hackathon.screen.code")} `,
        el("strong", { id: "hs-code", text: audience.join_code }),
      ),
    ]);
  } else if (h.phase === "results" && state.results?.audience) {
    heading = t("hackathon.audience.h");
    body = audienceAward(state.results.audience, { top: 5 });
  }
  $("hs-side").hidden = !heading;
  if (!heading || !changed($("hs-side"), [heading, body.textContent, h.phase, audience])) return;
  $("hs-side-h").textContent = heading;
  $("hs-side-body").replaceChildren(body);
}

/** The leaderboard (the first ten rows, ties marked) with the method sentence. */
export function drawResults(results) {
  const board = $("hs-board");
  if (!changed(board, results)) return;
  const rows = results.ranking || [];
  const shown = { ...results, ranking: rows.slice(0, SHOWN_ROWS) };
  board.replaceChildren(
    leaderboardTable(shown),
    rows.length > SHOWN_ROWS
      ? el("p", { class: "hs-more", text: t("hackathon.screen.more", { n: rows.length - SHOWN_ROWS }) })
      : "",
    methodLine(results) || "",
  );
}

export function countsText(state) {
  const counts = state.counts || {};
  const teams = counts.teams ?? (state.teams || []).length;
  const submitted = counts.submitted ?? (state.teams || []).filter((team) => team.submitted).length;
  return `${t("hackathon.screen.teamCount", { n: teams })} · ${t("hackathon.screen.submittedCount", { n: submitted })}`;
}
