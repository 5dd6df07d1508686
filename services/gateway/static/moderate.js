// The moderator console: sign in (token in sessionStorage), the queues, all ideas, CSV export.
// Every action reports its result in the #feedback live region.

import "./moderate-strings.js";
import { ApiError, api, loadConfig } from "./api.js";
import { applyTranslations, mountLanguageSwitch, onLanguageChange, t } from "./i18n.js";
import { createComments } from "./moderate-comments.js";
import { createAllIdeas, createQueue } from "./moderate-ideas.js";
import { notice, setFieldsOfAction } from "./ui.js";

const SESSION_KEY = "oecherlab.moderator";

const loginView = document.getElementById("login-view");
const consoleView = document.getElementById("console-view");
const consoleNav = document.getElementById("console-nav");
const loginForm = document.getElementById("login-form");
const loginError = document.getElementById("login-error");
const loginUser = document.getElementById("login-user");
const loginPass = document.getElementById("login-pass");
const who = document.getElementById("who");
const logoutButton = document.getElementById("logout");
const feedbackBox = document.getElementById("feedback");
const feedbackText = document.getElementById("feedback-text");
const feedbackClose = document.getElementById("feedback-close");

let session = readSession();

function readSession() {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) || "null");
    if (s?.token && s.expires_at > Date.now()) return s;
  } catch {
    // Nothing usable stored.
  }
  return null;
}

function saveSession(s) {
  session = s;
  try {
    if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
    else sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // Kept in memory for this page only.
  }
}

// ---- feedback -----------------------------------------------------------------------------

let feedbackMessage = null; // {text, kind}: the last message, shown again after a re-render

function feedback(text, kind = "success") {
  feedbackMessage = { text, kind };
  feedbackBox.classList.toggle("error", kind === "error");
  feedbackBox.classList.add("show");
  feedbackClose.hidden = false;
  feedbackText.textContent = "";
  // A fresh text in a later task is announced even when it repeats the last one.
  setTimeout(() => {
    feedbackText.textContent = text;
  }, 30);
}

function clearFeedback() {
  feedbackMessage = null;
  feedbackBox.classList.remove("show", "error");
  feedbackClose.hidden = true;
  feedbackText.textContent = "";
}

feedbackClose.addEventListener("click", () => {
  clearFeedback();
  document.getElementById("main").focus();
});

// ---- calls with the moderator's token -----------------------------------------------------

async function call(path, options = {}) {
  if (!session) throw new ApiError({ status: 401 });
  try {
    return await api(path, { ...options, token: session.token });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      signOut(t("m.expired"));
    }
    throw err;
  }
}

function failed(err) {
  if (err instanceof ApiError && err.status === 401) return; // signOut already told them
  feedback(err instanceof ApiError ? err.localized : String(err), "error");
}

const ctx = {
  call,
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

function roleLabel(role) {
  const key = `m.role.${role}`;
  return t(key) === key ? role : t(key);
}

// ---- views --------------------------------------------------------------------------------

function showConsole({ focus = false } = {}) {
  loginView.hidden = true;
  consoleView.hidden = false;
  consoleNav.hidden = false;
  who.hidden = false;
  logoutButton.hidden = false;
  who.textContent = t("m.who", { name: session.username, role: roleLabel(session.role) });
  queue.load();
  comments.load();
  all.load();
  if (focus) queue.heading.focus();
}

function showLogin({ focus = false } = {}) {
  consoleView.hidden = true;
  consoleNav.hidden = true;
  who.hidden = true;
  logoutButton.hidden = true;
  loginView.hidden = false;
  if (focus) document.getElementById("h-login").focus();
}

function signOut(message) {
  saveSession(null);
  for (const id of ["queue-list", "comments-list", "all-list"]) {
    document.getElementById(id).replaceChildren();
  }
  showLogin({ focus: true });
  feedback(message, message === t("m.loggedOut") ? "success" : "error");
}

loginForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  notice(loginError, "");
  const username = loginUser.value.trim();
  const password = loginPass.value;
  if (!username || !password) {
    notice(loginError, t("m.login.missing"));
    (username ? loginPass : loginUser).focus();
    return;
  }
  const button = document.getElementById("login-submit");
  button.setAttribute("aria-disabled", "true");
  try {
    const answer = await api("/api/auth/login", { method: "POST", body: { username, password } });
    saveSession({
      token: answer.access_token,
      username: answer.username || username,
      role: answer.role || "moderator",
      expires_at: Date.now() + (answer.expires_in || 3600) * 1000,
    });
    loginForm.reset();
    showConsole({ focus: true });
    feedback(t("m.login.ok", { name: session.username }));
  } catch (err) {
    notice(loginError, err instanceof ApiError ? err.localized : String(err));
    loginPass.select();
    loginPass.focus();
  } finally {
    button.removeAttribute("aria-disabled");
  }
});

logoutButton.addEventListener("click", () => signOut(t("m.loggedOut")));

// ---- export -------------------------------------------------------------------------------

document.getElementById("export-csv").addEventListener("click", async () => {
  try {
    const blob = await call("/api/ideas/export.csv", {
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
    feedback(t("m.export.ok", { name }));
  } catch (err) {
    failed(err);
  }
});

// ---- start --------------------------------------------------------------------------------

onLanguageChange(() => {
  queue.render();
  comments.render();
  all.render();
  if (session) who.textContent = t("m.who", { name: session.username, role: roleLabel(session.role) });
  if (feedbackMessage) feedbackText.textContent = feedbackMessage.text;
});

applyTranslations();
mountLanguageSwitch();
loadConfig()
  .then((config) => {
    setFieldsOfAction(config.fields_of_action);
    queue.render();
    all.render();
  })
  .catch(() => {});
if (session) showConsole();
else showLogin();
