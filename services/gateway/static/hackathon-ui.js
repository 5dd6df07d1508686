// What every hackathon page shares: the phases and their names, target groups, the countdown to a
// deadline, a score as text, the problem text in the page's language, and the QR code that leads a
// phone into a team (the phone page, the staff console and the lab's screen use them alike).

import { lang, t } from "./i18n.js";
import { el } from "./ui.js";

export const PHASES = ["registration", "hacking", "judging", "results"];

/** Teams may be formed and projects edited in these phases (and before the deadline). */
export const OPEN_PHASES = ["registration", "hacking"];

export function phaseName(phase) {
  return t(`hackathon.phase.${phase}`);
}

/** A target group by its name: the known ones translated, any other one as written. */
export function groupName(group) {
  const key = `hackathon.group.${group}`;
  const text = t(key);
  return text === key ? group : text;
}

export function groupChips(groups, className = "chip") {
  return (groups || []).map((group) => el("span", { class: className, text: groupName(group) }));
}

/** {days, hours, minutes, seconds, over} from now until `iso`. */
export function countdown(iso, now = Date.now()) {
  const left = Math.max(0, Date.parse(iso) - now);
  const seconds = Math.floor(left / 1000);
  return {
    days: Math.floor(seconds / 86_400),
    hours: Math.floor((seconds % 86_400) / 3600),
    minutes: Math.floor((seconds % 3600) / 60),
    seconds: seconds % 60,
    over: !(left > 0),
  };
}

const two = (n) => String(n).padStart(2, "0");

/** The clock part of a countdown: "2 Tage 03:12:45" or "03:12:45". */
export function countdownText(iso, now = Date.now()) {
  const c = countdown(iso, now);
  const clock = `${two(c.hours)}:${two(c.minutes)}:${two(c.seconds)}`;
  return c.days ? `${t("hackathon.days", { n: c.days })} ${clock}` : clock;
}

/** The same, said in words for screen readers (read once a minute, not every second). */
export function countdownWords(iso, now = Date.now()) {
  const c = countdown(iso, now);
  return t("hackathon.left", { days: c.days, hours: c.hours, minutes: c.minutes });
}

/** A leaderboard score (a mean z-score) with its sign: "+0,87", "−1,20", "0,00". */
export function scoreText(score) {
  if (score === null || score === undefined) return "–";
  return new Intl.NumberFormat(lang() === "de" ? "de-DE" : "en-GB", {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    signDisplay: "exceptZero",
  }).format(score);
}

/** The method sentence of a leaderboard in the page's language. */
export function methodText(board) {
  return lang() === "de" ? board.method_de || board.method : board.method || board.method_de;
}

/** The phone page's address for joining a team with this invite code. */
export function invitePath(hackathonId, code) {
  return `/hackathon/${encodeURIComponent(hackathonId)}?invite=${encodeURIComponent(code)}`;
}

export function qrSrc(path) {
  return `/qr.svg?path=${encodeURIComponent(path)}`;
}

const drawn = new WeakMap();

/**
 * Whether `node` must be drawn again for `data` (in the current language): live states arrive
 * whenever any team moves, and drawing a part anew would take the focus from a button in it.
 */
export function changed(node, data) {
  const signature = JSON.stringify([lang(), data]);
  if (drawn.get(node) === signature) return false;
  drawn.set(node, signature);
  return true;
}
