// The parts of "Meine Daten" (me.js): one section per kind of data in the export, each item a
// card in plain words, an empty part saying "Nothing stored". Text goes in as text nodes only.

import { formatDate, t } from "./i18n.js";
import { el, statusBadge } from "./ui.js";

/** Poll types whose votes name the poll's options by id (the others hold a number or a word). */
export const OPTION_TYPES = new Set(["single", "multiple", "points", "ranking"]);

const when = (key, iso) => el("span", { text: t(key, { date: formatDate(iso) }) });
const missing = (key) => el("span", { class: "muted", text: t(key) });

function ideaLink(id, title) {
  if (!title) return missing("me.idea.gone");
  return el("a", { href: `/#/ideas/${encodeURIComponent(id)}`, text: title });
}

/** A comment's moderation status as a badge (submitted, published, rejected). */
function moderation(status) {
  const key = `me.comment.status.${status}`;
  const text = t(key);
  return el("span", { class: "badge", dataset: { status }, text: text === key ? status : text });
}

/** <dl> of [key, ...value nodes] pairs; a null pair is left out. */
function facts(...pairs) {
  return el(
    "dl",
    { class: "me-facts" },
    pairs.filter(Boolean).flatMap(([key, ...value]) => [el("dt", { text: t(key) }), el("dd", {}, ...value)]),
  );
}

function idea(i) {
  return el(
    "li",
    { class: "card" },
    el("h4", {}, ideaLink(i.id, i.title)),
    el("p", { class: "meta" }, statusBadge(i.status), when("ideas.submittedAt", i.created_at)),
  );
}

function comment(c) {
  return el(
    "li",
    { class: "card" },
    el("p", { class: "me-kicker", text: t("me.comment.on") }),
    el("h4", {}, ideaLink(c.idea_id, c.idea_title)),
    el("p", { class: "prewrap me-quote", text: c.body }),
    el("p", { class: "meta" }, moderation(c.status), when("me.comment.at", c.created_at)),
  );
}

function support(s) {
  return el(
    "li",
    { class: "card" },
    el("h4", {}, ideaLink(s.idea_id, s.idea_title)),
    el("p", { class: "meta" }, when("me.support.at", s.at)),
  );
}

function membership(m) {
  return el(
    "li",
    { class: "card" },
    el("h4", {}, m.session_title || missing("me.workshop.gone")),
    el("p", { class: "meta" }, when("me.workshop.at", m.joined_at)),
  );
}

/** A vote's choice as given: {nodes, ids} – ids: an option is shown by its id (no wording). */
function choiceOf(vote, labels) {
  const known = labels.get(vote.poll_id);
  let ids = false;
  const option = (id) => {
    const label = known?.get(id);
    if (label) return el("span", { text: label });
    ids = true;
    return el("code", { text: String(id) });
  };
  const items = (list) => el("ul", { class: "me-choices" }, list.map((nodes) => el("li", {}, nodes)));
  const c = vote.choice;
  let nodes;
  if (typeof c === "number") nodes = [String(c)];
  else if (typeof c === "string" && vote.type === "wordcloud") nodes = [t("me.vote.word", { word: c })];
  else if (typeof c === "string") nodes = [option(c)];
  else if (Array.isArray(c) && vote.type === "ranking") nodes = [items(c.map((id, n) => [`${n + 1}. `, option(id)]))];
  else if (Array.isArray(c)) nodes = [items(c.map((id) => [option(id)]))];
  else if (c && typeof c === "object") {
    nodes = [items(Object.entries(c).map(([id, n]) => [option(id), ": ", t("me.vote.points", { n })]))];
  } else nodes = [el("code", { text: JSON.stringify(c) })];
  return { nodes, ids };
}

function vote(v, labels) {
  const choice = choiceOf(v, labels);
  return el(
    "li",
    { class: "card" },
    el("h4", {}, v.question || missing("me.vote.gone")),
    facts(["me.vote.choice", ...choice.nodes]),
    choice.ids ? el("p", { class: "muted me-note", text: t("me.vote.idNote") }) : null,
    el(
      "p",
      { class: "meta" },
      when("me.vote.at", v.at),
      v.round > 1 ? el("span", { text: t("me.vote.round", { n: v.round }) }) : null,
    ),
  );
}

function rating(r) {
  // Every comment given with the rating, the earlier ones of a replaced rating too.
  const given = r.comments || (r.comment ? [r.comment] : []);
  const stars = "★".repeat(r.rating) + "☆".repeat(Math.max(0, 5 - r.rating));
  return el(
    "li",
    { class: "card" },
    el("h4", {}, r.exhibit_title || missing("me.rating.gone")),
    el(
      "p",
      { class: "me-stars" },
      el("span", { class: "me-star-glyphs", "aria-hidden": "true", text: stars }),
      " ",
      t("me.rating.stars", { n: r.rating }),
    ),
    given.length
      ? el(
          "div",
          { class: "me-given" },
          el("p", { class: "me-kicker", text: t("me.rating.comments", { n: given.length }) }),
          given.map((g) =>
            el(
              "div",
              { class: "me-comment" },
              el("p", { class: "prewrap me-quote", text: g.body }),
              el("p", { class: "meta" }, moderation(g.status), g.created_at ? when("me.comment.at", g.created_at) : null),
            ),
          ),
        )
      : el("p", { class: "muted", text: t("me.rating.noComment") }),
    el("p", { class: "meta" }, when("me.rating.at", r.given_at)),
  );
}

function team(tm) {
  const hackathon = tm.hackathon || { id: tm.hackathon_id };
  const names = tm.members || [];
  return el(
    "li",
    { class: "card" },
    el("h4", { text: tm.name }),
    facts(
      [
        "me.team.hackathon",
        hackathon.title
          ? el("a", { href: `/hackathon/${encodeURIComponent(hackathon.id)}`, text: hackathon.title })
          : missing("me.team.hackathonGone"),
      ],
      ["me.team.code", el("code", { text: tm.invite_code })],
      ["me.team.project", tm.project?.title || missing("me.team.noProject")],
      names.length ? ["me.team.names", names.join(", ")] : null,
    ),
  );
}

function part(name, key, items, card) {
  const id = `h-me-${name}`;
  return el(
    "section",
    { class: "me-part", "aria-labelledby": id, dataset: { part: name } },
    el("h3", { id }, t(key), items.length ? el("span", { class: "me-count", text: ` (${items.length})` }) : null),
    items.length
      ? el("ul", { class: "card-list" }, items.map(card))
      : el("p", { class: "muted me-empty", text: t("me.none") }),
  );
}

/** The sections for an export document (GET /api/me/export); `labels`: poll → option → label. */
export function renderParts(doc, labels) {
  const s = doc.services || {};
  const ideas = s.ideas || {};
  const voting = s.voting || {};
  return [
    part("ideas", "me.ideas.h", ideas.ideas || [], idea),
    part("comments", "me.comments.h", ideas.comments || [], comment),
    part("supports", "me.supports.h", ideas.supports || [], support),
    part("workshops", "me.workshops.h", voting.memberships || [], membership),
    part("votes", "me.votes.h", voting.votes || [], (v) => vote(v, labels)),
    part("ratings", "me.ratings.h", s.exhibitions?.ratings || [], rating),
    part("teams", "me.teams.h", s.hackathons?.teams || [], team),
  ];
}
