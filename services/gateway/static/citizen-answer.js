// The official answer on an idea's page, with the earlier answers it replaced (a moderator's
// new answer never erases what citizens were told before: they stay readable, oldest first).

import { formatDate, t } from "./i18n.js";
import { el } from "./ui.js";

function answerText(answer) {
  return [
    el("p", { text: answer.text }),
    answer.at ? el("p", { class: "muted", text: t("c.idea.answerAt", { date: formatDate(answer.at) }) }) : null,
  ];
}

/** The answer block of `idea`, or null without an answer. */
export function answerBlock(idea) {
  if (!idea.answer) return null;
  const earlier = idea.earlier_answers || [];
  return el(
    "div",
    { class: "answer" },
    el("h3", { text: t("ideas.answer") }),
    ...answerText(idea.answer),
    earlier.length
      ? el(
          "details",
          { class: "earlier-answers" },
          el("summary", { text: t("c.idea.earlierAnswers", { n: earlier.length }) }),
          el("ol", {}, ...earlier.map((a) => el("li", {}, ...answerText(a)))),
        )
      : null,
  );
}
