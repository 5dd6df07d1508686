// Founding a team on the phone: its name, its challenge and, optionally, the members' display names
// (joining one with its invite code: hackathon-join.js). Needs the device's participant token (the
// proof of work, api.js); one team per phone.

import { ApiError, participantApi } from "./api.js";
import { busy, clearErrors, field, isBusy, showError, showFieldErrors } from "./hackathon-form.js";
import { changed } from "./hackathon-ui.js";
import { t } from "./i18n.js";
import { el, translated } from "./ui.js";

const $ = (id) => document.getElementById(id);

/** Fill the form #hk-create; `ctx`: {hackathon(), onTeam(team, how)}. */
export function createTeamForm(ctx) {
  const create = $("hk-create");
  const teamName = el("input", { id: "hk-team-name", name: "name", type: "text", required: true, maxlength: 80 });
  const choices = el("div", { class: "hk-choices" });
  const challengeError = el("span", { id: "hk-challenge-error", class: "error-text", "aria-live": "polite" });
  const members = el("textarea", { id: "hk-members", name: "members", rows: 3, maxlength: 800 });
  const createButton = translated("button", "hackathon.create.send", { type: "submit", class: "btn block" });
  create.append(
    translated("h3", "hackathon.create.h", { id: "hk-create-h" }),
    field(teamName, "hackathon.create.name"),
    el(
      "fieldset",
      { "aria-describedby": challengeError.id, "data-field": "challenge_id" },
      translated("legend", "hackathon.create.challenge"),
      choices,
      challengeError,
    ),
    field(members, "hackathon.create.members", { optional: true, hint: "hackathon.create.membersHint" }),
    createButton,
  );
  create.setAttribute("aria-labelledby", "hk-create-h");

  function drawChoices() {
    const challenges = ctx.hackathon()?.challenges || [];
    const shown = challenges.map((c) => [c.id, c.title]);
    if (!changed(choices, shown)) return;
    const chosen = choices.querySelector("input:checked")?.value;
    choices.replaceChildren(
      ...(challenges.length ? [] : [el("p", { class: "muted", text: t("hackathon.challenges.none") })]),
      ...challenges.map((c, i) =>
        el(
          "div",
          { class: "hk-choice" },
          el("input", {
            type: "radio",
            name: "challenge_id",
            id: `hk-ch-${i}`,
            value: c.id,
            checked: c.id === chosen || challenges.length === 1,
          }),
          el("label", { for: `hk-ch-${i}`, text: c.title }),
        ),
      ),
    );
  }

  create.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (isBusy(createButton)) return;
    clearErrors(create);
    const name = teamName.value.trim();
    const challenge = choices.querySelector("input:checked");
    if (!name) showError(teamName, t("hackathon.create.missingName"));
    if (!challenge) challengeError.textContent = t("hackathon.create.missingChallenge");
    if (!name || !challenge) {
      (name ? choices.querySelector("input") || teamName : teamName).focus();
      return;
    }
    const body = { name, challenge_id: challenge.value };
    const names = members.value
      .split("\n")
      .map((s) => s.trim())
      .filter(Boolean)
      .slice(0, 12);
    if (names.length) body.members = names;
    busy(createButton, true);
    try {
      const hackathonId = ctx.hackathon().id;
      const team = await participantApi(`/api/hackathons/${encodeURIComponent(hackathonId)}/teams`, {
        method: "POST",
        body,
      });
      create.reset();
      ctx.onTeam(team, "created");
    } catch (err) {
      const marked = showFieldErrors(create, err);
      if (err instanceof ApiError && err.fieldErrors.challenge_id)
        challengeError.textContent = err.fieldErrors.challenge_id;
      if (marked) marked.focus();
      else if (!(err instanceof ApiError && err.fieldErrors.challenge_id))
        showError(teamName, err.localized || String(err));
    } finally {
      busy(createButton, false);
    }
  });

  return { draw: drawChoices };
}
