"""Checks beyond axe-core, evaluated in the page: text cut off by its box, controls pushed out
of reach, the keyboard's path through a page with its focus indicator, and the names of live
regions and charts. Each returns what it found wrong, so a failing test names the element."""

from __future__ import annotations

from typing import Any

# Text that its box hides: an element that clips (overflow hidden or clip, as ellipses and line
# clamps do) while its own text runs past its edge. Visually hidden elements (1 px boxes for
# screen readers) are meant to clip and are left out.
_CUT_TEXT = """() => {
  const out = [];
  const clips = (v) => v === "hidden" || v === "clip";
  for (const box of document.querySelectorAll("body *")) {
    const s = getComputedStyle(box);
    if (!clips(s.overflowX) && !clips(s.overflowY)) continue;
    if (s.visibility === "hidden" || !box.getClientRects().length) continue;
    if (box.clientWidth <= 2 || box.clientHeight <= 2) continue;
    const edge = box.getBoundingClientRect();
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      const owner = node.parentElement;
      const os = getComputedStyle(owner);
      if (os.visibility === "hidden" || !owner.getClientRects().length) continue;
      if (owner.closest(".visually-hidden, [aria-hidden='true']")) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        const outX = clips(s.overflowX) && (r.right > edge.right + 1 || r.left < edge.left - 1);
        const outY = clips(s.overflowY) && (r.bottom > edge.bottom + 1 || r.top < edge.top - 1);
        if (outX || outY) {
          out.push(`${box.tagName.toLowerCase()}#${box.id}.${box.className}: `
                   + node.textContent.trim().slice(0, 40));
          break;
        }
      }
    }
  }
  return [...new Set(out)];
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
    """Texts that an element clips, so that part of them cannot be read."""
    return page.evaluate(_CUT_TEXT)


def out_of_reach(page: Any, selectors: tuple[str, ...]) -> list[str]:
    """The page's main controls that are not shown or stick out at a side of the viewport."""
    return page.evaluate(_OUT_OF_REACH, list(selectors))
