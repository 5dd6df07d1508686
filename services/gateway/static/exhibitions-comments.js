// Comments on exhibits waiting for moderation (of every exhibition): publish or reject each one.
// Published comments appear on the exhibition's screen and in the exhibit's summary.

import { formatDate, t } from "./i18n.js";
import { el } from "./ui.js";

const $ = (id) => document.getElementById(id);
const SOON_MS = 3_000;

export function createComments(ctx) {
  const heading = $("h-comments");
  const list = $("comments-list");
  const empty = $("comments-empty");
  const countEl = $("comments-count");
  const titles = new Map(); // exhibit id → a promise of "exhibit (exhibition)", or null
  let items = [];
  let loaded = false;
  let soonTimer = null;

  function titleOf(exhibitId) {
    const known = ctx.exhibition()?.exhibits?.find((e) => e.id === exhibitId);
    if (known) return Promise.resolve(`${known.title} (${ctx.exhibition().title})`);
    if (!titles.has(exhibitId)) {
      titles.set(
        exhibitId,
        ctx
          .call(`/api/exhibitions/exhibits/${encodeURIComponent(exhibitId)}`)
          .then((e) => `${e.title} (${e.exhibition?.title || ""})`)
          .catch(() => null),
      );
    }
    return titles.get(exhibitId);
  }

  function render() {
    list.replaceChildren(...items.map(renderItem));
    empty.hidden = !loaded || items.length > 0;
    countEl.textContent = loaded ? t("m.count", { n: items.length }) : "";
  }

  function renderItem(comment) {
    const base = `xc-${comment.id}`;
    const button = (key, status, cls) =>
      el("button", {
        type: "button",
        class: `btn ${cls}`,
        text: t(key),
        "aria-describedby": `${base}-h`,
        onclick: () => decide(comment, status),
      });
    return el(
      "li",
      { class: "card", dataset: { commentId: comment.id } },
      el("h3", {
        id: `${base}-h`,
        tabindex: "-1",
        text: comment.exhibitTitle
          ? t("x.c.comments.on", { title: comment.exhibitTitle })
          : t("x.c.comments.onUnknown"),
      }),
      el("p", { class: "x-quote", text: comment.body }),
      el("p", { class: "muted", text: formatDate(comment.created_at) }),
      el(
        "div",
        { class: "actions" },
        button("m.comments.publish", "published", ""),
        button("m.comments.reject", "rejected", "danger"),
      ),
    );
  }

  async function decide(comment, status) {
    try {
      await ctx.call(`/api/exhibitions/comments/${encodeURIComponent(comment.id)}/status`, {
        method: "POST",
        body: { status },
      });
      ctx.ok(t(status === "published" ? "m.comments.published" : "m.comments.rejected"));
      const index = items.findIndex((c) => c.id === comment.id);
      items.splice(index, 1);
      render();
      const next = items[index] || items[index - 1];
      (next ? $(`xc-${next.id}-h`) : heading).focus();
    } catch (err) {
      ctx.fail(err);
    }
  }

  async function load() {
    try {
      const answer = await ctx.call("/api/exhibitions/comments?status=submitted");
      const fresh = answer.items || [];
      const ids = (list) => list.map((c) => c.id).join(",");
      // Unchanged: keep the list as it is, so a focused button stays focused.
      if (loaded && ids(fresh) === ids(items)) return;
      await Promise.all(
        fresh.map(async (c) => {
          c.exhibitTitle = await titleOf(c.exhibit_id);
        }),
      );
      items = fresh;
      loaded = true;
      render();
    } catch (err) {
      ctx.fail(err);
    }
  }

  /** Load again shortly (a live state may bring a new comment; several come as one). */
  function soon() {
    clearTimeout(soonTimer);
    soonTimer = setTimeout(load, SOON_MS);
  }

  $("comments-refresh").addEventListener("click", load);
  return { load, render, soon };
}
