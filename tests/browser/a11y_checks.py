"""Reflow checks beyond axe-core (WCAG 1.4.10 Reflow, 1.4.4 Resize text), evaluated in the
page as it is now: text cut off or spilling out of its box, text and controls lying under a fixed
element, main controls out of reach, sideways scrolling. Each returns what it found wrong, so a
failing test names the element and its text."""

from __future__ import annotations

from typing import Any

from tests.browser.helpers import assert_no_sideways_overflow

# Text that cannot be read in full: cut off by a box that clips it (overflow hidden or clip, as
# ellipses and line clamps do, or a page that does not scroll), or spilling out of its own box
# over its neighbours (a flex or grid item too narrow for a word). Visually hidden text (1 px
# boxes for screen readers) and decoration hidden from them are meant to be out of sight.
_CUT_TEXT = """() => {
  const out = new Set();
  const clips = (v) => v === "hidden" || v === "clip";
  const root = getComputedStyle(document.documentElement), body = getComputedStyle(document.body);
  const fixedX = clips(root.overflowX) || clips(body.overflowX);
  const fixedY = clips(root.overflowY) || clips(body.overflowY);
  const name = (e) => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}`
    + (typeof e.className === "string" && e.className ? "." + e.className.split(" ")[0] : "");
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const owner = node.parentElement;
    if (!text || !owner.getClientRects().length) continue;
    if (getComputedStyle(owner).visibility === "hidden") continue;
    if (owner.closest(".visually-hidden, [aria-hidden='true'], script, style, noscript")) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0.5);
    if (!rects.length) continue;
    const beyond = (edge, x, y) => rects.some((r) =>
      (x && (r.right > edge.right + 1 || r.left < edge.left - 1))
      || (y && (r.bottom > edge.bottom + 1 || r.top < edge.top - 1)));
    let box = owner;
    while (box.parentElement && getComputedStyle(box).display.startsWith("inline")
           || getComputedStyle(box).display === "contents") box = box.parentElement;
    const problem = (why, e) => out.add(`${why} ${name(e)}: ${text.slice(0, 40)}`);
    if (beyond(box.getBoundingClientRect(), true, false)) problem("spills out of", box);
    for (let e = owner; e && e !== document.body; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (!clips(s.overflowX) && !clips(s.overflowY)) continue;
      if (e.clientWidth <= 2 || e.clientHeight <= 2) break;  // a visually hidden box
      if (beyond(e.getBoundingClientRect(), clips(s.overflowX), clips(s.overflowY))) {
        problem("cut off by", e);
        break;
      }
    }
    const screen = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
    if (beyond(screen, fixedX, fixedY)) problem("out of the page, which does not scroll:", owner);
  }
  return [...out];
}"""

# Content that a fixed or sticky element (a badge, a bar) lies on: text or a control under it, in
# the part of the page now in view. Checked at the top and the bottom of a page, as a person
# scrolling sees it; what lies under it at the end cannot be uncovered.
_COVERED = """() => {
  const out = new Set();
  const shown = (e) => e.getClientRects().length && getComputedStyle(e).visibility !== "hidden";
  const fixed = [...document.querySelectorAll("body *")].filter((e) => {
    const p = getComputedStyle(e).position;
    return (p === "fixed" || p === "sticky") && shown(e) && e.textContent.trim();
  });
  if (!fixed.length) return [];
  const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1
    && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  const targets = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const owner = node.parentElement;
    if (!node.textContent.trim() || !shown(owner)) continue;
    if (owner.closest(".visually-hidden, [aria-hidden='true']")) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) targets.push([owner, r, node.textContent.trim()]);
  }
  const controls = "a[href], button, input:not([type=hidden]), select, textarea, summary";
  for (const c of document.querySelectorAll(controls)) {
    if (shown(c)) targets.push([c, c.getBoundingClientRect(), c.textContent.trim() || c.id]);
  }
  for (const f of fixed) {
    const box = f.getBoundingClientRect();
    for (const [owner, r, text] of targets) {
      if (f.contains(owner) || owner.contains(f) || !overlap(box, r)) continue;
      out.add(`${f.id || f.className} covers ${owner.tagName.toLowerCase()}: ${text.slice(0, 30)}`);
    }
  }
  return [...out];
}"""

# A control that cannot be reached: not shown, or sticking out at a side of the viewport.
_OUT_OF_REACH = """(selectors) => {
  const out = [];
  for (const sel of selectors) {
    const e = document.querySelector(sel);
    if (!e) { out.push(sel + ": missing"); continue; }
    const r = e.getBoundingClientRect();
    if (!r.width || !r.height) out.push(sel + ": not shown");
    else if (r.left < -1 || r.right > innerWidth + 1) out.push(sel + `: ${r.left}..${r.right}`);
  }
  return out;
}"""


def cut_text(page: Any) -> list[str]:
    """Texts that cannot be read in full (see _CUT_TEXT)."""
    return page.evaluate(_CUT_TEXT)


def covered(page: Any) -> list[str]:
    """Text and controls under a fixed or sticky element, at the top and the bottom of the page."""
    found = page.evaluate(_COVERED)
    page.evaluate("scrollTo(0, document.documentElement.scrollHeight)")
    found += page.evaluate(_COVERED)
    page.evaluate("scrollTo(0, 0)")
    return sorted(set(found))


def out_of_reach(page: Any, selectors: tuple[str, ...]) -> list[str]:
    """The page's main controls that are not shown or stick out at a side of the viewport."""
    return page.evaluate(_OUT_OF_REACH, list(selectors))


def assert_nothing_lost(page: Any, controls: tuple[str, ...], where: str) -> None:
    """At the page's present size nothing is lost: no sideways scrolling, no text cut off or
    covered, every main control shown and within the width."""
    try:
        assert_no_sideways_overflow(page)
    except AssertionError as exc:
        raise AssertionError(f"{where}: the page scrolls sideways: {exc}") from None
    assert cut_text(page) == [], where
    assert covered(page) == [], where
    assert out_of_reach(page, controls) == [], where
