// Submit an idea: validation as you type, live counters, optional location (stored rounded to
// about 100 m unless the citizen ticks "exact"), an Idempotency-Key per submission (a retry after
// a network failure does not create a second idea), 429 handling.

import { ApiError, participantApi, randomKey } from "./api.js";
import { createExactSpot } from "./citizen-exact-spot.js";
import { fieldLabel, t } from "./i18n.js";
import { announce, countChars, el, notice } from "./ui.js";

export function createSubmit({ config, onSubmitted }) {
  const [TITLE_MIN, TITLE_MAX] = config.limits?.title || [3, 120];
  const BODY_MAX = config.limits?.body || 2000;
  const bbox = config.region_bbox || null; // [south, west, north, east]

  const form = document.getElementById("idea-form");
  const title = document.getElementById("idea-title");
  const body = document.getElementById("idea-text");
  const field = document.getElementById("idea-field");
  const titleCounter = document.getElementById("title-counter");
  const bodyCounter = document.getElementById("body-counter");
  const locUse = document.getElementById("loc-use");
  const locClear = document.getElementById("loc-clear");
  const locStatus = document.getElementById("loc-status");
  const submit = document.getElementById("idea-submit");
  const result = document.getElementById("submit-result");
  const failure = document.getElementById("submit-error");
  const errors = {
    title: document.getElementById("title-error"),
    body: document.getElementById("body-error"),
    field: document.getElementById("field-error"),
    location: document.getElementById("location-error"),
  };
  const inputs = { title, body, field, location: locUse };
  const exactSpot = createExactSpot(locStatus, () => changed());

  let position = null;
  let locMessage = "c.form.loc.none";
  let touched = { title: false, body: false, field: false };
  let idempotencyKey = null;
  let sending = false;
  let waitUntil = 0;
  let waitTimer = null;
  let lastThanks = null;

  // ---- validation ---------------------------------------------------------------------------

  function titleError() {
    const n = countChars(title.value.trim());
    if (n === 0) return t("c.form.title.missing");
    if (n < TITLE_MIN) return t("c.form.title.short", { n });
    if (n > TITLE_MAX) return t("c.form.title.long", { n });
    return "";
  }

  function bodyError() {
    const n = countChars(body.value.trim());
    return n > BODY_MAX ? t("c.form.body.long", { n }) : "";
  }

  function fieldError() {
    return field.value ? "" : t("c.form.field.missing");
  }

  function setError(name, message) {
    const target = errors[name];
    if (target.textContent !== message) target.textContent = message;
    const input = inputs[name];
    if (name === "location") return;
    if (message) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  function validate(names = ["title", "body", "field"]) {
    const checks = { title: titleError, body: bodyError, field: fieldError };
    let ok = true;
    for (const name of names) {
      const message = touched[name] ? checks[name]() : "";
      setError(name, message);
      if (message) ok = false;
    }
    return ok;
  }

  function updateCounters() {
    const nt = countChars(title.value.trim());
    const nb = countChars(body.value.trim());
    titleCounter.textContent = t("c.form.counter", { n: nt, max: TITLE_MAX });
    titleCounter.classList.toggle("over", nt > TITLE_MAX);
    bodyCounter.textContent = t("c.form.counter", { n: nb, max: BODY_MAX });
    bodyCounter.classList.toggle("over", nb > BODY_MAX);
  }

  function changed() {
    idempotencyKey = null; // Different content: a different submission.
  }

  title.addEventListener("input", () => {
    touched.title = true;
    changed();
    updateCounters();
    validate(["title"]);
    const left = TITLE_MAX - countChars(title.value.trim());
    if (left === 10 || left === 0) announce(t("c.form.counterLeft", { n: left }));
  });
  title.addEventListener("blur", () => {
    if (title.value) touched.title = true;
    validate(["title"]);
  });
  body.addEventListener("input", () => {
    touched.body = true;
    changed();
    updateCounters();
    validate(["body"]);
    const left = BODY_MAX - countChars(body.value.trim());
    if (left === 100 || left === 0) announce(t("c.form.counterLeft", { n: left }));
  });
  field.addEventListener("change", () => {
    touched.field = true;
    changed();
    validate(["field"]);
  });

  // ---- location -----------------------------------------------------------------------------

  function renderLocation() {
    const text =
      position && locMessage === "c.form.loc.set"
        ? t(locMessage, { lat: position.lat.toFixed(5), lon: position.lon.toFixed(5) })
        : t(locMessage);
    locStatus.textContent = text;
    locClear.hidden = !position;
    exactSpot.show(Boolean(position));
  }

  function insideRegion(lat, lon) {
    if (!bbox) return true;
    const [south, west, north, east] = bbox;
    return lat >= south && lat <= north && lon >= west && lon <= east;
  }

  locUse.addEventListener("click", () => {
    setError("location", "");
    if (!navigator.geolocation) {
      locMessage = "c.form.loc.unsupported";
      renderLocation();
      return;
    }
    locMessage = "c.form.loc.locating";
    renderLocation();
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const lat = Math.round(pos.coords.latitude * 1e5) / 1e5;
        const lon = Math.round(pos.coords.longitude * 1e5) / 1e5;
        if (insideRegion(lat, lon)) {
          position = { lat, lon };
          locMessage = "c.form.loc.set";
        } else {
          position = null;
          locMessage = "c.form.loc.outside";
        }
        changed();
        renderLocation();
      },
      (err) => {
        position = null;
        locMessage = err.code === 1 ? "c.form.loc.denied" : "c.form.loc.failed";
        renderLocation();
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 0 },
    );
  });

  locClear.addEventListener("click", () => {
    position = null;
    locMessage = "c.form.loc.none";
    changed();
    renderLocation();
    locUse.focus();
  });

  // ---- submitting ---------------------------------------------------------------------------

  function fillFieldSelect() {
    const value = field.value;
    field.replaceChildren(
      el("option", { value: "", text: t("c.form.field.choose") }),
      ...(config.fields_of_action || []).map((f) => el("option", { value: f, text: fieldLabel(f) })),
    );
    field.value = value;
  }

  function renderSubmitButton() {
    const wait = Math.ceil((waitUntil - Date.now()) / 1000);
    if (wait > 0) {
      submit.textContent = t("c.form.wait", { n: wait });
      submit.setAttribute("aria-disabled", "true");
    } else if (sending) {
      submit.textContent = t("page.sending");
      submit.setAttribute("aria-disabled", "true");
    } else {
      submit.textContent = t("c.form.submit");
      submit.removeAttribute("aria-disabled");
    }
  }

  function startWait(seconds) {
    waitUntil = Date.now() + seconds * 1000;
    clearInterval(waitTimer);
    waitTimer = setInterval(() => {
      renderSubmitButton();
      if (Date.now() >= waitUntil) {
        clearInterval(waitTimer);
        notice(failure, "");
      }
    }, 1000);
    renderSubmitButton();
  }

  function renderThanks() {
    result.textContent = "";
    if (!lastThanks) return;
    result.append(
      el("p", { text: t("c.form.thanks", { title: lastThanks.title }) }),
      el("p", {}, el("a", { href: "#/mine", text: t("c.form.toMine") })),
    );
  }

  function reset() {
    form.reset();
    touched = { title: false, body: false, field: false };
    position = null;
    locMessage = "c.form.loc.none";
    idempotencyKey = null;
    for (const name of Object.keys(errors)) setError(name, "");
    updateCounters();
    renderLocation();
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (sending || Date.now() < waitUntil) return;
    notice(failure, "");
    lastThanks = null;
    renderThanks();
    touched = { title: true, body: true, field: true };
    if (!validate()) {
      notice(failure, t("c.form.invalid"));
      const first = ["title", "body", "field"].find((n) => errors[n].textContent);
      inputs[first]?.focus();
      return;
    }
    sending = true;
    renderSubmitButton();
    idempotencyKey ||= randomKey();
    const payload = { title: title.value.trim(), body: body.value.trim(), field: field.value };
    if (position) payload.location = position;
    if (position && exactSpot.wanted) payload.exact_location = true;
    try {
      const idea = await participantApi("/api/ideas", {
        method: "POST",
        body: payload,
        idempotencyKey,
      });
      reset();
      lastThanks = idea;
      renderThanks();
      result.focus();
      onSubmitted(idea);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // Keep the key only when the request may have reached the server (network failure).
      if (!err.network) idempotencyKey = null;
      const byField = err.fieldErrors;
      for (const [name, message] of Object.entries(byField)) {
        if (name in errors) setError(name, message);
      }
      notice(failure, err.localized);
      if (err.status === 429) startWait(err.retryAfter ?? 5);
      const first = ["title", "body", "field", "location"].find((n) => n in byField);
      if (first) inputs[first].focus();
    } finally {
      sending = false;
      renderSubmitButton();
    }
  });

  fillFieldSelect();
  updateCounters();
  renderLocation();

  return {
    heading: document.getElementById("h-submit"),
    show() {},
    refreshLanguage() {
      fillFieldSelect();
      updateCounters();
      validate();
      renderLocation();
      renderSubmitButton();
      renderThanks();
    },
  };
}
