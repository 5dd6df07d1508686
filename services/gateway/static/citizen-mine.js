// "My ideas": what this device submitted, in every status, with the official answer.

import { ApiError, participantApi } from "./api.js";
import { formatDate, t } from "./i18n.js";
import { el, fieldChip, statusBadge } from "./ui.js";

const PAGE_SIZE = 20;

function hasParticipantToken() {
  try {
    return Boolean(localStorage.getItem("oecherlab.participant"));
  } catch {
    return false;
  }
}

export function createMine({ onError }) {
  const list = document.getElementById("mine-list");
  const count = document.getElementById("mine-count");
  const more = document.getElementById("mine-more");
  const state = { items: [], total: 0, page: 0, loaded: false, loading: false };

  function card(idea) {
    const answer = idea.answer
      ? el(
          "div",
          { class: "answer" },
          el("h4", { text: t("ideas.answer") }),
          el("p", { text: idea.answer.text }),
        )
      : el("p", { class: "muted", text: t("c.mine.noAnswer") });
    return el(
      "li",
      { class: "card", dataset: { ideaId: idea.id } },
      el("p", { class: "meta" }, fieldChip(idea.field), statusBadge(idea.status)),
      el("h3", {}, el("a", { href: `#/ideas/${encodeURIComponent(idea.id)}`, text: idea.title })),
      el("p", { class: "muted", text: t("ideas.submittedAt", { date: formatDate(idea.created_at) }) }),
      answer,
    );
  }

  function render() {
    list.replaceChildren(...state.items.map(card));
    if (!state.loaded) count.textContent = t("ideas.loading");
    else if (state.total === 0) count.textContent = t("c.mine.none");
    else count.textContent = t("c.mine.count", { n: state.total });
    more.hidden = !state.loaded || state.items.length >= state.total;
  }

  async function load({ append = false } = {}) {
    if (!hasParticipantToken()) {
      Object.assign(state, { items: [], total: 0, page: 0, loaded: true });
      render();
      return;
    }
    const page = append ? state.page + 1 : 1;
    state.loading = true;
    if (!append && !state.loaded) render();
    try {
      const params = new URLSearchParams({ mine: "true", sort: "new", page, page_size: PAGE_SIZE });
      const answer = await participantApi(`/api/ideas?${params}`);
      const firstNew = state.items.length;
      state.items = append ? [...state.items, ...answer.items] : answer.items;
      state.total = answer.total;
      state.page = page;
      state.loaded = true;
      render();
      if (append) list.children[firstNew]?.querySelector("a")?.focus();
    } catch (err) {
      state.loaded = true;
      render();
      onError(err instanceof ApiError ? err.localized : String(err));
    } finally {
      state.loading = false;
    }
  }

  more.addEventListener("click", () => {
    if (!state.loading) load({ append: true });
  });

  return {
    heading: document.getElementById("h-mine"),
    show() {
      load();
    },
    refreshLanguage: render,
    focusIdea(id) {
      const link = list.querySelector(`li[data-idea-id="${CSS.escape(id)}"] a`);
      link?.focus();
      return Boolean(link);
    },
  };
}
