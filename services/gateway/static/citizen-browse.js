// Browse the published ideas: filter by field of action, search, sort, load more.

import { ApiError, api } from "./api.js";
import { fieldLabel, formatDate, t } from "./i18n.js";
import { el, excerpt, fieldChip, statusBadge } from "./ui.js";

const PAGE_SIZE = 10;

/** The card of one idea in a list (shared with "my ideas"). */
export function ideaCard(idea, { extra = [] } = {}) {
  return el(
    "li",
    { class: "card", dataset: { ideaId: idea.id } },
    // The status on every card: "in Prüfung" or "umgesetzt" is what a citizen looks for first.
    el("p", { class: "meta" }, fieldChip(idea.field), statusBadge(idea.status)),
    el("h3", {}, el("a", { href: `#/ideas/${encodeURIComponent(idea.id)}`, text: idea.title })),
    idea.body ? el("p", { class: "excerpt", text: excerpt(idea.body) }) : null,
    ...extra,
    el(
      "ul",
      { class: "meta" },
      el("li", {}, el("span", { "aria-hidden": "true" }, "♥ "), t("ideas.supports", { n: idea.supports })),
      el("li", { text: t("ideas.comments", { n: idea.comments }) }),
      idea.published_at
        ? el("li", { text: t("ideas.publishedAt", { date: formatDate(idea.published_at) }) })
        : null,
    ),
  );
}

export function createBrowse({ fields, onError }) {
  const form = document.getElementById("filters");
  const q = document.getElementById("f-q");
  const field = document.getElementById("f-field");
  const sort = document.getElementById("f-sort");
  const list = document.getElementById("ideas-list");
  const count = document.getElementById("ideas-count");
  const more = document.getElementById("ideas-more");

  const state = { items: [], total: 0, page: 0, loaded: false, loading: false };
  let controller = null;
  let debounce = null;

  function fillFieldSelect() {
    const value = field.value;
    field.replaceChildren(
      el("option", { value: "", text: t("c.ideas.allFields") }),
      ...fields.map((f) => el("option", { value: f, text: fieldLabel(f) })),
    );
    field.value = value;
  }

  function render() {
    list.replaceChildren(...state.items.map((idea) => ideaCard(idea)));
    if (!state.loaded) count.textContent = t("ideas.loading");
    else if (state.total === 0) {
      count.textContent = q.value.trim() || field.value ? t("ideas.none") : t("c.ideas.noneYet");
    } else count.textContent = t("ideas.count", { shown: state.items.length, n: state.total });
    more.hidden = !state.loaded || state.items.length >= state.total;
  }

  async function load({ append = false } = {}) {
    controller?.abort();
    controller = new AbortController();
    const page = append ? state.page + 1 : 1;
    const params = new URLSearchParams({ sort: sort.value, page, page_size: PAGE_SIZE });
    if (field.value) params.set("field", field.value);
    if (q.value.trim()) params.set("q", q.value.trim());
    state.loading = true;
    more.setAttribute("aria-disabled", "true");
    if (!append) {
      state.loaded = false;
      count.textContent = t("ideas.loading");
    }
    try {
      const answer = await api(`/api/ideas?${params}`, { signal: controller.signal });
      const firstNew = state.items.length;
      state.items = append ? dedupe([...state.items, ...answer.items]) : answer.items;
      state.total = answer.total;
      state.page = page;
      state.loaded = true;
      render();
      if (append) {
        // Keyboard users continue with the first newly loaded idea.
        list.children[firstNew]?.querySelector("a")?.focus();
      }
    } catch (err) {
      if (err?.name === "AbortError") return;
      state.loaded = true;
      render();
      onError(err instanceof ApiError ? err.localized : String(err));
    } finally {
      state.loading = false;
      more.removeAttribute("aria-disabled");
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(debounce);
    load();
  });
  q.addEventListener("input", () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => load(), 350);
  });
  field.addEventListener("change", () => load());
  sort.addEventListener("change", () => load());
  more.addEventListener("click", () => {
    if (!state.loading) load({ append: true });
  });

  fillFieldSelect();

  return {
    heading: document.getElementById("h-ideas"),
    show() {
      if (!state.loaded && !state.loading) load();
    },
    refreshLanguage() {
      fillFieldSelect();
      render();
    },
    /** Update one idea's counters after it changed in the detail view. */
    patch(idea) {
      const i = state.items.findIndex((x) => x.id === idea.id);
      if (i >= 0) {
        state.items[i] = { ...state.items[i], ...idea };
        render();
      }
    },
    focusIdea(id) {
      const link = list.querySelector(`li[data-idea-id="${CSS.escape(id)}"] a`);
      if (link) {
        link.focus();
        return true;
      }
      return false;
    },
  };
}

function dedupe(items) {
  const seen = new Set();
  return items.filter((i) => !seen.has(i.id) && seen.add(i.id));
}
