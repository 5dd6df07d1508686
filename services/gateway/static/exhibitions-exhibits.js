// The open exhibition's exhibits in the console: each with its code, its figures (live), and what
// staff do with it: print its sheet, set up a kiosk tablet (/kiosk/exhibit/<id>, opened on the
// tablet), switch off all its kiosks; and the form that adds an exhibit.

import { ApiError } from "./api.js";
import { createPrint } from "./exhibitions-print.js";
import { summaryView } from "./exhibitions-summary.js";
import { exhibitPath } from "./exhibitions-ui.js";
import { fieldLabel, t } from "./i18n.js";
import { el, fieldChip } from "./ui.js";

const $ = (id) => document.getElementById(id);

export function createExhibits(ctx) {
  const list = $("exhibit-list");
  const print = createPrint();
  let fields = [];
  let items = [];
  const summaries = new Map(); // exhibit id → its summary (by_day kept from the HTTP one)
  const views = new Map(); // exhibit id → its summaryView

  function setFields(names) {
    fields = names;
    const select = $("exhibit-field");
    const value = select.value;
    select.replaceChildren(
      el("option", { value: "", text: t("c.form.field.choose") }),
      ...fields.map((f) => el("option", { value: f, text: fieldLabel(f) })),
    );
    select.value = value;
  }

  function card(exhibit) {
    const base = `e-${exhibit.id}`;
    const view = summaryView();
    view.update(summaries.get(exhibit.id));
    views.set(exhibit.id, view);
    const action = (key, attrs) =>
      el(attrs.href ? "a" : "button", {
        class: "btn small secondary",
        "aria-describedby": `${base}-h`,
        text: t(key),
        ...attrs,
      });
    return el(
      "li",
      { class: "card x-exhibit", dataset: { exhibitId: exhibit.id } },
      el(
        "div",
        { class: "x-exhibit-head" },
        el("h4", { id: `${base}-h`, tabindex: "-1", text: exhibit.title }),
        exhibit.field ? fieldChip(exhibit.field) : null,
      ),
      el(
        "p",
        { class: "meta" },
        el("span", {}, `${t("x.screen.code")} `, el("strong", { class: "x-code", text: exhibit.code })),
        el("a", { href: exhibitPath(exhibit.code), target: "_blank", rel: "noopener", text: t("x.c.phoneLink") }),
      ),
      exhibit.description ? el("p", { class: "prewrap", text: exhibit.description }) : null,
      view.node,
      el(
        "div",
        { class: "actions" },
        action("x.c.sheet", {
          type: "button",
          onclick: (event) => print.open(exhibit, ctx.exhibition(), event.currentTarget),
        }),
        action("x.c.kiosk", {
          href: `/kiosk/exhibit/${encodeURIComponent(exhibit.id)}`,
          target: "_blank",
          rel: "noopener",
        }),
        action("x.c.revoke", { type: "button", class: "btn small danger", onclick: () => revoke(exhibit) }),
      ),
    );
  }

  function draw() {
    setFields(fields); // its texts, in the current language
    views.clear();
    list.replaceChildren(...items.map(card));
    $("exhibits-empty").hidden = items.length > 0;
    print.draw();
  }

  /** The exhibits of the newly opened exhibition and its summary (with days). */
  function set(exhibits, summary) {
    items = exhibits;
    summaries.clear();
    for (const s of summary?.exhibits || []) summaries.set(s.exhibit_id, s);
    draw();
  }

  /** A state of exhibition:<id>: the figures move, the days stay. */
  function live(state) {
    for (const s of state.exhibits || []) {
      const merged = { ...summaries.get(s.exhibit_id), ...s };
      summaries.set(s.exhibit_id, merged);
      views.get(s.exhibit_id)?.update(merged);
    }
  }

  async function revoke(exhibit) {
    if (!window.confirm(t("x.c.revokeConfirm", { title: exhibit.title }))) return;
    try {
      const path = `/api/exhibitions/exhibits/${encodeURIComponent(exhibit.id)}/kiosk`;
      const answer = await ctx.call(path, { method: "DELETE" });
      ctx.ok(t("x.c.revoked", { n: answer?.revoked ?? 0, title: exhibit.title }));
    } catch (err) {
      ctx.fail(err);
    }
  }

  $("exhibit-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const title = $("exhibit-title");
    const field = $("exhibit-field");
    const error = $("exhibit-error");
    let missing = null;
    if (!title.value.trim()) missing = [title, "x.c.missingTitle"];
    else if (!field.value) missing = [field, "c.form.field.missing"];
    title.setAttribute("aria-invalid", String(missing?.[0] === title));
    field.setAttribute("aria-invalid", String(missing?.[0] === field));
    error.textContent = missing ? t(missing[1]) : "";
    if (missing) {
      missing[0].focus();
      return;
    }
    const description = $("exhibit-description").value.trim();
    const body = { title: title.value.trim(), field: field.value, ...(description ? { description } : {}) };
    try {
      const path = `/api/exhibitions/${encodeURIComponent(ctx.exhibition().id)}/exhibits`;
      const made = await ctx.call(path, { method: "POST", body });
      items = [...items, made];
      $("exhibit-form").reset();
      draw();
      ctx.ok(t("x.c.exhibit.added", { title: made.title, code: made.code }));
      document.getElementById(`e-${made.id}-h`)?.focus();
    } catch (err) {
      const errors = err instanceof ApiError ? err.fieldErrors : {};
      const first = errors.title ? title : errors.field ? field : null;
      if (first) {
        error.textContent = errors.title || errors.field;
        first.setAttribute("aria-invalid", "true");
        first.focus();
      } else ctx.fail(err);
    }
  });

  return { set, live, draw, setFields };
}
