// The open exhibition's alerts, shown prominently at the top of its panel: an exhibit whose recent
// ratings fell clearly below its usual ones. They come with every state of exhibition:<id>; the
// box is drawn again only when the alerts change, so its live region speaks only news.

import { formatDate, lang, t } from "./i18n.js";
import { meanText } from "./exhibitions-ui.js";
import { el } from "./ui.js";

export function createAlerts() {
  const box = document.getElementById("alerts");
  let items = [];
  let drawnKey = null;

  /** Show `next` (or the last ones again, e.g. after a language change). */
  function draw(next) {
    if (next) items = next;
    const key = `${lang()}|${items.map((a) => `${a.exhibit_id}@${a.raised_at}`).join(",")}`;
    if (key === drawnKey) return;
    drawnKey = key;
    if (!items.length) {
      box.replaceChildren();
      return;
    }
    box.replaceChildren(
      el(
        "div",
        { class: "x-alert" },
        el("h3", { text: t("x.c.alert.h", { n: items.length }) }),
        el(
          "ul",
          {},
          items.map((a) =>
            el(
              "li",
              {},
              el("strong", { text: a.title }),
              " ",
              t("x.c.alert.item", {
                n: a.recent_count,
                recent: meanText(a.recent_mean, 2),
                usual: meanText(a.usual_mean, 2),
              }),
              " ",
              el("span", { class: "x-alert-time", text: t("x.c.alert.since", { date: formatDate(a.raised_at) }) }),
            ),
          ),
        ),
      ),
    );
  }

  return { draw };
}
