// The phone's own team: its name, challenge and members, and while others may still join, the
// invite: the code, a QR code another phone scans (/qr.svg of /hackathon/<id>?invite=CODE) and a
// link to copy or share.

import { changed, invitePath, qrSrc } from "./hackathon-ui.js";
import { formatNumber, t } from "./i18n.js";
import { el, translated } from "./ui.js";

const $ = (id) => document.getElementById(id);

function inviteUrl(hackathon, team) {
  return team.invite_url || `${location.origin}${invitePath(hackathon.id, team.invite_code)}`;
}

async function copy(text, input) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard (an http page, a refused permission): the link is selected to copy by hand.
    input.focus();
    input.select();
    return false;
  }
}

function inviteBox(hackathon, team) {
  const url = inviteUrl(hackathon, team);
  const link = el("input", { id: "hk-invite-url", type: "text", readonly: true, value: url });
  const copied = el("p", { class: "hk-copied", role: "status" });
  const copyButton = translated("button", "hackathon.invite.copy", {
    type: "button",
    class: "btn secondary",
    onclick: async () => {
      copied.textContent = (await copy(url, link)) ? t("hackathon.invite.copied") : t("hackathon.invite.copyByHand");
    },
  });
  const shareButton =
    typeof navigator.share === "function"
      ? translated("button", "hackathon.invite.share", {
          type: "button",
          class: "btn secondary",
          onclick: () =>
            navigator
              .share({ title: hackathon.title, text: t("hackathon.invite.shareText", { team: team.name }), url })
              .catch(() => {}),
        })
      : null;
  return el(
    "div",
    { class: "hk-invite" },
    translated("h4", "hackathon.invite.h"),
    translated("p", "hackathon.invite.intro"),
    el(
      "p",
      { class: "hk-invite-code" },
      `${t("hackathon.invite.code")} `,
      el("strong", { id: "hk-invite-code", text: team.invite_code || "" }),
    ),
    el(
      "div",
      { class: "hk-qr" },
      el("img", {
        src: qrSrc(invitePath(hackathon.id, team.invite_code)),
        width: 220,
        height: 220,
        alt: t("hackathon.invite.qrAlt", { team: team.name }),
      }),
    ),
    el("div", { class: "field" }, translated("label", "hackathon.invite.link", { for: link.id }), link),
    el("div", { class: "actions" }, copyButton, shareButton),
    copied,
  );
}

/** Draw the team panel; `open`: others may still join (the phase takes teams). */
export function drawTeam(hackathon, team, { open }) {
  const panel = $("hk-team");
  panel.hidden = !team;
  if (!team || !changed(panel, [hackathon.challenges, hackathon.max_team_size, team, open])) return;
  const challenge = (hackathon.challenges || []).find((c) => c.id === team.challenge_id);
  const members = (team.members || []).map((m) => (typeof m === "string" ? m : m.name)).filter(Boolean);
  const parts = [
    el(
      "h3",
      { id: "hk-team-h" },
      `${t("hackathon.team.h")} `,
      el("span", { id: "hk-team-name-shown", text: team.name }),
    ),
    challenge ? el("p", {}, `${t("hackathon.team.challenge")} `, el("strong", { text: challenge.title })) : null,
    members.length ? el("p", {}, `${t("hackathon.team.members")} `, members.join(", ")) : null,
    hackathon.max_team_size
      ? el("p", { class: "muted", text: t("hackathon.team.size", { max: formatNumber(hackathon.max_team_size) }) })
      : null,
    open && team.invite_code ? inviteBox(hackathon, team) : null,
  ];
  panel.replaceChildren(...parts.filter(Boolean));
}
