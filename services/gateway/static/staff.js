// One sign-in for every staff console (/moderate, /workshop, /exhibitions, /hackathons) and the
// jury's page (/jury), written once: the form, the token, who is signed in, the links between the
// consoles and signing out.
//
// The token is kept in sessionStorage, so it ends with the browser tabs (ADR 0006), under one key
// for all consoles: going from one console to the other in a tab keeps the sign-in. Consoles open
// in other tabs hear of it over a BroadcastChannel (same origin only): a console opened in a new
// tab asks the open ones for their sign-in, and signing in or out in one tab does so in all.
// Script running on this origin could ask too, as it could read localStorage: what keeps the token
// safe is that no foreign script runs here (the strict Content-Security-Policy, text never markup).

import { ApiError, api } from "./api.js";
import { addHeaderRow } from "./header.js";
import { onLanguageChange, t } from "./i18n.js";
import { el, translated } from "./ui.js";

const STORAGE_KEY = "oecherlab.staff";
const STAFF = ["moderator", "admin"];
// [page, text, the roles it is for]: a signed-in account sees the links to its own consoles.
const CONSOLES = [
  ["/moderate", "staff.console.moderate", STAFF],
  ["/workshop", "staff.console.workshop", STAFF],
  ["/exhibitions", "staff.console.exhibitions", STAFF],
  ["/hackathons", "hackathon.c.console", STAFF],
  ["/jury", "jury.console", ["jury"]],
];
// How long a console opened in a new tab waits for an open one to answer before it shows the form.
const ASK_MS = 200;

function usable(session) {
  return session?.token && session.expires_at > Date.now() ? session : null;
}

function read() {
  try {
    return usable(JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "null"));
  } catch {
    return null; // nothing usable stored, or storage blocked
  }
}

function store(session) {
  try {
    if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Kept in memory for this page only.
  }
}


function field(id, key, attrs) {
  return el(
    "div",
    { class: "field" },
    translated("label", key, { for: id }),
    el("input", { id, required: true, ...attrs }),
  );
}

/** The sign-in section's content (its ids are the ones the consoles always had). */
function loginForm(introKey) {
  return {
    heading: translated("h2", "staff.signIn", { id: "h-login", tabindex: "-1" }),
    intro: translated("p", introKey),
    status: el("div", { id: "login-status", class: "notice", role: "status", "aria-label": t("live.region.login"), "data-i18n-attr": "aria-label:live.region.login" }),
    error: el("div", { id: "login-error", class: "notice error", role: "alert" }),
    form: el(
      "form",
      { id: "login-form", class: "panel narrow", novalidate: true },
      field("login-user", "staff.user", {
        name: "username",
        type: "text",
        autocomplete: "username",
        autocapitalize: "none",
        spellcheck: "false",
        maxlength: 64,
      }),
      field("login-pass", "staff.password", {
        name: "password",
        type: "password",
        autocomplete: "current-password",
        maxlength: 256,
      }),
      translated("button", "staff.signIn", { type: "submit", id: "login-submit", class: "btn block" }),
    ),
  };
}

/**
 * Mount the sign-in into the page's <section data-staff-login> and the header. The page hears
 * `onSignedIn(session, {fresh})` (fresh: just signed in with the form here) and `onSignedOut()`;
 * it calls the API with the returned `call`, which signs out everywhere on a 401. `roles` are the
 * accounts the page is for (the jury's page: ["jury"]); another account signed in is told so and
 * may sign in anew, `intro` is the key of the line above the form.
 */
export function mountStaffSignIn({ onSignedIn, onSignedOut, roles = STAFF, intro = "staff.intro" }) {
  const section = document.querySelector("[data-staff-login]");
  const ui = loginForm(intro);
  section.replaceChildren(ui.heading, ui.intro, ui.status, ui.error, ui.form);
  const user = ui.form.querySelector("#login-user");
  const pass = ui.form.querySelector("#login-pass");
  const submit = ui.form.querySelector("#login-submit");

  const consoles = el(
    "nav",
    { class: "staff-nav", "aria-label": t("staff.consoles"), "data-i18n-attr": "aria-label:staff.consoles" },
    el(
      "ul",
      {},
      CONSOLES.map(([href, key, forRoles]) =>
        el(
          "li",
          { dataset: { roles: forRoles.join(" ") } },
          translated("a", key, { href, "aria-current": location.pathname === href ? "page" : null }),
        ),
      ),
    ),
  );
  const who = el("p", { class: "who" });
  const signOutButton = translated("button", "staff.signOut", {
    type: "button",
    id: "logout",
    class: "btn small header-btn",
    onclick: () => signOut("staff.signedOut"),
  });
  const headerRow = el("div", { class: "staff-bar" }, consoles, who, signOutButton);
  addHeaderRow(headerRow);

  const channel = "BroadcastChannel" in window ? new BroadcastChannel(STORAGE_KEY) : null;
  let session = read();
  let message = null; // {key, error}: why the form is shown, kept for a language switch
  let failure = null; // why the last sign-in failed: an ApiError or {key}, kept likewise
  let answerAsk = null; // set while this tab waits for another tab's sign-in

  function drawSignedIn() {
    headerRow.hidden = !session;
    if (!session) return;
    for (const li of consoles.querySelectorAll("li")) li.hidden = !li.dataset.roles.split(" ").includes(session.role);
    const roleKey = `staff.role.${session.role}`;
    const role = t(roleKey) === roleKey ? session.role : t(roleKey);
    who.textContent = t("staff.who", { name: session.username, role });
  }

  function drawMessages() {
    ui.status.className = message?.error ? "notice error" : "notice";
    ui.status.textContent = message ? t(message.key) : "";
    ui.error.textContent = failure ? (failure.key ? t(failure.key) : failure.localized) : "";
  }

  function enter(next, { fresh = false } = {}) {
    session = next;
    message = null;
    failure = null;
    if (!roles.includes(next.role)) {
      // Signed in, but not for this page (a juror on /moderate): the form, with the reason.
      message = { key: "staff.wrongRole", error: true };
      leave();
      return;
    }
    section.hidden = true;
    drawSignedIn();
    drawMessages();
    onSignedIn(session, { fresh });
  }

  function leave() {
    drawSignedIn();
    drawMessages();
    section.hidden = false;
    onSignedOut();
  }

  /** Sign out here and in every other open console; `key` says why (signed out, expired). */
  function signOut(key, { tell = true } = {}) {
    const wasIn = Boolean(session);
    session = null;
    store(null);
    message = { key, error: key !== "staff.signedOut" };
    if (tell) channel?.postMessage({ type: "signed-out", key });
    leave();
    if (wasIn) ui.heading.focus();
  }

  channel?.addEventListener("message", ({ data }) => {
    if (data?.type === "ask" && session) channel.postMessage({ type: "session", session });
    if ((data?.type === "session" || data?.type === "signed-in") && !session && usable(data.session)) {
      if (answerAsk) answerAsk(data.session);
      else {
        store(data.session);
        enter(data.session);
      }
    }
    if (data?.type === "signed-out" && session) signOut(data.key, { tell: false });
  });

  function askOtherTabs() {
    if (!channel) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), ASK_MS);
      answerAsk = (found) => {
        clearTimeout(timer);
        resolve(found);
      };
      channel.postMessage({ type: "ask" });
    }).finally(() => {
      answerAsk = null;
    });
  }

  ui.form.addEventListener("submit", async (event) => {
    event.preventDefault();
    failure = null;
    message = null;
    drawMessages();
    const username = user.value.trim();
    if (!username || !pass.value) {
      failure = { key: "staff.missing" };
      drawMessages();
      (username ? pass : user).focus();
      return;
    }
    submit.setAttribute("aria-disabled", "true");
    try {
      const answer = await api("/api/auth/login", { method: "POST", body: { username, password: pass.value } });
      const next = {
        token: answer.access_token,
        username: answer.username || username,
        role: answer.role || "moderator",
        expires_at: Date.now() + (answer.expires_in || 3600) * 1000,
      };
      store(next);
      channel?.postMessage({ type: "signed-in", session: next });
      ui.form.reset();
      enter(next, { fresh: true });
    } catch (err) {
      failure = err instanceof ApiError ? err : { localized: String(err) };
      drawMessages();
      pass.select();
      pass.focus();
    } finally {
      submit.removeAttribute("aria-disabled");
    }
  });

  onLanguageChange(() => {
    drawSignedIn();
    drawMessages();
  });

  // The page finishes its own set-up before it hears who is signed in.
  drawSignedIn();
  (session ? Promise.resolve(session) : askOtherTabs()).then((found) => {
    if (found) {
      store(found);
      enter(found);
    } else leave();
  });

  return {
    /** Call the API with the staff token; a 401 signs out everywhere. */
    async call(path, options = {}) {
      const token = session?.token;
      if (!token) throw new ApiError({ status: 401 });
      try {
        return await api(path, { ...options, token });
      } catch (err) {
        // Only once, though several calls may fail with the same expired token.
        if (err instanceof ApiError && err.status === 401 && session?.token === token) {
          signOut("staff.expired");
        }
        throw err;
      }
    },
    token: () => session?.token ?? null,
  };
}
