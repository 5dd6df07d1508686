// The jury's projects: the list (each with this juror's own state: scored, conflict, open), the
// progress ("3 of 6 scored") and the project's page as the team wrote it.

import { formatNumber, t } from "./i18n.js";
import { el } from "./ui.js";

const $ = (id) => document.getElementById(id);

function stateOf(item) {
  if (item.conflict) return "conflict";
  return item.mine ? "scored" : "open";
}

/** {done, total} of the items: scored or skipped for a conflict counts as done. */
export function progressOf(items) {
  return { done: items.filter((i) => stateOf(i) !== "open").length, total: items.length };
}

export function drawProgress(items) {
  const { done, total } = progressOf(items);
  $("jury-progress-text").textContent = t("jury.progress", { done: formatNumber(done), n: total });
  $("jury-progress").max = Math.max(1, total);
  $("jury-progress").value = done;
}

/** The list; `current` is the team id shown, `onOpen(item)` opens one. */
export function drawList(items, current, onOpen) {
  $("jury-list-none").hidden = items.length > 0;
  $("jury-list").replaceChildren(
    ...items.map((item) => {
      const state = stateOf(item);
      const title = item.project?.title || "";
      return el(
        "li",
        { dataset: { state } },
        el(
          "button",
          {
            type: "button",
            class: "jury-item",
            "aria-current": item.team_id === current ? "true" : null,
            onclick: () => onOpen(item),
          },
          el("span", { class: "jury-item-title", text: title }),
          el("span", { class: "jury-item-team", text: item.team }),
          el("span", { class: "jury-state", dataset: { state }, text: t(`jury.state.${state}`) }),
        ),
      );
    }),
  );
}

function section(key, text) {
  if (!text) return null;
  return el("section", { class: "jury-text" }, el("h5", { text: t(key) }), el("p", { class: "prewrap", text }));
}

/** The project's page: title, team, challenge, summary, problem, solution, links. */
export function projectNodes(item) {
  const p = item.project || {};
  const links = (p.links || []).filter(Boolean);
  return [
    el(
      "p",
      { class: "jury-project-team" },
      el("strong", { text: item.team }),
      item.challenge ? ` · ${item.challenge}` : "",
    ),
    el("h3", { id: "jury-project-title", class: "jury-project-title", tabindex: "-1", text: p.title || "" }),
    el("p", { class: "jury-summary prewrap", text: p.summary || "" }),
    section("jury.problem", p.problem),
    section("jury.solution", p.solution),
    links.length
      ? el(
          "section",
          { class: "jury-text" },
          el("h5", { text: t("jury.links") }),
          el(
            "ul",
            {},
            links.map((url) =>
              el("li", {}, el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: url })),
            ),
          ),
        )
      : null,
  ].filter(Boolean);
}

/** The next item not yet scored after `current` (wrapping round), or null. */
export function nextOpen(items, current) {
  const start = items.findIndex((i) => i.team_id === current);
  for (let k = 1; k <= items.length; k++) {
    const item = items[(start + k) % items.length];
    if (stateOf(item) === "open") return item;
  }
  return null;
}
