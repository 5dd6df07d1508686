// The moderator console: the queues, all ideas, reported barriers, CSV export, behind the staff
// sign-in (staff.js). Every action reports its result in the #feedback live region.

import { ApiError, loadConfig } from "./api.js";
import { mountHeader } from "./header.js";
import { applyTranslations, onLanguageChange, t } from "./i18n.js";
import { createBarriers } from "./moderate-barriers.js";
import { createComments } from "./moderate-comments.js";
import { createAllIdeas, createQueue } from "./moderate-ideas.js";
import { mountStaffSignIn } from "./staff.js";
import { setFieldsOfAction } from "./ui.js";

mountHeader();
applyTranslations();

const consoleView = document.getElementById("console-view");
const consoleNav = document.getElementById("console-nav");
const feedbackBox = document.getElementById("feedback");
const feedbackText = document.getElementById("feedback-text");
const feedbackClose = document.getElementById("feedback-close");

// ---- feedback -----------------------------------------------------------------------------

// {text, kind}: the last message; `text` is a function, so a language switch rewrites it.
let feedbackMessage = null;
let feedbackTimer = null;
// A success closes itself after this long (an error stays until closed or replaced).
const SUCCESS_SHOWN_MS = 6000;

function feedback(text, kind = "success") {
  const say = typeof text === "function" ? text : () => text;
  feedbackMessage = { text: say, kind };
  feedbackBox.classList.toggle("error", kind === "error");
  feedbackBox.classList.add("show");
  // The page keeps room for the box, so it never covers a card's buttons at the bottom.
  document.documentElement.classList.add("has-toast");
  feedbackClose.hidden = false;
  feedbackText.textContent = "";
  // A fresh text in a later task is announced even when it repeats the last one.
  setTimeout(() => {
    feedbackText.textContent = say();
  }, 30);
  clearTimeout(feedbackTimer);
  if (kind !== "error") feedbackTimer = setTimeout(clearFeedback, SUCCESS_SHOWN_MS);
}

function clearFeedback() {
  clearTimeout(feedbackTimer);
  feedbackMessage = null;
  feedbackBox.classList.remove("show", "error");
  document.documentElement.classList.remove("has-toast");
  feedbackClose.hidden = true;
  feedbackText.textContent = "";
}

feedbackClose.addEventListener("click", () => {
  clearFeedback();
  document.getElementById("main").focus();
});

function failed(err) {
  if (err instanceof ApiError && err.status === 401) return; // the sign-in form tells them
  feedback(() => (err instanceof ApiError ? err.localized : String(err)), "error");
}

const ctx = {
  call: (path, options) => staff.call(path, options),
  feedback,
  failed,
  ideasChanged(source) {
    // The other lists show a changed idea or count: reload them quietly.
    if (source !== "queue") queue.load();
    if (source !== "all") all.load();
  },
};

const queue = createQueue(ctx);
const comments = createComments(ctx);
const all = createAllIdeas(ctx);
const barriers = createBarriers(ctx);

// ---- views --------------------------------------------------------------------------------

function showConsole(session, { fresh }) {
  consoleView.hidden = false;
  consoleNav.hidden = false;
  queue.load();
  comments.load();
  all.load();
  barriers.load();
  if (fresh) {
    feedback(() => t("staff.welcome", { name: session.username }));
    queue.heading.focus();
  }
}

function hideConsole() {
  consoleView.hidden = true;
  consoleNav.hidden = true;
  clearFeedback();
  for (const id of ["queue-list", "comments-list", "all-list"]) {
    document.getElementById(id).replaceChildren();
  }
  barriers.clear();
}

// ---- export -------------------------------------------------------------------------------

document.getElementById("export-csv").addEventListener("click", async () => {
  try {
    const blob = await staff.call("/api/ideas/export.csv", {
      blob: true,
      headers: { Accept: "text/csv" },
    });
    const name = `ideen-${new Date().toISOString().slice(0, 10)}.csv`;
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    feedback(() => t("m.export.ok", { name }));
  } catch (err) {
    failed(err);
  }
});

// ---- start --------------------------------------------------------------------------------

const staff = mountStaffSignIn({ onSignedIn: showConsole, onSignedOut: hideConsole });

onLanguageChange(() => {
  queue.render();
  comments.render();
  all.render();
  barriers.render();
  if (feedbackMessage) feedbackText.textContent = feedbackMessage.text();
});

loadConfig()
  .then((config) => {
    setFieldsOfAction(config.fields_of_action);
    queue.render();
    all.render();
  })
  .catch(() => {});
