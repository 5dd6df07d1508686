// One idea: its text, status and official answer, the support toggle (optimistic, corrected by
// the server's answer) and the comments with a form (comments are held for moderation); its
// author may withdraw it here.

import { ApiError, participantApi, randomKey } from "./api.js";
import { answerBlock } from "./citizen-answer.js";
import { withdrawControls } from "./citizen-withdraw.js";
import { formatDate, lang, t } from "./i18n.js";
import { announce, countChars, el, fieldChip, notice, statusBadge } from "./ui.js";

const COMMENT_MAX = 1000;

export function createDetail({ onChanged }) {
  const heading = document.getElementById("h-idea");
  const body = document.getElementById("idea-body");
  const back = document.getElementById("idea-back");

  let idea = null;
  let comments = [];
  let error = null;
  let from = "ideas";
  let loadToken = 0;
  // Support: what the server last said, and what the citizen wants.
  let server = { supported: false, supports: 0 };
  let desired = false;
  let syncing = false;
  let supportError = "";
  // The comment draft survives a language switch.
  let draft = "";
  let commentKey = null;

  function render() {
    back.textContent = from === "mine" ? t("c.idea.backMine") : t("c.idea.back");
    back.href = from === "mine" ? "#/mine" : "#/ideas";
    if (error) {
      heading.textContent = error;
      body.replaceChildren();
      return;
    }
    if (!idea) {
      heading.textContent = t("c.idea.loading");
      body.replaceChildren();
      return;
    }
    heading.textContent = idea.title;
    const isPublic = Boolean(idea.published_at);
    const parts = [
      el("p", { class: "meta" }, fieldChip(idea.field), statusBadge(idea.status)),
      el("p", {
        class: "muted",
        text: idea.published_at
          ? t("ideas.publishedAt", { date: formatDate(idea.published_at) })
          : t("ideas.submittedAt", { date: formatDate(idea.created_at) }),
      }),
      idea.body ? el("p", { class: "prewrap", text: idea.body }) : null,
      idea.location ? locationLine(idea.location) : null,
      answerBlock(idea),
      isPublic ? supportBlock() : el("p", { class: "notice", text: t("c.idea.notPublic") }),
      isPublic ? commentsBlock() : null,
      idea.mine ? withdrawControls(idea, withdrawn) : null,
    ];
    body.replaceChildren(...parts.filter(Boolean));
  }

  function locationLine(loc) {
    const lat = loc.lat.toFixed(5);
    const lon = loc.lon.toFixed(5);
    return el("p", { class: "muted", text: t("ideas.location", { lat, lon }) });
  }

  function withdrawn(gone) {
    announce(t("c.withdraw.done", { title: gone.title }));
    // Nothing is left to show here: on to the list it has left.
    if (idea === gone) location.hash = "#/mine";
  }

  // ---- support ------------------------------------------------------------------------------

  function shownSupports() {
    return server.supports + (desired === server.supported ? 0 : desired ? 1 : -1);
  }

  function supportBlock() {
    const button = el(
      "button",
      {
        type: "button",
        class: "btn",
        id: "support-toggle",
        "aria-pressed": String(desired),
        "aria-describedby": "support-count",
        onclick: toggleSupport,
      },
      el("span", { "aria-hidden": "true", text: desired ? "✓" : "♥" }),
      t("c.idea.support"),
    );
    return el(
      "div",
      { class: "actions", id: "support-box" },
      button,
      // The state in words beside the pressed or unpressed button, not by its colour alone.
      el("span", { class: "support-state", dataset: { on: String(desired) }, text: t(desired ? "c.idea.supportHint" : "c.idea.supportNot") }),
      el("span", { id: "support-count", text: t("ideas.supports", { n: Math.max(0, shownSupports()) }) }),
      el("p", { class: "error-text", id: "support-error", role: "alert", text: supportError }),
    );
  }

  function renderSupport() {
    const box = document.getElementById("support-box");
    if (!box) return;
    const hadFocus = document.activeElement?.id === "support-toggle";
    box.replaceWith(supportBlock());
    if (hadFocus) document.getElementById("support-toggle").focus();
  }

  function toggleSupport() {
    desired = !desired;
    supportError = "";
    renderSupport();
    announce(desired ? t("c.idea.supportHint") : t("c.idea.supportNot"));
    sync();
  }

  async function sync() {
    if (syncing) return;
    syncing = true;
    const id = idea.id;
    try {
      while (idea && idea.id === id && server.supported !== desired) {
        const answer = await participantApi(`/api/ideas/${encodeURIComponent(id)}/support`, {
          method: desired ? "PUT" : "DELETE",
        });
        if (!idea || idea.id !== id) return;
        server = { supported: answer.supported, supports: answer.supports };
      }
      if (idea && idea.id === id) {
        idea.supports = server.supports;
        onChanged({ id, supports: server.supports });
      }
    } catch (err) {
      if (idea && idea.id === id) {
        desired = server.supported;
        supportError = err instanceof ApiError ? err.localized : String(err);
        announce(supportError);
      }
    } finally {
      syncing = false;
      if (idea && idea.id === id) renderSupport();
    }
  }

  // ---- comments -----------------------------------------------------------------------------

  function commentsBlock() {
    const list = comments.length
      ? el(
          "ul",
          { class: "card-list", id: "comment-list" },
          comments.map((c) =>
            el(
              "li",
              { class: "card" },
              el("p", { class: "prewrap", text: c.body }),
              el("p", { class: "muted", text: formatDate(c.created_at) }),
            ),
          ),
        )
      : el("p", { class: "muted", id: "comment-list", text: t("c.comments.none") });
    const textarea = el("textarea", {
      id: "comment-body",
      name: "body",
      rows: 4,
      "aria-describedby": "comment-hint comment-counter comment-error",
      oninput: () => {
        draft = textarea.value;
        commentKey = null;
        updateCounter();
      },
    });
    textarea.value = draft;
    const counter = el("span", { id: "comment-counter", class: "counter" });
    const err = el("span", { id: "comment-error", class: "error-text", "aria-live": "polite" });
    const ok = el("div", { id: "comment-result", class: "notice success", role: "status" });
    const submit = el("button", { type: "submit", class: "btn", text: t("c.comments.send") });
    function updateCounter() {
      const n = countChars(textarea.value.trim());
      counter.textContent = t("c.form.counter", { n, max: COMMENT_MAX });
      counter.classList.toggle("over", n > COMMENT_MAX);
      if (n > COMMENT_MAX) setError(t("c.comments.tooLong"));
      else if (err.textContent) setError("");
    }
    function setError(message) {
      if (err.textContent !== message) err.textContent = message;
      if (message) textarea.setAttribute("aria-invalid", "true");
      else textarea.removeAttribute("aria-invalid");
    }
    updateCounter();
    const form = el(
      "form",
      {
        novalidate: true,
        id: "comment-form",
        onsubmit: async (event) => {
          event.preventDefault();
          const text = textarea.value.trim();
          notice(ok, "");
          if (!text || countChars(text) > COMMENT_MAX) {
            setError(text ? t("c.comments.tooLong") : t("c.comments.empty"));
            textarea.focus();
            return;
          }
          setError("");
          submit.setAttribute("aria-disabled", "true");
          commentKey ||= randomKey();
          const id = idea.id;
          try {
            const answer = await participantApi(`/api/ideas/${encodeURIComponent(id)}/comments`, {
              method: "POST",
              body: { body: text },
              idempotencyKey: commentKey,
            });
            draft = "";
            commentKey = null;
            textarea.value = "";
            updateCounter();
            const message =
              (lang() === "de" ? answer.message_de : answer.message) ||
              t("c.comments.thanks");
            notice(ok, message);
          } catch (e) {
            if (e instanceof ApiError && !e.network) commentKey = null;
            const fieldErr = e instanceof ApiError ? e.fieldErrors.body : null;
            setError(fieldErr || (e instanceof ApiError ? e.localized : String(e)));
          } finally {
            submit.removeAttribute("aria-disabled");
          }
        },
      },
      el(
        "div",
        { class: "field" },
        el(
          "div",
          { class: "field-row" },
          el("label", { for: "comment-body", text: t("c.comments.label") }),
          counter,
        ),
        el("span", { id: "comment-hint", class: "hint", text: t("c.comments.hint") }),
        textarea,
        err,
      ),
      submit,
    );
    return el(
      "section",
      { id: "comments-section", "aria-labelledby": "h-comments" },
      el("h3", { id: "h-comments", text: `${t("ideas.commentsHeading")} (${comments.length})` }),
      list,
      ok,
      form,
    );
  }

  // ---- loading ------------------------------------------------------------------------------

  async function load(id) {
    const mine = ++loadToken;
    idea = null;
    error = null;
    comments = [];
    supportError = "";
    draft = "";
    commentKey = null;
    render();
    try {
      const [one, list] = await Promise.all([
        participantApi(`/api/ideas/${encodeURIComponent(id)}`),
        participantApi(`/api/ideas/${encodeURIComponent(id)}/comments`).catch(() => ({ items: [] })),
      ]);
      if (mine !== loadToken) return;
      idea = one;
      comments = list.items || [];
      server = { supported: Boolean(one.supported), supports: one.supports };
      desired = server.supported;
      if (one.comments !== undefined) one.comments = Math.max(one.comments, comments.length);
    } catch (err) {
      if (mine !== loadToken) return;
      error = err instanceof ApiError ? err.localized : String(err);
    }
    render();
    document.title = `${idea ? idea.title : error} – OecherLab Co-Creation`;
  }

  return {
    heading,
    show(route, previous) {
      from = previous === "mine" ? "mine" : previous === "idea" ? from : "ideas";
      load(route.id);
    },
    refreshLanguage() {
      const focusedId = document.activeElement?.id;
      render();
      if (focusedId) document.getElementById(focusedId)?.focus();
    },
    currentId: () => idea?.id,
  };
}
