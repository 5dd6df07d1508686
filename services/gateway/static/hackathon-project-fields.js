// The fields of a project page (hackathon-project.js): texts with their counters, up to five links
// (web addresses, one more field on demand) and the open-data consent; filled from and read into the
// API's shape, and made read-only once nothing can be saved any more.

import { t } from "./i18n.js";
import { countChars, el, translated } from "./ui.js";

const MAX_LINKS = 5;
// [name, maximum length, rows (0: one line), required]
const TEXTS = [
  ["title", 200, 0, true],
  ["summary", 1000, 3, true],
  ["problem", 4000, 4, false],
  ["solution", 4000, 4, false],
];

/** `field` is hackathon-form.js's; returns {node, fill, read, drawCounters, setReadOnly}. */
export function projectFields(field) {
  const controls = {};
  const counters = {};
  const texts = TEXTS.map(([name, max, rows, required]) => {
    const attrs = { id: `hk-p-${name}`, name, maxlength: max, required };
    controls[name] = rows ? el("textarea", { ...attrs, rows }) : el("input", { ...attrs, type: "text" });
    counters[name] = el("span", { class: "counter" });
    return field(controls[name], `hackathon.project.${name}`, { optional: !required, counter: counters[name] });
  });

  const links = el("div", { class: "hk-links" });
  const addLink = translated("button", "hackathon.project.addLink", { type: "button", class: "btn secondary small" });
  const linkSet = el(
    "fieldset",
    { class: "hk-link-set" },
    el(
      "legend",
      {},
      translated("span", "hackathon.project.links"),
      " ",
      translated("span", "c.optional", { class: "optional" }),
    ),
    translated("p", "hackathon.project.linksHint", { class: "hint", id: "hk-links-hint" }),
    links,
    addLink,
  );
  const consent = el("input", {
    type: "checkbox",
    id: "hk-p-open-data",
    name: "open_data",
    "aria-describedby": "hk-p-open-data-hint",
  });
  const consentBox = el(
    "div",
    { class: "hk-consent" },
    consent,
    el(
      "div",
      {},
      translated("label", "hackathon.project.openData", { for: consent.id }),
      translated("span", "hackathon.project.openDataHint", { id: "hk-p-open-data-hint", class: "hint" }),
    ),
  );

  function linkInput(value = "") {
    const n = links.children.length + 1;
    const input = el("input", {
      id: `hk-p-link-${n}`,
      name: "links",
      type: "url",
      inputmode: "url",
      value,
      maxlength: 500,
      placeholder: "https://",
      "aria-describedby": "hk-links-hint",
    });
    const label = el("label", { for: input.id, text: t("hackathon.project.link", { n }) });
    links.append(
      el(
        "div",
        { class: "field hk-link" },
        label,
        input,
        el("span", { id: `${input.id}-error`, class: "error-text", "aria-live": "polite" }),
      ),
    );
    input.setAttribute("aria-describedby", `hk-links-hint ${input.id}-error`);
    addLink.hidden = links.children.length >= MAX_LINKS;
    return input;
  }

  addLink.addEventListener("click", () => linkInput().focus());

  function linkInputs() {
    return [...links.querySelectorAll("input")];
  }

  return {
    node: el("div", {}, texts, linkSet, consentBox),
    fill(project) {
      for (const [name] of TEXTS) controls[name].value = project[name] || "";
      links.replaceChildren();
      const saved = (project.links || []).slice(0, MAX_LINKS);
      for (const url of saved.length ? saved : [""]) linkInput(typeof url === "string" ? url : url.url || "");
      consent.checked = Boolean(project.open_data);
    },
    /** {body, invalid: [[control, key]]}: the API's body, and what must be fixed first. */
    read() {
      const body = {};
      const invalid = [];
      for (const [name, , , required] of TEXTS) {
        const value = controls[name].value.trim();
        if (value) body[name] = value;
        else if (required) invalid.push([controls[name], `hackathon.project.missing.${name}`]);
      }
      body.links = [];
      for (const input of linkInputs()) {
        const value = input.value.trim();
        if (!value) continue;
        if (!/^https?:\/\/\S+$/i.test(value)) invalid.push([input, "hackathon.project.badLink"]);
        body.links.push(value);
      }
      body.open_data = consent.checked;
      return { body, invalid };
    },
    drawCounters() {
      for (const [i, label] of [...links.querySelectorAll("label")].entries())
        label.textContent = t("hackathon.project.link", { n: i + 1 });
      for (const [name, max] of TEXTS) {
        const n = countChars(controls[name].value);
        counters[name].textContent = `${n} / ${max}`;
        counters[name].classList.toggle("over", n > max);
      }
    },
    setReadOnly(on) {
      for (const control of [...Object.values(controls), ...linkInputs()]) control.readOnly = on;
      consent.disabled = on;
      addLink.hidden = on || links.children.length >= MAX_LINKS;
    },
  };
}
