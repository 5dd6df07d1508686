// Joining a team on the phone with its invite code: from the team's QR code or shared link
// (?invite=CODE, the team is named before joining) or typed in, with an optional display name.
// Needs the device's participant token (the proof of work, api.js); one team per phone.

import { participantApi } from "./api.js";
import { busy, clearErrors, field, isBusy, showError, showFieldErrors } from "./hackathon-form.js";
import { nameOf } from "./hackathon-leaderboard.js";
import { t } from "./i18n.js";
import { el, translated } from "./ui.js";

const clean = (raw) => raw.replace(/\s+/g, "").toUpperCase();

/** Fill the form #hk-join; `onTeam(team)` hears of the team joined. */
export function createJoinForm({ onTeam }) {
  const form = document.getElementById("hk-join");
  let invited = null; // {team_id, team, hackathon_id, code}: the team the invite code names

  const code = el("input", {
    id: "hk-code",
    name: "invite_code",
    type: "text",
    autocomplete: "off",
    autocapitalize: "characters",
    spellcheck: "false",
    maxlength: 20,
  });
  const myName = el("input", { id: "hk-my-name", name: "name", type: "text", autocomplete: "nickname", maxlength: 80 });
  const invitedLine = el("p", { id: "hk-invited", class: "hk-invited", hidden: true });
  const button = translated("button", "hackathon.join.send", { type: "submit", class: "btn block" });
  form.append(
    translated("h3", "hackathon.join.h", { id: "hk-join-h" }),
    invitedLine,
    field(code, "hackathon.join.code", { hint: "hackathon.join.codeHint" }),
    field(myName, "hackathon.join.name", { optional: true }),
    button,
  );
  form.setAttribute("aria-labelledby", "hk-join-h");

  function draw() {
    invitedLine.hidden = !invited;
    if (invited) invitedLine.textContent = t("hackathon.join.invited", { team: nameOf(invited.team) });
  }

  async function lookUp(value) {
    return participantApi(`/api/hackathons/invites/${encodeURIComponent(value)}`);
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (isBusy(button)) return;
    clearErrors(form);
    const value = clean(code.value);
    if (!value) {
      showError(code, t("hackathon.join.missing"));
      code.focus();
      return;
    }
    busy(button, true);
    try {
      const found = invited?.code === value ? invited : await lookUp(value);
      const body = { invite_code: value };
      if (myName.value.trim()) body.name = myName.value.trim();
      const path = `/api/hackathons/teams/${encodeURIComponent(found.team_id)}/join`;
      const team = await participantApi(path, { method: "POST", body });
      form.reset();
      onTeam(team, "joined");
    } catch (err) {
      const marked = showFieldErrors(form, err);
      if (!marked) showError(code, err.localized || String(err));
      (marked || code).focus();
    } finally {
      busy(button, false);
    }
  });

  return {
    draw,
    /** Name the team an invite code belongs to (the phone came by its QR code); null if none. */
    async invite(raw) {
      const value = clean(raw);
      code.value = value;
      try {
        invited = { ...(await lookUp(value)), code: value };
      } catch (err) {
        showError(code, err.localized || String(err));
        return null;
      }
      draw();
      myName.focus();
      return invited;
    },
  };
}
