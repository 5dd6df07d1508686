// The console's list of hackathons (newest first) with their phase, and the form that creates one:
// title, target groups, description, place, submission deadline, team size and the rubric.

import { ApiError } from "./api.js";
import { busy, clearErrors, field, isBusy, showError, showFieldErrors } from "./hackathon-form.js";
import { groupName, phaseName } from "./hackathon-ui.js";
import { createRubric } from "./hackathons-rubric.js";
import { t } from "./i18n.js";
import { el, translated } from "./ui.js";

const $ = (id) => document.getElementById(id);
// The target groups offered as boxes to tick; others may be written in.
const GROUPS = ["students", "pupils", "seniors", "families", "professionals"];

export function createList(ctx, { onSelect }) {
  const list = $("hackathon-list");
  const form = $("hackathon-form");
  let items = [];

  const title = el("input", { id: "hk-new-title", name: "title", type: "text", required: true, maxlength: 200 });
  const boxes = GROUPS.map((g) => el("input", { type: "checkbox", id: `hk-new-group-${g}`, value: g }));
  const others = el("input", { id: "hk-new-others", name: "target_groups", type: "text", maxlength: 400 });
  const description = el("textarea", { id: "hk-new-description", name: "description", rows: 3, maxlength: 4000 });
  const place = el("input", { id: "hk-new-place", name: "place", type: "text", maxlength: 200 });
  const deadline = el("input", {
    id: "hk-new-deadline",
    name: "submission_deadline",
    type: "datetime-local",
    required: true,
  });
  const size = el("input", {
    id: "hk-new-size",
    name: "max_team_size",
    type: "number",
    min: 1,
    max: 12,
    step: 1,
    value: 6,
  });
  const rubric = createRubric();
  const submit = translated("button", "hackathon.c.new.create", { type: "submit", class: "btn" });
  const groupLabels = GROUPS.map((g, i) =>
    el("label", { for: boxes[i].id, class: "hk-check" }, boxes[i], el("span", { dataset: { group: g } })),
  );
  form.append(
    field(title, "hackathon.c.new.title"),
    el(
      "fieldset",
      { class: "hk-groups-set" },
      translated("legend", "hackathon.c.new.groups"),
      el("div", { class: "hk-checks" }, groupLabels),
    ),
    field(others, "hackathon.c.new.others", { optional: true, hint: "hackathon.c.new.othersHint" }),
    field(description, "hackathon.c.new.description", { optional: true }),
    field(place, "hackathon.place", { optional: true }),
    field(deadline, "hackathon.c.new.deadline", { hint: "hackathon.c.new.deadlineHint" }),
    field(size, "hackathon.c.teamSize"),
    rubric.node,
    submit,
  );
  rubric.reset();

  function drawLabels() {
    for (const span of form.querySelectorAll("span[data-group]")) span.textContent = groupName(span.dataset.group);
    rubric.draw();
  }

  function draw() {
    const current = ctx.hackathon();
    drawLabels();
    list.replaceChildren(
      ...(items.length ? [] : [el("li", { class: "muted", text: t("hackathon.c.list.none") })]),
      ...items.map((h) =>
        el(
          "li",
          { class: "hk-list-item", "aria-current": h.id === current?.id ? "true" : null },
          el("strong", { text: h.title }),
          el("span", { class: "badge", dataset: { phase: h.phase }, text: phaseName(h.phase) }),
          el(
            "button",
            { type: "button", class: "btn small secondary", onclick: () => onSelect(h.id, { focus: true }) },
            t("hackathon.c.show"),
            el("span", { class: "visually-hidden", text: `: ${h.title}` }),
          ),
        ),
      ),
    );
  }

  async function load() {
    items = (await ctx.call("/api/hackathons")).items || [];
    draw();
  }

  function read() {
    const groups = [
      ...boxes.filter((b) => b.checked).map((b) => b.value),
      ...others.value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ];
    const body = { title: title.value.trim(), target_groups: groups };
    if (description.value.trim()) body.description = description.value.trim();
    if (place.value.trim()) body.place = place.value.trim();
    const when = deadline.value ? new Date(deadline.value) : null;
    if (when && !Number.isNaN(when.getTime())) body.submission_deadline = when.toISOString();
    if (size.value) body.max_team_size = Number(size.value);
    return body;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (isBusy(submit)) return;
    clearErrors(form);
    const body = read();
    const { rubric: rows, invalid } = rubric.read();
    body.rubric = rows;
    if (!body.title) showError(title, t("hackathon.c.new.missingTitle"));
    if (!body.submission_deadline) showError(deadline, t("hackathon.c.new.missingDeadline"));
    const first = !body.title ? title : !body.submission_deadline ? deadline : invalid;
    if (first) {
      first.focus();
      return;
    }
    busy(submit, true);
    try {
      const made = await ctx.call("/api/hackathons", { method: "POST", body });
      form.reset();
      rubric.reset();
      $("hackathon-new").open = false;
      ctx.ok(t("hackathon.c.new.done", { title: made.title }));
      await load();
      await onSelect(made.id, { focus: true });
    } catch (err) {
      const marked = showFieldErrors(form, err);
      const rubricError =
        err instanceof ApiError && (err.fieldErrors.rubric || (err.code === "bad-rubric" && err.localized));
      if (rubricError) rubric.showError(rubricError);
      if (marked) marked.focus();
      else if (!rubricError) ctx.fail(err);
    } finally {
      busy(submit, false);
    }
  });

  return { load, draw };
}
