// The workshop screen /screen/session/<id>: the session's current poll live from session:<id>,
// with the join code and QR code while it is open, the number of voters from poll:<id>, and the
// result as big bars or a word cloud once it is visible. Needs no login; reconnects by itself.

import { ApiError, api, loadConfig } from "./api.js";
import { mountFooter } from "./footer.js";
import { applyTranslations, formatNumber, onLanguageChange, t } from "./i18n.js";
import { liveClient, showLiveStatus } from "./screen-live.js";
import { renderResults, votersText } from "./voting-chart.js";

const sessionId = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
const $ = (id) => document.getElementById(id);

let live = null;
let session = null;
let result = null;
let pollChannel = null;
let stopPoll = null;

function draw() {
  if (!session) return;
  const poll = session.poll;
  $("s-title").textContent = session.title;
  $("s-code").textContent = session.join_code;
  $("s-url").textContent = session.join_url.replace(/^https?:\/\//, "").replace(/\?.*$/, "");
  const qr = $("s-qr");
  const src = `/api/voting/sessions/${encodeURIComponent(session.id)}/qr.svg`;
  if (qr.getAttribute("src") !== src) qr.src = src;
  qr.alt = t("v.screen.qrAlt", { url: session.join_url });

  const question = $("s-question");
  question.removeAttribute("data-i18n");
  const current = result && poll && result.poll_id === poll.id && result.round === poll.round ? result : null;
  if (!poll) {
    question.textContent = t("v.screen.none");
    $("s-note").textContent = "";
    $("s-voters").textContent = "";
    $("s-chart").textContent = "";
    $("frame").dataset.mode = "wait";
    return;
  }
  question.textContent = poll.question;
  const visible = current?.counts_shown;
  // The join code and QR stay while voting is open; a shown result takes the whole screen.
  $("frame").dataset.mode = poll.status === "open" || !visible ? "open" : "result";
  $("s-voters").textContent = current && visible ? votersText(current.voters) : "";
  let note = "";
  if (poll.status === "draft") note = t("v.waitNext");
  else if (poll.status === "open" && !visible) note = t("v.screen.wait");
  else if (poll.status === "closed" && !visible) note = t("v.hidden");
  $("s-note").textContent = note;
  if (visible) renderResults($("s-chart"), current);
  else bigCount(current && poll.status !== "draft" ? current.voters : null);
}

/** While the result is hidden: how many have voted, as large as the screen allows. */
function bigCount(n) {
  const chart = $("s-chart");
  chart.textContent = "";
  if (n === null) return;
  const big = document.createElement("p");
  big.className = "s-big-count";
  const number = document.createElement("strong");
  number.textContent = formatNumber(n);
  big.append(number, " ", t("v.screen.votes", { n }));
  chart.append(big);
}

function follow(poll) {
  const channel = poll ? `poll:${poll.id}` : null;
  if (channel === pollChannel) return;
  stopPoll?.();
  stopPoll = null;
  pollChannel = channel;
  result = null;
  if (channel) {
    stopPoll = live.subscribe(channel, (data) => {
      result = data;
      draw();
    });
  }
}

function onSession(state) {
  session = state;
  follow(state.poll);
  draw();
}


async function start() {
  mountFooter({ compact: true }); // the legal links, small in a corner
  applyTranslations();
  onLanguageChange(draw);
  for (;;) {
    try {
      const config = await loadConfig();
      live = liveClient(config);
      onSession(await api(`/api/voting/sessions/${encodeURIComponent(sessionId)}`));
      live.subscribe(`session:${sessionId}`, onSession);
      return;
    } catch (err) {
      live?.close();
      if (err instanceof ApiError && err.status === 404) {
        $("s-question").textContent = err.localized;
        return;
      }
      showLiveStatus("reconnecting");
      await new Promise((resolve) => setTimeout(resolve, 3000)); // a kiosk screen retries
    }
  }
}

start();
