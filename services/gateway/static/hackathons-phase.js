// The phase of the open hackathon: the four steps with the current one marked, and a button for
// each later step (a step may be skipped, none undone). Moving to results reveals the leaderboard
// and closes the audience vote, so it asks first.

import { PHASES, phaseName } from "./hackathon-ui.js";
import { t } from "./i18n.js";
import { el } from "./ui.js";

const $ = (id) => document.getElementById(id);

export function createPhase(ctx) {
  async function move(phase) {
    const h = ctx.hackathon();
    if (phase === "results" && !window.confirm(t("hackathon.c.phase.revealConfirm", { title: h.title }))) return;
    try {
      const next = await ctx.call(`/api/hackathons/${encodeURIComponent(h.id)}/phase`, {
        method: "POST",
        body: { phase },
      });
      ctx.ok(t("hackathon.c.phase.done", { phase: phaseName(next.phase) }));
      await ctx.reload();
    } catch (err) {
      ctx.fail(err);
    }
  }

  function draw() {
    const h = ctx.hackathon();
    if (!h) return;
    const at = PHASES.indexOf(h.phase);
    $("phase-steps").replaceChildren(
      ...PHASES.map((phase, i) =>
        el(
          "li",
          {
            class: "hk-step",
            dataset: { state: i < at ? "done" : i === at ? "current" : "later" },
            "aria-current": i === at ? "step" : null,
          },
          el("span", { class: "hk-step-n", text: String(i + 1) }),
          el("span", { text: phaseName(phase) }),
        ),
      ),
    );
    $("phase-actions").replaceChildren(
      ...PHASES.slice(at + 1).map((phase, i) =>
        el("button", {
          type: "button",
          class: `btn${i === 0 ? "" : " secondary"}${phase === "results" ? " hk-reveal" : ""}`,
          text: t(`hackathon.c.phase.to.${phase}`),
          onclick: () => move(phase),
        }),
      ),
    );
  }

  return { draw };
}
