// The leaderboard of a hackathon as a table (rank, team, project, score; ties marked in words, not
// only by the equal rank) and the audience award beside it. The phone page, the staff console's
// preview and the lab's screen draw it with these; each page's stylesheet gives it its look.

import { formatNumber, t } from "./i18n.js";
import { methodText, scoreText } from "./hackathon-ui.js";
import { el } from "./ui.js";

/** A team's or project's name, whether the API sends a string or an object with one. */
export function nameOf(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  return value.title || value.name || "";
}

function rankCell(row) {
  if (row.rank === null || row.rank === undefined) {
    return el("td", { class: "hk-rank" }, "–", el("span", { class: "hk-note", text: t("hackathon.board.unscored") }));
  }
  return el(
    "td",
    { class: "hk-rank" },
    el("strong", { text: formatNumber(row.rank) }),
    row.tied ? el("span", { class: "hk-tied", text: t("hackathon.board.tied") }) : null,
  );
}

const COLUMNS = {
  challenge: ["hackathon.board.challenge", (row) => nameOf(row.challenge)],
  raw: [
    "hackathon.board.raw",
    (row) => (row.raw_mean === null || row.raw_mean === undefined ? "–" : formatMean(row.raw_mean)),
  ],
  jurors: ["hackathon.board.jurors", (row) => formatNumber(row.jurors ?? 0)],
};

function formatMean(value) {
  return scoreText(value).replace(/^\+/, "");
}

function projectName(row) {
  return nameOf(row.project) || t("hackathon.board.noProject");
}

/**
 * The ranking as a <table>; `extra` names further columns ("challenge", "raw", "jurors") for the
 * staff's preview; `stacked` puts the project under the team (a phone's narrow screen). An empty
 * ranking gives a short sentence instead.
 */
export function leaderboardTable(board, { extra = [], stacked = false } = {}) {
  const ranking = board?.ranking || [];
  if (!ranking.length) return el("p", { class: "muted hk-board-empty", text: t("hackathon.board.empty") });
  const head = [
    ["rank", "hackathon.board.rank"],
    ["team", stacked ? "hackathon.board.teamProject" : "hackathon.board.team"],
    ...(stacked ? [] : [["project", "hackathon.board.project"]]),
    ...extra.map((name) => [name, COLUMNS[name][0]]),
    ["score", "hackathon.board.score"],
  ];
  return el(
    "table",
    {
      class: `hk-board${stacked ? " hk-board--stacked" : ""}`,
      "aria-label": t("chart.board"),
      "data-i18n-attr": "aria-label:chart.board",
    },
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        head.map(([name, key]) => el("th", { scope: "col", class: `hk-col-${name}`, text: t(key) })),
      ),
    ),
    el(
      "tbody",
      {},
      ranking.map((row) =>
        el(
          "tr",
          { dataset: { rank: row.rank ?? "", tied: row.tied ? "true" : "false" } },
          rankCell(row),
          el(
            "th",
            { scope: "row", class: "hk-team" },
            nameOf(row.team),
            stacked ? el("span", { class: "hk-project-line", text: projectName(row) }) : null,
          ),
          stacked ? null : el("td", { class: "hk-project", text: projectName(row) }),
          extra.map((name) => el("td", { class: `hk-${name}`, text: COLUMNS[name][1](row) })),
          el("td", { class: "hk-score", text: scoreText(row.score) }),
        ),
      ),
    ),
  );
}

/** The sentence that says how the scores were made fair. */
export function methodLine(board) {
  const text = board ? methodText(board) : "";
  return text ? el("p", { class: "hk-method", text }) : null;
}

/** The audience award: who won (ties share it), and the others below with their votes. */
export function audienceAward(audience, { top = 5 } = {}) {
  const ranking = (audience?.ranking || []).filter((row) => (row.votes ?? 0) > 0);
  const box = el("div", { class: "hk-audience" });
  if (!audience) return box;
  const voters = audience.voters ?? 0;
  box.append(el("p", { class: "hk-audience-voters", text: t("hackathon.audience.voters", { n: voters }) }));
  if (!ranking.length) {
    box.append(el("p", { class: "muted", text: t("hackathon.audience.none") }));
    return box;
  }
  box.append(
    el(
      "ol",
      { class: "hk-audience-list" },
      ranking
        .slice(0, top)
        .map((row) =>
          el(
            "li",
            { class: row.rank === 1 ? "hk-winner" : null },
            el("span", { class: "hk-audience-rank", text: formatNumber(row.rank ?? 0) }),
            el(
              "span",
              { class: "hk-audience-names" },
              el("strong", { text: nameOf(row.team) }),
              el("span", { text: nameOf(row.project) }),
            ),
            el("span", { class: "hk-votes", text: t("hackathon.audience.votes", { n: row.votes ?? 0 }) }),
          ),
        ),
    ),
  );
  return box;
}
