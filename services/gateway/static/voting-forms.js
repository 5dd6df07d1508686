// The voting inputs of each poll type, built for thumbs and keyboards alike: native radio buttons
// and checkboxes as big tiles, steppers for points, up/down buttons for a ranking.
// pollForm(poll, previous) → {node, choice()} where choice() gives [choice, problem text or null].

import { t } from "./i18n.js";
import { announce, el } from "./ui.js";

let uid = 0;

function tile(type, name, value, label, checked) {
  const id = `v-${name}-${++uid}`;
  return el(
    "div",
    { class: "v-choice" },
    el("input", { type, id, name, value, checked: Boolean(checked) }),
    el("label", { for: id, text: label }),
  );
}

function group(legend, ...children) {
  return el("fieldset", { class: "v-fieldset" }, el("legend", { class: "visually-hidden", text: legend }), ...children);
}

function single(poll, previous) {
  const name = `single${++uid}`;
  const node = group(
    poll.question,
    poll.options.map((o) => tile("radio", name, o.id, o.label, previous === o.id)),
  );
  return {
    node,
    choice: () => {
      const picked = node.querySelector("input:checked");
      return picked ? [picked.value, null] : [null, t("v.pickOne")];
    },
  };
}

function multiple(poll, previous = []) {
  const max = poll.settings.max_choices;
  const name = `multi${++uid}`;
  const hint = el("p", { class: "hint", text: t("v.pickMax", { n: max }) });
  const node = group(poll.question, hint, poll.options.map((o) => tile("checkbox", name, o.id, o.label, previous.includes(o.id))));
  const sync = () => {
    const boxes = [...node.querySelectorAll("input")];
    const full = boxes.filter((b) => b.checked).length >= max;
    for (const b of boxes) b.disabled = full && !b.checked;
  };
  node.addEventListener("change", sync);
  sync();
  return {
    node,
    choice: () => {
      const ids = [...node.querySelectorAll("input:checked")].map((b) => b.value);
      return ids.length ? [ids, null] : [null, t("v.pickOne")];
    },
  };
}

function scale(poll, previous) {
  const s = poll.settings;
  const name = `scale${++uid}`;
  const values = [];
  for (let v = s.min; v <= s.max; v += 1) values.push(v);
  const row = el(
    "div",
    { class: "v-scale-pick", dataset: { n: values.length } },
    values.map((v) => tile("radio", name, String(v), String(v), previous === v)),
  );
  const ends = el(
    "p",
    { class: "v-scale-ends" },
    el("span", { text: s.min_label ? `${s.min}: ${s.min_label}` : "" }),
    el("span", { text: s.max_label ? `${s.max}: ${s.max_label}` : "" }),
  );
  const node = group(`${poll.question} – ${t("v.scale.pick", { min: s.min, max: s.max })}`, row, ends);
  return {
    node,
    choice: () => {
      const picked = node.querySelector("input:checked");
      return picked ? [Number(picked.value), null] : [null, t("v.pickOne")];
    },
  };
}

function wordcloud(_poll) {
  const id = `word${++uid}`;
  const input = el("input", {
    id,
    type: "text",
    maxlength: "60",
    autocomplete: "off",
    enterkeyhint: "send",
    class: "v-word-input",
    "aria-describedby": `${id}-hint`,
  });
  const node = el(
    "div",
    { class: "field" },
    el("label", { for: id, text: t("v.word.label") }),
    el("p", { class: "hint", id: `${id}-hint`, text: t("v.word.hint") }),
    input,
  );
  return {
    node,
    choice: () => {
      const text = input.value.trim();
      return text ? [text, null] : [null, t("v.pickOne")];
    },
  };
}

function points(poll, previous = {}) {
  const budget = poll.settings.budget;
  const values = Object.fromEntries(poll.options.map((o) => [o.id, previous[o.id] || 0]));
  const left = el("p", { class: "v-points-left", "aria-live": "polite" });
  const rows = poll.options.map((o) => {
    const out = el("output", { class: "v-points-value", "aria-label": o.label });
    const less = el("button", { type: "button", class: "btn secondary v-step", "aria-label": t("v.points.less", { label: o.label }), text: "−" });
    const more = el("button", { type: "button", class: "btn secondary v-step", "aria-label": t("v.points.more", { label: o.label }), text: "+" });
    less.addEventListener("click", () => change(o.id, -1));
    more.addEventListener("click", () => change(o.id, +1));
    return { id: o.id, out, less, more, node: el("li", { class: "v-points-row" }, el("span", { class: "v-points-label", text: o.label }), less, out, more) };
  });
  function total() {
    return Object.values(values).reduce((a, b) => a + b, 0);
  }
  function sync() {
    const rest = budget - total();
    left.textContent = t("v.points.left", { n: rest, budget });
    for (const r of rows) {
      r.out.textContent = String(values[r.id]);
      r.less.disabled = values[r.id] === 0;
      r.more.disabled = rest === 0;
    }
  }
  function change(id, step) {
    const next = values[id] + step;
    if (next < 0 || total() + step > budget) return;
    values[id] = next;
    sync();
  }
  const node = group(poll.question, left, el("ul", { class: "v-points" }, rows.map((r) => r.node)));
  sync();
  return {
    node,
    choice: () => {
      const given = Object.fromEntries(Object.entries(values).filter(([, n]) => n > 0));
      return Object.keys(given).length ? [given, null] : [null, t("v.pickOne")];
    },
  };
}

function ranking(poll, previous) {
  const order = previous?.length === poll.options.length ? [...previous] : poll.options.map((o) => o.id);
  const label = (id) => poll.options.find((o) => o.id === id).label;
  const list = el("ol", { class: "v-ranking" });
  function draw(focusId, focusDir) {
    list.textContent = "";
    order.forEach((id, i) => {
      const up = el("button", { type: "button", class: "btn secondary v-step", "aria-label": t("v.rank.up", { label: label(id) }), text: "↑", disabled: i === 0 });
      const down = el("button", { type: "button", class: "btn secondary v-step", "aria-label": t("v.rank.down", { label: label(id) }), text: "↓", disabled: i === order.length - 1 });
      up.addEventListener("click", () => move(i, -1));
      down.addEventListener("click", () => move(i, +1));
      list.append(el("li", { class: "v-rank-row", dataset: { id } }, el("span", { class: "v-rank-pos", text: `${i + 1}.` }), el("span", { class: "v-rank-label", text: label(id) }), up, down));
      if (id === focusId) (focusDir < 0 && i > 0 ? up : !down.disabled ? down : up).focus();
    });
  }
  function move(i, dir) {
    const j = i + dir;
    if (j < 0 || j >= order.length) return;
    [order[i], order[j]] = [order[j], order[i]];
    draw(order[j], dir);
    announce(t("v.rank.moved", { label: label(order[j]), n: j + 1 }));
  }
  draw();
  const node = group(poll.question, el("p", { class: "hint", text: t("v.rank.hint") }), list);
  return { node, choice: () => [[...order], null] };
}

const BUILDERS = { single, multiple, scale, wordcloud, points, ranking };

export function pollForm(poll, previous) {
  return BUILDERS[poll.type](poll, previous);
}
