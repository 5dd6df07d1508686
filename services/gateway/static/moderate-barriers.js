// The barriers reported with the accessibility statement's form (/accessibility#report): the
// open ones, oldest first, each with a "done" button. Their text is shown as text, never markup,
// and the page as text, not as a link: a report is what a stranger typed.

import { formatDate, t } from "./i18n.js";
import { el } from "./ui.js";

export function createBarriers(ctx) {
  const heading = document.getElementById("h-barriers");
  const list = document.getElementById("barriers-list");
  const empty = document.getElementById("barriers-empty");
  const countEl = document.getElementById("barriers-count");
  let items = [];
  let loaded = false;

  function render() {
    list.replaceChildren(...items.map(renderItem));
    empty.hidden = !loaded || items.length > 0;
    countEl.textContent = loaded ? t("m.count", { n: items.length }) : "";
  }

  function renderItem(report) {
    const base = `b-${report.id}`;
    return el(
      "li",
      { class: "card mod-item", dataset: { barrierId: report.id } },
      el("h3", { id: `${base}-h`, tabindex: "-1" }, t("barrier.m.on"), " ", el("code", { text: report.page })),
      el("p", { class: "quote", text: report.description }),
      el("p", {
        class: "muted",
        text: report.contact ? t("barrier.m.contact", { contact: report.contact }) : t("barrier.m.noContact"),
      }),
      el("p", { class: "muted", text: formatDate(report.created_at) }),
      el(
        "div",
        { class: "actions" },
        el("button", {
          type: "button",
          class: "btn",
          text: t("barrier.m.done"),
          "aria-describedby": `${base}-h`,
          onclick: () => markDone(report),
        }),
      ),
    );
  }

  async function markDone(report) {
    try {
      await ctx.call(`/api/barriers/${encodeURIComponent(report.id)}/status`, {
        method: "POST",
        body: { status: "done" },
      });
      ctx.feedback(() => t("barrier.m.doneOk"));
      const index = items.findIndex((r) => r.id === report.id);
      items.splice(index, 1);
      render();
      const next = items[index] || items[index - 1];
      (next ? document.getElementById(`b-${next.id}-h`) : heading).focus();
    } catch (err) {
      ctx.failed(err);
    }
  }

  async function load() {
    try {
      const answer = await ctx.call("/api/barriers?status=open");
      items = answer.items || [];
      loaded = true;
      render();
    } catch (err) {
      ctx.failed(err);
    }
  }

  function clear() {
    items = [];
    loaded = false;
    render();
  }

  document.getElementById("barriers-refresh").addEventListener("click", load);
  return { load, render, clear, heading };
}
