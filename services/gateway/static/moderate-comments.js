// The queue of comments waiting for moderation: publish or reject each one.

import { formatDate, t } from "./i18n.js";
import { el } from "./ui.js";

export function createComments(ctx) {
  const heading = document.getElementById("h-comments");
  const list = document.getElementById("comments-list");
  const empty = document.getElementById("comments-empty");
  const countEl = document.getElementById("comments-count");
  const titles = new Map(); // idea id → title (or null when it cannot be loaded)
  let items = [];
  let loaded = false;

  async function titleOf(ideaId) {
    if (!titles.has(ideaId)) {
      titles.set(
        ideaId,
        ctx
          .call(`/api/ideas/${encodeURIComponent(ideaId)}`)
          .then((idea) => idea.title)
          .catch(() => null),
      );
    }
    return titles.get(ideaId);
  }

  function render() {
    list.replaceChildren(...items.map(renderItem));
    empty.hidden = !loaded || items.length > 0;
    countEl.textContent = loaded ? t("m.count", { n: items.length }) : "";
  }

  function renderItem(comment) {
    const base = `c-${comment.id}`;
    const title = comment.ideaTitle;
    return el(
      "li",
      { class: "card mod-item", dataset: { commentId: comment.id } },
      el("h3", {
        id: `${base}-h`,
        tabindex: "-1",
        text: title
          ? t("m.comments.on", { title })
          : t("m.comments.onUnknown", { id: comment.idea_id }),
      }),
      el("p", { class: "quote", text: comment.body }),
      el("p", { class: "muted", text: formatDate(comment.created_at) }),
      el(
        "div",
        { class: "actions" },
        el("button", {
          type: "button",
          class: "btn",
          text: t("m.comments.publish"),
          "aria-describedby": `${base}-h`,
          onclick: () => decide(comment, "published"),
        }),
        el("button", {
          type: "button",
          class: "btn danger",
          text: t("m.comments.reject"),
          "aria-describedby": `${base}-h`,
          onclick: () => decide(comment, "rejected"),
        }),
      ),
    );
  }

  async function decide(comment, status) {
    const path = `/api/ideas/${encodeURIComponent(comment.idea_id)}/comments/${encodeURIComponent(comment.id)}/status`;
    try {
      await ctx.call(path, { method: "POST", body: { status } });
      ctx.feedback(() => t(status === "published" ? "m.comments.published" : "m.comments.rejected"));
      const index = items.findIndex((c) => c.id === comment.id);
      items.splice(index, 1);
      render();
      const next = items[index] || items[index - 1];
      (next ? document.getElementById(`c-${next.id}-h`) : heading).focus();
      if (status === "published") ctx.ideasChanged("comments");
    } catch (err) {
      ctx.failed(err);
    }
  }

  async function load() {
    try {
      const answer = await ctx.call("/api/ideas/comments?status=submitted");
      const fresh = answer.items || [];
      await Promise.all(
        fresh.map(async (c) => {
          c.ideaTitle = await titleOf(c.idea_id);
        }),
      );
      items = fresh;
      loaded = true;
      render();
    } catch (err) {
      ctx.failed(err);
    }
  }

  document.getElementById("comments-refresh").addEventListener("click", load);
  return { load, render, heading };
}
