// "My ideas": what this device submitted, in every status, with the official answer; each one
// can be withdrawn (after a confirmation) and leaves the list at once.

import { ApiError, PARTICIPANT_KEY, participantApi } from "./api.js";
import { withdrawIdea } from "./citizen-withdraw.js";
import { formatDate, t } from "./i18n.js";
import { announce, el, fieldChip, statusBadge } from "./ui.js";

const PAGE_SIZE = 20;

function hasParticipantToken() {
  try {
    return Boolean(localStorage.getItem(PARTICIPANT_KEY));
  } catch {
    return false;
  }
}

export function createMine({ onError }) {
  const list = document.getElementById("mine-list");
  const count = document.getElementById("mine-count");
  const more = document.getElementById("mine-more");
  const heading = document.getElementById("h-mine");
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
      el(
        "div",
        { class: "actions" },
        el(
          "button",
          { type: "button", class: "btn danger small", onclick: () => withdraw(idea) },
          t("c.mine.withdraw"),
          // The title makes each card's button distinct for screen readers.
          el("span", { class: "visually-hidden", text: ` – ${idea.title}` }),
        ),
      ),
    );
  }

  async function withdraw(idea) {
    try {
      if (!(await withdrawIdea(idea))) return;
    } catch (err) {
      onError(err instanceof ApiError ? err.localized : String(err));
      return;
    }
    const index = state.items.findIndex((i) => i.id === idea.id);
    if (index < 0) return;
    state.items = state.items.filter((i) => i.id !== idea.id);
    state.total = Math.max(0, state.total - 1);
    render();
    // The button is gone with its card: keep the keyboard where the card was.
    const near = list.children[index] || list.children[index - 1];
    (near?.querySelector("a") || heading).focus();
    announce(t("c.withdraw.done", { title: idea.title }));
  }

  function render() {
    // Redrawing drops the focused element: put the focus back on the same card, or, when that
    // card has gone (its idea was withdrawn on its own page), on the heading.
    const focused = list.contains(document.activeElement) ? document.activeElement : null;
    const focusedCard = focused?.closest("li")?.dataset.ideaId;
    list.replaceChildren(...state.items.map(card));
    if (focused) {
      const which = focused.tagName === "BUTTON" ? "button" : "a";
      const selector = `li[data-idea-id="${CSS.escape(focusedCard || "")}"] ${which}`;
      (list.querySelector(selector) || heading).focus();
    }
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
    // From what is shown rather than a page counter: after a withdrawal the server's pages
    // have moved up by one, and counting pages on would skip an idea.
    const page = append ? Math.floor(state.items.length / PAGE_SIZE) + 1 : 1;
    state.loading = true;
    if (!append && !state.loaded) render();
    try {
      const params = new URLSearchParams({ mine: "true", sort: "new", page, page_size: PAGE_SIZE });
      const answer = await participantApi(`/api/ideas?${params}`);
      const firstNew = state.items.length;
      const shown = new Set(state.items.map((i) => i.id));
      state.items = append
        ? [...state.items, ...answer.items.filter((i) => !shown.has(i.id))]
        : answer.items;
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
    heading,
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
