// The console's live panel: the result of one poll (poll:<id>:moderator) before it is revealed,
// with word-cloud answers to approve.

import { t } from "./i18n.js";
import { el } from "./ui.js";
import { renderResults, votersText } from "./voting-chart.js";

const $ = (id) => document.getElementById(id);

let watched = null; // poll id on the live panel
let stopWatch = null;
let lastLive = null;
let deps = null; // {live() → the LiveClient, staffApi, fail}

/** Show the live result of `poll` ({id, question}) from now on. */
export function watch(poll) {
  if (!poll || poll.id === watched) return;
  stopWatch?.();
  watched = poll.id;
  lastLive = null;
  $("live-question").textContent = poll.question || "";
  $("live-voters").textContent = "";
  $("live-chart").textContent = "";
  stopWatch = deps.live().subscribe(`poll:${poll.id}:moderator`, (data) => {
    lastLive = data;
    drawLive();
  });
}

/** Forget the watched poll (the console signed out; a new sign-in starts afresh). */
export function unwatch() {
  stopWatch?.();
  stopWatch = null;
  watched = null;
  lastLive = null;
  for (const id of ["live-question", "live-voters", "live-chart"]) $(id).textContent = "";
}

export function drawLive() {
  if (!lastLive) return;
  $("live-voters").textContent = `${votersText(lastLive.voters)} · ${t(`v.status.${lastLive.status}`)}`;
  const onWord = (w) =>
    el("button", {
      type: "button",
      class: `btn small ${w.approved ? "secondary" : ""}`,
      text: w.approved ? t("v.c.reject") : t("v.c.approve"),
      "aria-label": `${w.approved ? t("v.c.reject") : t("v.c.approve")}: ${w.word}`,
      onclick: () => moderateWord(w),
    });
  renderResults($("live-chart"), lastLive, lastLive.type === "wordcloud" ? { onWord } : {});
  if (lastLive.type === "wordcloud" && lastLive.pending) {
    // The words shown that wait for approval, approved in one go (a room of 60 sends many).
    const waiting = (lastLive.words || []).filter((w) => !w.approved).map((w) => w.word);
    const approveAll = waiting.length
      ? el("button", {
          type: "button",
          class: "btn small",
          id: "approve-all",
          text: t("v.c.approveAll", { n: waiting.length }),
          onclick: () => moderateWords(waiting, "approve"),
        })
      : null;
    $("live-chart").prepend(
      el("p", { class: "hint", text: t("v.c.pending", { n: lastLive.pending }) }),
      approveAll ? el("p", { class: "actions" }, approveAll) : "",
    );
  }
}

function moderateWord(w) {
  return moderateWords([w.word], w.approved ? "reject" : "approve");
}

async function moderateWords(words, verdict) {
  try {
    await deps.staffApi(`/api/voting/polls/${watched}/words/${verdict}`, { method: "POST", body: { words } });
  } catch (err) {
    deps.fail(err);
  }
}

export function mountLivePanel(options) {
  deps = options;
}
