// The form of the accessibility statement to report a barrier (POST /api/barriers, no token: a
// proof of work would itself be a barrier for some). The page field is filled with the page the
// visitor came from (?from=, footer.js); errors are said next to their field and in one summary.

import { ApiError, api } from "./api.js";
import { fromPath, safePath } from "./footer.js";
import { onLanguageChange, t } from "./i18n.js";
import { countChars, notice } from "./ui.js";

const LIMITS = { page: 200, description: 2000, contact: 200 };

/** A path typed or pasted as a whole address of this site ("https://…/join") becomes "/join". */
function asPath(value) {
  const text = value.trim();
  if (!text.startsWith("http")) return text;
  try {
    const url = new URL(text);
    return url.origin === location.origin ? url.pathname + url.search : text;
  } catch {
    return text;
  }
}

export function mountBarrierForm() {
  const form = document.getElementById("barrier-form");
  const inputs = {
    page: document.getElementById("barrier-page"),
    description: document.getElementById("barrier-description"),
    contact: document.getElementById("barrier-contact"),
  };
  const errors = Object.fromEntries(Object.keys(inputs).map((n) => [n, document.getElementById(`barrier-${n}-error`)]));
  const counter = document.getElementById("barrier-counter");
  const submit = document.getElementById("barrier-submit");
  const result = document.getElementById("barrier-result");
  const failure = document.getElementById("barrier-error");
  let shown = {}; // field → key of its message (said again on a language switch), or {text}
  let thanks = null; // the id of the last report sent
  let failed = null; // the ApiError or key of the last failure
  let sending = false;

  function problemOf(name) {
    const value = name === "page" ? asPath(inputs.page.value) : inputs[name].value.trim();
    if (countChars(value) > LIMITS[name]) return "barrier.form.tooLong";
    if (name === "page" && !safePath(value)) return "barrier.form.page.error";
    if (name === "description" && !value) return "barrier.form.description.error";
    return null;
  }

  function draw() {
    for (const [name, input] of Object.entries(inputs)) {
      const message = shown[name];
      errors[name].textContent = !message ? "" : message.text || t(message, { max: LIMITS[name] });
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
    const n = countChars(inputs.description.value.trim());
    counter.textContent = t("c.form.counter", { n, max: LIMITS.description });
    counter.classList.toggle("over", n > LIMITS.description);
  }

  // Apart from draw(): rewritten on every keystroke, the live regions would speak again and again.
  function drawOutcome() {
    notice(result, thanks ? t("barrier.form.thanks", { id: thanks }) : "");
    notice(failure, failed ? (typeof failed === "string" ? t(failed) : failed.localized) : "");
    submit.textContent = t(sending ? "page.sending" : "barrier.form.submit");
  }

  async function send(event) {
    event.preventDefault();
    if (sending) return;
    thanks = null;
    failed = null;
    shown = {};
    for (const name of Object.keys(inputs)) {
      const problem = problemOf(name);
      if (problem) shown[name] = problem;
    }
    const first = Object.keys(inputs).find((name) => shown[name]);
    if (first) {
      failed = "c.form.invalid";
      draw();
      drawOutcome();
      inputs[first].focus();
      return;
    }
    const body = { page: asPath(inputs.page.value), description: inputs.description.value.trim() };
    if (inputs.contact.value.trim()) body.contact = inputs.contact.value.trim();
    sending = true;
    submit.setAttribute("aria-disabled", "true");
    draw();
    drawOutcome();
    try {
      const answer = await api("/api/barriers", { method: "POST", body });
      thanks = answer.id;
      inputs.description.value = "";
      inputs.contact.value = "";
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      failed = err;
      for (const [name, text] of Object.entries(err.fieldErrors)) if (name in inputs) shown[name] = { text };
    } finally {
      sending = false;
      submit.removeAttribute("aria-disabled");
      draw();
      drawOutcome();
    }
    if (thanks) result.focus();
    else inputs[Object.keys(inputs).find((name) => shown[name]) || "description"].focus();
  }

  inputs.page.value = fromPath() || "";
  form.addEventListener("submit", send);
  for (const [name, input] of Object.entries(inputs)) {
    input.addEventListener("input", () => {
      if (shown[name] && !problemOf(name)) delete shown[name]; // corrected: the error goes
      draw();
    });
  }
  onLanguageChange(() => {
    draw();
    drawOutcome();
  });
  draw();
  drawOutcome();
}
