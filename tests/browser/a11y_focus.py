"""The keyboard's path through a page (WCAG 2.1.1 Keyboard, 2.1.2 No keyboard trap, 2.4.3 Focus
order, 2.4.7 Focus visible): Tab is pressed from the start of the page until the focus comes
round to where it started, and every stop is recorded in the page (a focusin listener) with its
place, whether it is in view, and its focus indicator while focused and after the focus moved on.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

MAX_TABS = 150  # the longest page (the moderation console) has about 75 stops

# The indicator may be drawn on the element or on its label (a visually hidden radio button's
# label draws it); an outline of at least 2 px or a box shadow counts as drawn.
_RECORD = """() => {
  if (window.__focusLog) return;
  const log = window.__focusLog = [];
  const parts = (e) => [e, ...(e.labels || [])];
  const look = (e) => parts(e).map((x) => {
    const s = getComputedStyle(x);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(" ");
  }).join(" | ");
  const drawn = (e) => parts(e).some((x) => {
    const s = getComputedStyle(x);
    return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== "none";
  });
  window.__focusLook = look;
  document.addEventListener("focusin", (event) => {
    const e = event.target;
    const previous = log[log.length - 1];
    if (previous && previous.element !== e) previous.unfocused = look(previous.element);
    const r = e.getBoundingClientRect();
    const boxes = parts(e).map((x) => x.getBoundingClientRect())
      .filter((b) => b.width >= 1 && b.height >= 1);
    const text = (e.getAttribute("aria-label") || e.textContent || e.value || "").trim();
    log.push({
      element: e,
      name: `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""} "${text.slice(0, 30)}"`,
      top: r.top + scrollY, left: r.left + scrollX,
      inView: boxes.some((b) => b.bottom > 0 && b.top < innerHeight
                                && b.right > 0 && b.left < innerWidth),
      focused: look(e), drawn: drawn(e), unfocused: null,
      footer: !!e.closest("footer"), skip: e.classList.contains("skip-link"),
      tabindex: e.tabIndex,
    });
  }, true);
}"""

# Back at the first stop: the path has gone once round the page.
_ROUND = """() => {
  const log = window.__focusLog;
  return log.length > 1 && log.slice(1).some((entry) => entry.element === log[0].element);
}"""

# The stops of one round, each with whether the next stop follows it in the document.
_READ = """() => {
  const log = window.__focusLog;
  const end = log.slice(1).findIndex((entry) => entry.element === log[0].element) + 1;
  const round = end > 0 ? log.slice(0, end) : log;
  return round.map((entry, i) => {
    const next = round[i + 1];
    const follows = !next || !!(entry.element.compareDocumentPosition(next.element)
                                & Node.DOCUMENT_POSITION_FOLLOWING);
    const { element, ...rest } = entry;
    return { ...rest, follows, unfocused: rest.unfocused ?? window.__focusLook(element) };
  });
}"""


def tab_round(page: Any) -> tuple[list[dict[str, Any]], bool]:
    """Press Tab from the start of the page until the focus is back at its first stop; return
    the stops of that round and whether it closed (False: the focus never came back, a trap)."""
    page.evaluate(_RECORD)
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        # Asked every few presses only: one question costs as much as several presses.
        if presses % 5 == 0 and page.evaluate(_ROUND):
            return page.evaluate(_READ), True
    return page.evaluate(_READ), False


def order_problems(stops: list[dict[str, Any]]) -> list[str]:
    """Stops out of order: a positive tabindex, a stop that comes before the previous one in the
    document, or one that goes up the page without going right (into the next column or along
    a row), which is not the way the page reads. `follows` of each stop (from _READ) says whether
    the next stop comes after it in the document."""
    found = []
    for before, stop in pairwise(stops):
        if before["footer"] and stop["skip"]:
            continue  # round the end of the page to its start (a round begun mid-page)
        if not before["follows"]:
            found.append(f"{stop['name']} comes before {before['name']} in the page")
        if stop["top"] < before["top"] - 4 and stop["left"] <= before["left"]:
            found.append(f"{stop['name']} is above and left of {before['name']}")
    found += [f"{s['name']} has tabindex {s['tabindex']}" for s in stops if s["tabindex"] > 0]
    return found


def indicator_problems(stops: list[dict[str, Any]]) -> list[str]:
    """Stops where the focus cannot be seen: out of view, no indicator drawn, or one that looks
    the same as without the focus."""
    found = []
    for stop in stops:
        if not stop["inView"]:
            found.append(f"{stop['name']} is out of view when focused")
        if not stop["drawn"] or stop["focused"] == stop["unfocused"]:
            found.append(f"{stop['name']} shows no focus indicator ({stop['focused']})")
    return found
