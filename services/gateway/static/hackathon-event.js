// The hackathon itself on the phone page: target groups, title, description, phase, place, the
// submission deadline with a countdown (the clock ticks every second for the eye; screen readers
// get it in words, once a minute), and the challenges with their data sets.

import {
  OPEN_PHASES,
  changed,
  countdown,
  countdownText,
  countdownWords,
  groupChips,
  phaseName,
} from "./hackathon-ui.js";
import { formatDate, t } from "./i18n.js";
import { el } from "./ui.js";

const $ = (id) => document.getElementById(id);

export function drawEvent(hackathon) {
  $("hk-title").textContent = hackathon.title;
  document.title = `${hackathon.title} – ${t("hackathon.doctitle")}`;
  $("hk-groups").replaceChildren(...groupChips(hackathon.target_groups));
  $("hk-description").textContent = hackathon.description || "";
  $("hk-description").hidden = !hackathon.description;
  $("hk-phase").dataset.phase = hackathon.phase;
  $("hk-phase").textContent = phaseName(hackathon.phase);
  $("hk-place").textContent = hackathon.place || "";
  $("hk-place-row").hidden = !hackathon.place;
  $("hk-deadline").textContent = formatDate(hackathon.submission_deadline);
  const challenges = hackathon.challenges || [];
  if (!changed($("hk-challenges"), challenges)) return;
  $("hk-no-challenges").hidden = challenges.length > 0;
  $("hk-challenges").replaceChildren(
    ...challenges.map((c) =>
      el(
        "li",
        { class: "card" },
        el("h4", { class: "hk-challenge-title", text: c.title }),
        c.description ? el("p", { class: "prewrap", text: c.description }) : null,
        c.dataset_url
          ? el(
              "p",
              {},
              el(
                "a",
                { href: c.dataset_url, target: "_blank", rel: "noopener" },
                t("hackathon.challenges.dataset"),
                el("span", { class: "visually-hidden", text: `: ${c.title}` }),
              ),
            )
          : null,
      ),
    ),
  );
}

/** The countdown box; `tick()` once a second. `onOver()` is called when the deadline passes. */
export function createCountdown({ hackathon, onOver }) {
  let wasOver = null;
  return {
    tick() {
      const h = hackathon();
      if (!h) return;
      const left = countdown(h.submission_deadline);
      const open = OPEN_PHASES.includes(h.phase);
      const counting = open && !left.over;
      $("hk-countdown").hidden = !counting;
      $("hk-over").hidden = counting;
      $("hk-over").textContent = counting ? "" : t(open ? "hackathon.over.deadline" : `hackathon.over.${h.phase}`);
      if (wasOver === false && left.over) setTimeout(onOver);
      wasOver = left.over;
      if (!counting) return;
      $("hk-clock").textContent = countdownText(h.submission_deadline);
      // In words it changes once a minute (the language switch included).
      const words = countdownWords(h.submission_deadline);
      if ($("hk-clock-words").textContent !== words) $("hk-clock-words").textContent = words;
    },
  };
}
