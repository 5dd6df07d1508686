// The jury of the open hackathon: each juror with how far they have come (scored, conflicts, of
// how many submitted projects), adding a jury account by its user name, taking one off; for
// admins, making a new jury account (its generated password is shown once) that joins right away.

import { busy, clearErrors, field, isBusy, showError } from "./hackathon-form.js";
import { formatNumber, t } from "./i18n.js";
import { el, notice, translated } from "./ui.js";

const $ = (id) => document.getElementById(id);
const USERNAME = "^[A-Za-z0-9_\\-]{3,64}$";

function nameForm(form, id, labelKey, buttonKey) {
  const input = el("input", {
    id,
    name: "username",
    type: "text",
    required: true,
    pattern: USERNAME,
    maxlength: 64,
    autocomplete: "off",
    autocapitalize: "none",
    spellcheck: "false",
  });
  const button = translated("button", buttonKey, { type: "submit", class: "btn" });
  form.append(field(input, labelKey, { hint: "hackathon.c.jury.nameHint" }), button);
  return { input, button };
}

export function createJury(ctx) {
  const add = nameForm($("juror-form"), "juror-name", "hackathon.c.jury.add", "hackathon.c.jury.addButton");
  const make = nameForm(
    $("account-form"),
    "account-name",
    "hackathon.c.jury.account",
    "hackathon.c.jury.accountButton",
  );
  let jury = { items: [], projects: 0 };
  let made = null; // {username, password}: shown once, until another hackathon is opened

  const base = () => `/api/hackathons/${encodeURIComponent(ctx.hackathon().id)}/jury`;

  function draw() {
    $("account-form").hidden = ctx.session()?.role !== "admin";
    $("jury-summary").textContent = t("hackathon.c.jury.projects", { n: jury.projects ?? 0 });
    $("juror-list").replaceChildren(
      ...(jury.items.length ? [] : [el("li", { class: "muted", text: t("hackathon.c.jury.none") })]),
      ...jury.items.map((j) =>
        el(
          "li",
          { class: "hk-juror" },
          el("strong", { text: j.username }),
          el("span", { text: t("jury.progress", { done: formatNumber(j.scored ?? 0), n: jury.projects ?? 0 }) }),
          j.conflicts
            ? el("span", { class: "muted", text: t("hackathon.c.jury.conflicts", { n: j.conflicts }) })
            : null,
          el(
            "button",
            { type: "button", class: "btn danger small", onclick: () => remove(j.username) },
            t("hackathon.c.jury.remove"),
            el("span", { class: "visually-hidden", text: `: ${j.username}` }),
          ),
        ),
      ),
    );
    notice($("account-made"), made ? t("hackathon.c.jury.made", made) : "");
  }

  async function load({ forget = false } = {}) {
    if (forget) made = null;
    try {
      jury = await ctx.call(base());
    } catch (err) {
      ctx.fail(err);
    }
    draw();
  }

  async function assign(username) {
    jury = await ctx.call(base(), { method: "POST", body: { username } });
    draw();
  }

  async function remove(username) {
    if (!window.confirm(t("hackathon.c.jury.removeConfirm", { name: username }))) return;
    try {
      jury = await ctx.call(`${base()}/${encodeURIComponent(username)}`, { method: "DELETE" });
      ctx.ok(t("hackathon.c.jury.removed", { name: username }));
      draw();
    } catch (err) {
      ctx.fail(err);
    }
  }

  function submitting(form, { input, button }, work) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (isBusy(button)) return;
      clearErrors(form);
      const username = input.value.trim();
      if (!new RegExp(USERNAME).test(username)) {
        showError(input, t("hackathon.c.jury.badName"));
        input.focus();
        return;
      }
      busy(button, true);
      try {
        await work(username);
        form.reset();
      } catch (err) {
        showError(input, err.localized || String(err));
        input.focus();
      } finally {
        busy(button, false);
      }
    });
  }

  submitting($("juror-form"), add, async (username) => {
    await assign(username);
    ctx.ok(t("hackathon.c.jury.added", { name: username }));
  });

  submitting($("account-form"), make, async (username) => {
    const answer = await ctx.call("/api/auth/accounts", { method: "POST", body: { username, role: "jury" } });
    made = { name: answer.username || username, password: answer.password || "" };
    draw(); // the password is shown even if adding the account to the jury fails
    await assign(made.name);
    $("account-made").focus();
  });

  $("jury-refresh").addEventListener("click", () => load());

  return { load, draw };
}
