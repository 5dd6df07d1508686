// The audience vote and the results of the open hackathon in the console: start the vote (a
// workshop session with one option per submitted project, made by the voting service) and show
// its join code, preview the leaderboard before the reveal, and download results.csv and
// scores.csv (fetched with the staff token, saved as files).

import { audienceAward, leaderboardTable, methodLine } from "./hackathon-leaderboard.js";
import { t } from "./i18n.js";
import { el, translated } from "./ui.js";

const $ = (id) => document.getElementById(id);

export function createResults(ctx) {
  let audience = null; // {session_id, poll_id, join_code}
  let board = null; // the previewed leaderboard

  const base = () => `/api/hackathons/${encodeURIComponent(ctx.hackathon().id)}`;

  function draw() {
    const h = ctx.hackathon();
    if (!h) return;
    audience = audience || (h.audience?.join_code ? h.audience : null);
    const canVote = h.phase === "judging" || h.phase === "results";
    $("audience-start").hidden = Boolean(audience) || !canVote;
    $("audience-box").replaceChildren(
      audience
        ? el(
            "p",
            { class: "hk-join-code" },
            `${t("hackathon.c.audience.code")} `,
            el("strong", { id: "audience-code", text: audience.join_code }),
            audience.session_id
              ? el("a", {
                  href: `/screen/session/${encodeURIComponent(audience.session_id)}`,
                  target: "_blank",
                  rel: "noopener",
                  text: t("hackathon.c.audience.screen"),
                })
              : null,
          )
        : el("p", { class: "muted", text: t(canVote ? "hackathon.c.audience.none" : "hackathon.c.audience.later") }),
    );
    $("board-box").replaceChildren(
      ...(board
        ? [
            translated("h4", h.phase === "results" ? "hackathon.results.h" : "hackathon.c.board.h"),
            leaderboardTable(board, { extra: ["challenge", "raw", "jurors"] }),
            methodLine(board) || "",
            board.audience ? el("h4", { text: t("hackathon.audience.h") }) : "",
            board.audience ? audienceAward(board.audience, { top: 10 }) : "",
          ]
        : []),
    );
  }

  async function start() {
    try {
      audience = await ctx.call(`${base()}/audience-vote`, { method: "POST" });
      ctx.ok(t("hackathon.c.audience.started", { code: audience.join_code }));
      draw();
    } catch (err) {
      ctx.fail(err);
    }
  }

  async function preview() {
    try {
      board = await ctx.call(`${base()}/leaderboard`);
      draw();
    } catch (err) {
      ctx.fail(err);
    }
  }

  async function download(file) {
    try {
      const blob = await ctx.call(`${base()}/${file}`, { blob: true, headers: { Accept: "text/csv" } });
      const name = `hackathon-${ctx.hackathon().id}-${file}`;
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

  $("audience-start").addEventListener("click", start);
  $("board-preview").addEventListener("click", preview);
  $("csv-results").addEventListener("click", () => download("results.csv"));
  $("csv-scores").addEventListener("click", () => download("scores.csv"));

  return {
    draw,
    /** Another hackathon was opened: forget what was shown of the last one. */
    reset() {
      audience = null;
      board = null;
    },
    /** The phase moved: a shown leaderboard is fetched again. */
    refresh: () => (board ? preview() : draw()),
  };
}
