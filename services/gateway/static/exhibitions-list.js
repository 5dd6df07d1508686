// The console's list of exhibitions (newest first) with their status, and the form that creates
// one (a draft until it is opened).

import { ApiError } from "./api.js";
import { t } from "./i18n.js";
import { el } from "./ui.js";

const $ = (id) => document.getElementById(id);

export function statusText(status) {
  return t(`x.status.${status}`);
}

export function createList(ctx, { onSelect }) {
  const list = $("exhibition-list");
  let items = [];

  function draw() {
    const current = ctx.exhibition();
    list.replaceChildren(
      ...(items.length ? [] : [el("li", { class: "muted", text: t("x.c.list.none") })]),
      ...items.map((x) =>
        el(
          "li",
          { class: "x-list-item", "aria-current": x.id === current?.id ? "true" : null },
          el("strong", { text: x.title }),
          el("span", { class: "badge", dataset: { status: x.status }, text: statusText(x.status) }),
          el(
            "button",
            { type: "button", class: "btn small secondary", onclick: () => onSelect(x.id, { focus: true }) },
            t("x.c.show"),
            el("span", { class: "visually-hidden", text: `: ${x.title}` }),
          ),
        ),
      ),
    );
  }

  async function load() {
    const answer = await ctx.call("/api/exhibitions");
    items = answer.items || [];
    draw();
  }

  $("exhibition-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const title = $("exhibition-title");
    const error = $("exhibition-error");
    const text = title.value.trim();
    error.textContent = text ? "" : t("x.c.missingTitle");
    title.setAttribute("aria-invalid", String(!text));
    if (!text) {
      title.focus();
      return;
    }
    const description = $("exhibition-description").value.trim();
    try {
      const made = await ctx.call("/api/exhibitions", {
        method: "POST",
        body: description ? { title: text, description } : { title: text },
      });
      $("exhibition-form").reset();
      $("exhibition-new").open = false;
      ctx.ok(t("x.c.new.done", { title: made.title }));
      await load();
      await onSelect(made.id, { focus: true });
    } catch (err) {
      const fieldError = err instanceof ApiError ? err.fieldErrors.title : null;
      if (fieldError) {
        error.textContent = fieldError;
        title.setAttribute("aria-invalid", "true");
        title.focus();
      } else ctx.fail(err);
    }
  });

  return { load, draw };
}
