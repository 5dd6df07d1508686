// The phone's rating form: five smileys as a native radio group (fieldset and legend; the arrow
// keys move between them, focus is visible), an optional comment with a live counter (at most 500
// characters), and sending with an Idempotency-Key that stays the same while the content does, so
// a resend after a lost answer is not counted twice.

import { ApiError, participantApi, randomKey } from "./api.js";
import { RATINGS, ratingLabel, ratingName, smiley } from "./exhibitions-ui.js";
import { t } from "./i18n.js";
import { announce, countChars, el, notice } from "./ui.js";

const COMMENT_MAX = 500;
const $ = (id) => document.getElementById(id);

export function createForm({ onSent, onNotOpen }) {
  const form = $("x-form");
  const comment = $("x-comment");
  const counter = $("x-counter");
  const send = $("x-send");
  let exhibitId = null;
  let idempotencyKey = null;
  let sending = false;
  let showErrors = false;

  const radios = RATINGS.map((rating) => {
    const input = el("input", { type: "radio", name: "rating", id: `x-r${rating}`, value: rating });
    input.addEventListener("change", () => {
      idempotencyKey = null;
      validate();
    });
    const label = el(
      "label",
      { for: input.id },
      smiley(rating, "smiley x-face"),
      el("span", { class: "x-label" }),
    );
    $("x-options").append(el("div", { class: "x-option", dataset: { rating } }, input, label));
    return input;
  });

  function draw() {
    radios.forEach((input, i) => {
      // The name says where on the scale it is; the visible word is part of it.
      input.setAttribute("aria-label", ratingName(RATINGS[i]));
      input.nextElementSibling.querySelector(".x-label").textContent = ratingLabel(RATINGS[i]);
    });
    const n = countChars(comment.value.trim());
    counter.textContent = t("c.form.counter", { n, max: COMMENT_MAX });
    counter.classList.toggle("over", n > COMMENT_MAX);
    validate();
  }

  function chosen() {
    return Number(radios.find((input) => input.checked)?.value) || null;
  }

  function validate() {
    const ratingError = showErrors && !chosen() ? t("x.form.pick") : "";
    const n = countChars(comment.value.trim());
    const commentError = n > COMMENT_MAX ? t("x.form.tooLong", { n }) : "";
    $("x-rating-error").textContent = ratingError;
    $("x-comment-error").textContent = commentError;
    if (commentError) comment.setAttribute("aria-invalid", "true");
    else comment.removeAttribute("aria-invalid");
    return !ratingError && !commentError;
  }

  comment.addEventListener("input", () => {
    idempotencyKey = null;
    draw();
    const left = COMMENT_MAX - countChars(comment.value.trim());
    if (left === 50 || left === 0) announce(t("c.form.counterLeft", { n: left }));
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (sending) return;
    showErrors = true;
    notice($("x-send-error"), "");
    if (!validate()) {
      (chosen() ? comment : radios[0]).focus();
      return;
    }
    const rating = chosen();
    const text = comment.value.trim();
    idempotencyKey ??= randomKey();
    sending = true;
    send.setAttribute("aria-disabled", "true");
    send.textContent = t("page.sending");
    try {
      const receipt = await participantApi(
        `/api/exhibitions/exhibits/${encodeURIComponent(exhibitId)}/feedback`,
        { method: "POST", body: text ? { rating, comment: text } : { rating }, idempotencyKey },
      );
      idempotencyKey = null;
      comment.value = "";
      showErrors = false;
      draw();
      onSent(receipt, { rating, commented: Boolean(text) });
    } catch (err) {
      if (err instanceof ApiError && err.code === "exhibition-not-open") {
        onNotOpen();
        return;
      }
      const fieldError = err instanceof ApiError ? err.fieldErrors.comment : null;
      if (fieldError) {
        $("x-comment-error").textContent = fieldError;
        comment.setAttribute("aria-invalid", "true");
        comment.focus();
      } else {
        notice($("x-send-error"), err.localized || String(err));
      }
    } finally {
      sending = false;
      send.removeAttribute("aria-disabled");
      send.textContent = t("x.form.send");
    }
  });

  return {
    draw,
    /** Show the form for `id`, with `rating` (an earlier one) chosen; focus the choice. */
    show(id, rating = null, { focus = false } = {}) {
      exhibitId = id;
      form.hidden = false;
      showErrors = false;
      for (const input of radios) input.checked = Number(input.value) === rating;
      draw();
      if (focus) (radios.find((input) => input.checked) || radios[0]).focus();
    },
    hide() {
      form.hidden = true;
    },
  };
}
