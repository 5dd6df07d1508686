// The console's form for preparing a poll of any type (moved out of workshop.js unchanged).

import { t } from "./i18n.js";

const $ = (id) => document.getElementById(id);

function syncTypeFields() {
  const type = $("p-type").value;
  for (const box of document.querySelectorAll(".v-type-fields")) {
    box.hidden = !box.dataset.for.split(" ").includes(type);
  }
}

function numberOrNull(id) {
  const v = $(id).value.trim();
  return v === "" ? null : Number(v);
}

function pollBody() {
  const type = $("p-type").value;
  const settings = {
    results: $("p-results").value,
    allow_change: $("p-allow-change").checked,
  };
  const timer = numberOrNull("p-timer");
  if (timer) settings.timer_s = timer;
  const body = { question: $("p-question").value.trim(), type, settings };
  if (["single", "multiple", "points", "ranking"].includes(type)) {
    body.options = $("p-options")
      .value.split("\n")
      .map((s) => s.trim())
      .filter(Boolean);
  }
  if (type === "multiple" && numberOrNull("p-max-choices")) settings.max_choices = numberOrNull("p-max-choices");
  if (type === "scale") {
    Object.assign(settings, {
      min: numberOrNull("p-min") ?? 1,
      max: numberOrNull("p-max") ?? 5,
      min_label: $("p-min-label").value.trim(),
      max_label: $("p-max-label").value.trim(),
    });
  }
  if (type === "points") settings.budget = numberOrNull("p-budget") ?? 10;
  return body;
}

/** Wire the form; `options`: {staffApi, sessionId() → the open session's id, ok, refresh}. */
export function mountPollForm({ staffApi, sessionId, ok, refresh }) {
  $("p-type").addEventListener("change", syncTypeFields);
  syncTypeFields();
  $("poll-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await staffApi(`/api/voting/sessions/${encodeURIComponent(sessionId())}/polls`, { method: "POST", body: pollBody() });
      $("poll-error").textContent = "";
      $("p-question").value = "";
      $("p-options").value = "";
      ok(t("v.c.created"));
      await refresh();
    } catch (err) {
      const fields = err.fieldErrors || {};
      $("poll-error").textContent = Object.values(fields)[0] || err.localized || String(err);
    }
  });
}
