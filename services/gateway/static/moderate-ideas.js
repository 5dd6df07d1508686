// The moderation queue of submitted ideas (publish / reject with an optional answer) and the
// list of all ideas with a status form (status + official answer).

import { ApiError } from "./api.js";
import { formatDate, statusLabel, t } from "./i18n.js";
import { el, fieldChip, statusBadge } from "./ui.js";

const STATUSES = ["submitted", "published", "in_review", "implemented", "rejected"];
// A hint for the select only; the ideas service decides (409 for an invalid transition).
const TRANSITIONS = {
  submitted: ["published", "rejected"],
  published: ["in_review", "implemented", "rejected"],
  in_review: ["published", "implemented", "rejected"],
  implemented: ["in_review"],
  rejected: ["published"],
};

function answerRequired(idea, target) {
  return target === "implemented" || (target === "rejected" && Boolean(idea.published_at));
}

function ideaFacts(idea) {
  const facts = [
    idea.published_at
      ? t("ideas.publishedAt", { date: formatDate(idea.published_at) })
      : t("ideas.submittedAt", { date: formatDate(idea.created_at) }),
  ];
  if (idea.status !== "submitted") {
    facts.push(
      t("ideas.supports", { n: idea.supports }),
      t("ideas.comments", { n: idea.comments }),
    );
  }
  if (idea.location) {
    facts.push(
      t("ideas.location", { lat: idea.location.lat.toFixed(5), lon: idea.location.lon.toFixed(5) }),
    );
  }
  return el("ul", { class: "meta" }, facts.map((f) => el("li", { text: f })));
}

/** A list section backed by GET /api/ideas with paging; items render through `renderItem`. */
function ideaList({ ctx, prefix, list, more, count, query, renderItem, emptyNode }) {
  const state = { items: [], total: 0, page: 0, loaded: false, loading: false };
  const drafts = new Map(); // idea id → {answer, status}

  function render() {
    list.replaceChildren(...state.items.map((idea) => renderItem(idea, drafts)));
    more.hidden = !state.loaded || state.items.length >= state.total;
    if (emptyNode) emptyNode.hidden = !state.loaded || state.total > 0;
    count?.();
  }

  async function load({ append = false } = {}) {
    const page = append ? state.page + 1 : 1;
    state.loading = true;
    try {
      const params = query();
      params.set("page", page);
      const answer = await ctx.call(`/api/ideas?${params}`);
      const firstNew = state.items.length;
      const seen = new Set(append ? state.items.map((i) => i.id) : []);
      const fresh = answer.items.filter((i) => !seen.has(i.id));
      state.items = append ? [...state.items, ...fresh] : answer.items;
      state.total = answer.total;
      state.page = page;
      state.loaded = true;
      render();
      if (append) document.getElementById(`${prefix}-${state.items[firstNew]?.id}-h`)?.focus();
    } catch (err) {
      ctx.failed(err);
    } finally {
      state.loading = false;
    }
  }

  more.addEventListener("click", () => {
    if (!state.loading) load({ append: true });
  });

  /** Drop or replace an idea after an action and keep keyboard focus in a sensible place. */
  function settle(id, replacement, heading) {
    const index = state.items.findIndex((i) => i.id === id);
    if (index < 0) return;
    if (replacement) {
      state.items[index] = replacement;
      drafts.delete(id);
      render();
      document.getElementById(`${prefix}-${id}-h`)?.focus();
      return;
    }
    state.items.splice(index, 1);
    state.total = Math.max(0, state.total - 1);
    drafts.delete(id);
    render();
    const next = state.items[index] || state.items[index - 1];
    (next ? document.getElementById(`${prefix}-${next.id}-h`) : heading).focus();
  }

  return { state, load, render, settle, drafts };
}

export function createQueue(ctx) {
  const heading = document.getElementById("h-queue");
  const countEl = document.getElementById("queue-count");
  const list = ideaList({
    ctx,
    prefix: "q",
    list: document.getElementById("queue-list"),
    more: document.getElementById("queue-more"),
    emptyNode: document.getElementById("queue-empty"),
    count: () => {
      countEl.textContent = list.state.loaded ? t("m.count", { n: list.state.total }) : "";
    },
    query: () => new URLSearchParams({ status: "submitted", sort: "new", page_size: 20 }),
    renderItem,
  });

  function renderItem(idea, drafts) {
    const base = `q-${idea.id}`;
    const answer = el("textarea", {
      id: `${base}-answer`,
      rows: 3,
      "aria-describedby": `${base}-answer-error`,
      oninput: () => drafts.set(idea.id, { answer: answer.value }),
    });
    answer.value = drafts.get(idea.id)?.answer || "";
    const error = el("span", { id: `${base}-answer-error`, class: "error-text", "aria-live": "polite" });
    const act = (status) => () => decide(idea, status, answer, error);
    return el(
      "li",
      { class: "card mod-item", dataset: { ideaId: idea.id } },
      el("p", { class: "meta" }, fieldChip(idea.field)),
      el("h3", { id: `${base}-h`, tabindex: "-1", text: idea.title }),
      ideaFacts(idea),
      idea.body ? el("p", { class: "quote", text: idea.body }) : null,
      el(
        "div",
        { class: "field answer-field" },
        el("label", { for: answer.id, text: t("m.answer.optional") }),
        answer,
        error,
      ),
      el(
        "div",
        { class: "actions" },
        el("button", {
          type: "button",
          class: "btn",
          text: t("m.publish"),
          "aria-describedby": `${base}-h`,
          onclick: act("published"),
        }),
        el("button", {
          type: "button",
          class: "btn danger",
          text: t("m.reject"),
          "aria-describedby": `${base}-h`,
          onclick: act("rejected"),
        }),
      ),
    );
  }

  async function decide(idea, status, answerInput, errorEl) {
    const body = { status };
    const text = answerInput.value.trim();
    if (text) body.answer = text;
    try {
      await ctx.call(`/api/ideas/${encodeURIComponent(idea.id)}/status`, { method: "POST", body });
      ctx.feedback(() => t(status === "published" ? "m.published" : "m.rejected", { title: idea.title }));
      list.settle(idea.id, null, heading);
      ctx.ideasChanged("queue");
    } catch (err) {
      const fieldError = err instanceof ApiError ? err.fieldErrors.answer : null;
      if (fieldError) {
        errorEl.textContent = fieldError;
        answerInput.setAttribute("aria-invalid", "true");
        answerInput.focus();
      }
      ctx.failed(err);
    }
  }

  document.getElementById("queue-refresh").addEventListener("click", () => list.load());
  return { load: () => list.load(), render: () => list.render(), heading };
}

export function createAllIdeas(ctx) {
  const heading = document.getElementById("h-all");
  const q = document.getElementById("all-q");
  const status = document.getElementById("all-status");
  const sort = document.getElementById("all-sort");
  const countEl = document.getElementById("all-count");
  let debounce = null;

  const list = ideaList({
    ctx,
    prefix: "a",
    list: document.getElementById("all-list"),
    more: document.getElementById("all-more"),
    count: () => {
      const s = list.state;
      if (!s.loaded) countEl.textContent = t("ideas.loading");
      else if (s.total === 0) countEl.textContent = t("ideas.none");
      else countEl.textContent = t("ideas.count", { shown: s.items.length, n: s.total });
    },
    query: () => {
      const params = new URLSearchParams({ sort: sort.value, page_size: 20 });
      if (status.value) params.set("status", status.value);
      if (q.value.trim()) params.set("q", q.value.trim());
      return params;
    },
    renderItem,
  });

  function fillStatusFilter() {
    const value = status.value;
    status.replaceChildren(
      el("option", { value: "", text: t("m.all.anyStatus") }),
      ...STATUSES.map((s) => el("option", { value: s, text: statusLabel(s) })),
    );
    status.value = value;
  }

  function renderItem(idea, drafts) {
    const base = `a-${idea.id}`;
    const draft = drafts.get(idea.id) || {};
    const select = el(
      "select",
      {
        id: `${base}-status`,
        onchange: () => drafts.set(idea.id, { ...drafts.get(idea.id), status: select.value }),
      },
      el("option", {
        value: idea.status,
        text: t("m.status.current", { status: statusLabel(idea.status) }),
      }),
      (TRANSITIONS[idea.status] || []).map((s) => el("option", { value: s, text: statusLabel(s) })),
    );
    if (draft.status) select.value = draft.status;
    const answer = el("textarea", {
      id: `${base}-answer`,
      rows: 3,
      "aria-describedby": `${base}-answer-hint ${base}-answer-error`,
      oninput: () => drafts.set(idea.id, { ...drafts.get(idea.id), answer: answer.value }),
    });
    answer.value = draft.answer || "";
    const error = el("span", { id: `${base}-answer-error`, class: "error-text", "aria-live": "polite" });
    const form = el(
      "form",
      {
        class: "status-form",
        novalidate: true,
        "aria-labelledby": `${base}-h`,
        onsubmit: (event) => {
          event.preventDefault();
          save(idea, select, answer, error);
        },
      },
      el(
        "div",
        { class: "field" },
        el("label", { for: select.id, text: t("m.status.new") }),
        select,
      ),
      el(
        "div",
        { class: "field answer-field" },
        el("label", { for: answer.id, text: t("ideas.answer") }),
        el("span", { id: `${base}-answer-hint`, class: "hint", text: t("m.answer.hint") }),
        answer,
        error,
      ),
      el(
        "div",
        { class: "actions" },
        el("button", { type: "submit", class: "btn", text: t("m.status.save") }),
      ),
    );
    return el(
      "li",
      { class: "card mod-item", dataset: { ideaId: idea.id } },
      el("p", { class: "meta" }, fieldChip(idea.field), statusBadge(idea.status)),
      el("h3", { id: `${base}-h`, tabindex: "-1", text: idea.title }),
      ideaFacts(idea),
      idea.body ? el("p", { class: "quote", text: idea.body }) : null,
      idea.answer
        ? el(
            "div",
            { class: "answer" },
            el("h4", { text: t("m.currentAnswer") }),
            el("p", { text: idea.answer.text }),
          )
        : null,
      form,
    );
  }

  async function save(idea, select, answerInput, errorEl) {
    const target = select.value;
    const text = answerInput.value.trim();
    errorEl.textContent = "";
    answerInput.removeAttribute("aria-invalid");
    if (!text && answerRequired(idea, target)) {
      errorEl.textContent = t("m.answer.required");
      answerInput.setAttribute("aria-invalid", "true");
      answerInput.focus();
      return;
    }
    const body = { status: target };
    if (text) body.answer = text;
    try {
      const updated = await ctx.call(`/api/ideas/${encodeURIComponent(idea.id)}/status`, {
        method: "POST",
        body,
      });
      ctx.feedback(() => t("m.statusSet", { title: idea.title, status: statusLabel(updated.status) }));
      const stillListed = !status.value || status.value === updated.status;
      list.settle(idea.id, stillListed ? updated : null, heading);
      ctx.ideasChanged("all");
    } catch (err) {
      const fieldError = err instanceof ApiError ? err.fieldErrors.answer : null;
      if (fieldError) {
        errorEl.textContent = fieldError;
        answerInput.setAttribute("aria-invalid", "true");
        answerInput.focus();
      }
      ctx.failed(err);
    }
  }

  document.getElementById("all-filters").addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(debounce);
    list.load();
  });
  q.addEventListener("input", () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => list.load(), 350);
  });
  status.addEventListener("change", () => list.load());
  sort.addEventListener("change", () => list.load());
  document.getElementById("all-refresh").addEventListener("click", () => list.load());
  fillStatusFilter();

  return {
    load: () => list.load(),
    render() {
      fillStatusFilter();
      list.render();
    },
    heading,
  };
}
