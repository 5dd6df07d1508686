// The citizen app: a small hash router over four views (browse, one idea, submit, my ideas).

import { ApiError, loadConfig } from "./api.js";
import { createBrowse } from "./citizen-browse.js";
import { createDetail } from "./citizen-detail.js";
import { createMine } from "./citizen-mine.js";
import { createSubmit } from "./citizen-submit.js";
import { mountHeader } from "./header.js";
import { applyTranslations, onLanguageChange, t } from "./i18n.js";
import { notice, setFieldsOfAction } from "./ui.js";

const pageError = document.getElementById("page-error");
const showError = (message) => notice(pageError, message);

const TITLES = {
  ideas: "c.tab.ideas",
  submit: "c.tab.submit",
  mine: "c.tab.mine",
};

function parse(hash) {
  if (!hash || hash === "#" || hash === "#/") return { view: "ideas" };
  if (!hash.startsWith("#/")) return null; // an in-page anchor such as the skip link's #main
  const [name, id] = hash.slice(2).split("/");
  if (name === "ideas" && id) return { view: "idea", id: decodeURIComponent(id) };
  if (name in TITLES) return { view: name };
  return { view: "ideas" };
}

async function start() {
  mountHeader();
  applyTranslations();
  let config;
  try {
    config = await loadConfig();
  } catch (err) {
    showError(err instanceof ApiError ? err.localized : String(err));
    return;
  }
  setFieldsOfAction(config.fields_of_action);

  const browse = createBrowse({ fields: config.fields_of_action || [], onError: showError });
  const detail = createDetail({ onChanged: (idea) => browse.patch(idea) });
  const mine = createMine({ onError: showError });
  const submit = createSubmit({ config, onSubmitted: () => {} });
  const views = { ideas: browse, idea: detail, submit, mine };
  let current = null;
  let lastDetailId = null;

  function route({ focus = true } = {}) {
    const next = parse(location.hash);
    if (!next) return;
    const previous = current;
    current = next.view;
    notice(pageError, "");
    for (const name of Object.keys(views)) {
      document.getElementById(`view-${name}`).hidden = name !== next.view;
    }
    const tab = next.view === "idea" ? "ideas" : next.view;
    for (const link of document.querySelectorAll(".tabs a[data-tab]")) {
      if (link.dataset.tab === tab) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    views[next.view].show(next, previous);
    if (next.view !== "idea") document.title = `${t(TITLES[next.view])} – OecherLab Co-Creation`;
    // Back from an idea: return keyboard focus to the link that opened it.
    const back = previous === "idea" && lastDetailId && views[next.view].focusIdea?.(lastDetailId);
    if (next.view === "idea") lastDetailId = next.id;
    if (focus && !back) {
      views[next.view].heading.focus();
      window.scrollTo(0, 0);
    }
  }

  window.addEventListener("hashchange", () => route());
  onLanguageChange(() => {
    for (const view of Object.values(views)) view.refreshLanguage();
    if (current && current !== "idea") {
      document.title = `${t(TITLES[current])} – OecherLab Co-Creation`;
    }
  });
  route({ focus: false });
}

start();
