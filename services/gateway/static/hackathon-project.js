// The team's project page on the phone: title, summary, problem, solution, up to five links and the
// consent to publish it as open data. Every member may edit it until the submission deadline (and
// while the phase takes edits); the line under the form always says whether the text on screen is
// saved. The server's refusal (problem+json) is shown in the page's language; once editing has
// ended the fields stay readable, nothing typed is thrown away.

import { ApiError, participantApi } from "./api.js";
import { busy, clearErrors, field, isBusy, showError, showFieldErrors } from "./hackathon-form.js";
import { projectFields } from "./hackathon-project-fields.js";
import { changed } from "./hackathon-ui.js";
import { lang, t } from "./i18n.js";
import { el, notice, translated } from "./ui.js";

const $ = (id) => document.getElementById(id);

/** `ctx`: {hackathon(), team(), editable() → null or the key of why not, onSaved(team)}. */
export function createProject(ctx) {
  const panel = $("hk-project");
  const parts = projectFields(field);
  const state = el("p", { id: "hk-save-state", class: "hk-save-state", role: "status" });
  const error = el("div", { id: "hk-save-error", class: "notice error", role: "alert", tabindex: "-1" });
  const save = translated("button", "hackathon.project.save", { type: "submit", id: "hk-save", class: "btn block" });
  const form = el("form", { id: "hk-project-form", novalidate: true }, parts.node, error, save, state);
  panel.append(
    translated("h3", "hackathon.project.h", { id: "hk-project-h", tabindex: "-1" }),
    translated("p", "hackathon.project.intro", { class: "muted" }),
    form,
  );

  let dirty = false;
  let shownFor = null; // the team id whose project the fields hold
  let status = { key: "hackathon.project.state.new" }; // what the line under the form says
  let locked = null; // {key, server?}: why nothing can be saved any more
  let failure = null; // {err, marked}: why the last saving failed, kept for a language switch

  function drawState() {
    state.dataset.state = locked ? "locked" : dirty ? "dirty" : status.state || "saved";
    state.textContent = locked
      ? t(locked.key)
      : dirty
        ? t("hackathon.project.state.dirty")
        : t(status.key, status.vars);
    parts.setReadOnly(Boolean(locked));
    save.hidden = Boolean(locked);
    const text = failure?.marked
      ? t("hackathon.project.fix")
      : failure
        ? failure.err.localized || String(failure.err)
        : "";
    if (error.textContent !== text) notice(error, text);
  }

  function draw() {
    const team = ctx.team();
    panel.hidden = !team;
    if (!team) return;
    // Filled anew for another team, or with news while nothing typed here waits to be saved.
    const news = changed(form, [team.id, team.project || null]);
    if (shownFor !== team.id || (news && !dirty)) {
      parts.fill(team.project || {});
      shownFor = team.id;
      const when = team.project?.updated_at;
      status = team.project
        ? when
          ? { key: "hackathon.project.state.savedAt", vars: { time: timeText(when) } }
          : { key: "hackathon.project.state.saved" }
        : { key: "hackathon.project.state.new", state: "new" };
    }
    const why = ctx.editable();
    if (why && !locked?.server) locked = { key: why };
    if (!why && locked && !locked.server) locked = null;
    parts.drawCounters();
    drawState();
  }

  form.addEventListener("input", () => {
    if (locked) return;
    dirty = true;
    failure = null;
    parts.drawCounters();
    drawState();
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (locked || isBusy(save)) return;
    clearErrors(form);
    failure = null;
    const { body, invalid } = parts.read();
    for (const [control, key] of invalid) showError(control, t(key));
    if (invalid.length) {
      invalid[0][0].focus();
      return;
    }
    busy(save, true);
    status = { key: "hackathon.project.state.saving", state: "saving" };
    dirty = false;
    drawState();
    try {
      const team = await participantApi(`/api/hackathons/teams/${encodeURIComponent(ctx.team().id)}/project`, {
        method: "PUT",
        body,
      });
      status = { key: "hackathon.project.state.savedAt", vars: { time: timeText(new Date().toISOString()) } };
      dirty = false;
      ctx.onSaved(team);
    } catch (err) {
      dirty = true;
      status = { key: "hackathon.project.state.dirty" };
      if (err instanceof ApiError && ["deadline-passed", "not-a-member"].includes(err.code))
        locked = { key: "hackathon.project.state.refused", server: true };
      const marked = showFieldErrors(form, err);
      failure = { err, marked: Boolean(marked) };
      drawState();
      (marked || (locked ? error : save)).focus();
    } finally {
      busy(save, false);
      drawState();
    }
  });

  window.addEventListener("beforeunload", (event) => {
    if (dirty && !locked) event.preventDefault();
  });

  return { draw, isDirty: () => dirty };
}

function timeText(iso) {
  return new Intl.DateTimeFormat(lang() === "de" ? "de-DE" : "en-GB", { hour: "2-digit", minute: "2-digit" }).format(
    new Date(iso),
  );
}
