// The open hackathon's challenges (with the form that adds one, optionally on an open data set) and
// its teams: challenge, size, whether the project is in.

import { busy, clearErrors, field, isBusy, showError, showFieldErrors } from "./hackathon-form.js";
import { formatNumber, t } from "./i18n.js";
import { el, translated } from "./ui.js";

const $ = (id) => document.getElementById(id);

export function createTeams(ctx) {
  const form = $("challenge-form");
  const title = el("input", { id: "challenge-title", name: "title", type: "text", required: true, maxlength: 200 });
  const description = el("textarea", { id: "challenge-description", name: "description", rows: 2, maxlength: 4000 });
  const dataset = el("input", {
    id: "challenge-dataset",
    name: "dataset_url",
    type: "url",
    maxlength: 500,
    placeholder: "https://",
  });
  const submit = translated("button", "hackathon.c.challenge.add", { type: "submit", class: "btn" });
  form.append(
    translated("h4", "hackathon.c.challenge.add", { id: "h-challenge-new" }),
    field(title, "hackathon.c.challenge.title"),
    field(description, "hackathon.c.new.description", { optional: true }),
    field(dataset, "hackathon.c.challenge.dataset", { optional: true, hint: "hackathon.c.challenge.datasetHint" }),
    submit,
  );

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (isBusy(submit)) return;
    clearErrors(form);
    const body = { title: title.value.trim() };
    if (!body.title) {
      showError(title, t("hackathon.c.new.missingTitle"));
      title.focus();
      return;
    }
    if (description.value.trim()) body.description = description.value.trim();
    if (dataset.value.trim()) body.dataset_url = dataset.value.trim();
    busy(submit, true);
    try {
      const made = await ctx.call(`/api/hackathons/${encodeURIComponent(ctx.hackathon().id)}/challenges`, {
        method: "POST",
        body,
      });
      form.reset();
      ctx.ok(t("hackathon.c.challenge.done", { title: made.title }));
      await ctx.reload();
      title.focus();
    } catch (err) {
      const marked = showFieldErrors(form, err);
      if (marked) marked.focus();
      else ctx.fail(err);
    } finally {
      busy(submit, false);
    }
  });

  function draw() {
    const h = ctx.hackathon();
    if (!h) return;
    const challenges = h.challenges || [];
    const titles = new Map(challenges.map((c) => [c.id, c.title]));
    $("challenge-list").replaceChildren(
      ...(challenges.length ? [] : [el("li", { class: "muted", text: t("hackathon.challenges.none") })]),
      ...challenges.map((c) =>
        el(
          "li",
          {},
          el("strong", { text: c.title }),
          c.description ? el("span", { class: "muted prewrap", text: c.description }) : null,
          c.dataset_url
            ? el("a", { href: c.dataset_url, target: "_blank", rel: "noopener", text: c.dataset_url })
            : null,
        ),
      ),
    );
    const teams = h.teams || [];
    $("teams-none").hidden = teams.length > 0;
    const table = $("team-table");
    table.hidden = !teams.length;
    const head = [
      "hackathon.board.team",
      "hackathon.board.challenge",
      "hackathon.c.teams.size",
      "hackathon.board.project",
    ];
    table.replaceChildren(
      el("caption", { class: "visually-hidden", text: t("hackathon.c.teams.caption", { n: teams.length }) }),
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          head.map((key) =>
            el("th", { scope: "col", class: key === "hackathon.c.teams.size" ? "hk-num" : null, text: t(key) }),
          ),
        ),
      ),
      el(
        "tbody",
        {},
        teams.map((team) =>
          el(
            "tr",
            {},
            el("th", { scope: "row", text: team.name }),
            el("td", { text: titles.get(team.challenge_id) || "" }),
            el("td", { class: "hk-num", text: formatNumber(team.size ?? 0) }),
            el("td", {
              text: team.submitted
                ? team.project?.title || t("hackathon.screen.submitted")
                : t("hackathon.c.teams.notYet"),
            }),
          ),
        ),
      ),
    );
  }

  return { draw };
}
