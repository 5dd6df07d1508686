"""What a screen reader is given for the parts of the lab's screens and the staff consoles that
change by themselves (WCAG 4.1.2 Name, role, value; 4.1.3 Status messages; 1.1.1 Non-text
content), read from Chromium's accessibility tree through the DevTools protocol:

- every live region (aria-live, role status, log, timer) has a name saying what it reports,
  besides alerts (their text is the message) and a form field's error (named by its field);
- every chart (poll results, ratings, leaderboard, ideas per field) has a name, its bars are
  hidden from screen readers, and each of its entries carries its figure as text.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.a11y_pages import PAGE_NAMES
from tests.browser.a11y_scene import Scene, scene_of

LIVE = "[aria-live]:not([aria-live='off']), [role=status], [role=log], [role=timer]"
# Regions that need no name of their own (see the module's docstring).
UNNAMED_OK = "[role=alert], .error-text, [id]:is({described})"
NAMEABLE = {"status", "log", "timer", "region", "alert"}
CHARTS = "ol.v-bars, ol.v-columns, ul.v-cloud, ol.x-dist, ol.x-rows, table.hk-board, ul.wall-fields"
# The drawn part of each chart: decoration, as its figures are also text.
BARS = ".v-bar-track, .v-column-track, .x-dist-bar, .x-row-bar, .wall-fields .bar"
# The chart each page must show with the scene's data.
CHART_OF = {
    "screen-ideas": "ul.wall-fields",
    "screen-session": "ol.v-bars",
    "screen-exhibition": "ol.x-dist",
    "screen-hackathon": "table.hk-board",
    "workshop": "ol.v-bars",
    "exhibitions": "ol.x-rows",
    "hackathon": "table.hk-board",
}
LIVE_PAGES = [n for n in PAGE_NAMES if n.startswith("screen-")] + [
    "moderate",
    "workshop",
    "exhibitions",
    "hackathons",
    "jury",
    "join-poll",  # the phone's page while a workshop runs
]


@pytest.fixture
def scene(running_stack: Any, moderator_token: str) -> Scene:
    return scene_of(running_stack, moderator_token)


def accessible(page: Any, selector: str) -> list[dict[str, Any]]:
    """Id, role and name of each element matching `selector`, as Chromium hands them to screen
    readers. A region hidden while empty (display: none) is not in the tree; its name is then
    the one its attributes give (aria-labelledby, aria-label), which is what it will have."""
    found = []
    cdp = page.context.new_cdp_session(page)
    try:
        for i in range(page.locator(selector).count()):
            js = f"document.querySelectorAll({selector!r})[{i}]"
            handle = cdp.send("Runtime.evaluate", {"expression": js})["result"]
            tree = cdp.send(
                "Accessibility.getPartialAXTree",
                {"objectId": handle["objectId"], "fetchRelatives": False},
            )
            node = tree["nodes"][0] if tree["nodes"] else {"ignored": True}
            described = page.evaluate(
                """(e) => ({id: e.id, role: e.getAttribute("role"), text: e.textContent.trim(),
                  name: (e.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean)
                    .map((id) => document.getElementById(id)?.textContent.trim()).join(" ")
                    || e.getAttribute("aria-label") || ""})""",
                page.locator(selector).nth(i).element_handle(),
            )
            if not node.get("ignored"):
                described["role"] = node.get("role", {}).get("value")
                described["name"] = node.get("name", {}).get("value", "")
            found.append(described)
    finally:
        cdp.detach()
    return found


def live_region_problems(page: Any) -> list[str]:
    """Live regions that a screen reader cannot name (see the module's docstring)."""
    described = page.evaluate(
        "() => [...document.querySelectorAll('[aria-describedby], [aria-errormessage]')]"
        ".flatMap(e => [...(e.getAttribute('aria-describedby') || '').split(' '),"
        " e.getAttribute('aria-errormessage')]).filter(Boolean).map(id => '#' + CSS.escape(id))"
    )
    exempt = UNNAMED_OK.format(described=", ".join(described) or ":not(*)")
    regions = f":is({LIVE}):not({exempt})"
    return [
        f"{r['id'] or r['text'][:30]!r} (role {r['role']}): no name"
        for r in accessible(page, regions)
        if not r["name"].strip() or r["role"] not in NAMEABLE
    ]


def chart_problems(page: Any) -> list[str]:
    """Charts without a name, with bars a screen reader would meet, or with an entry whose
    figure is not in its text."""
    found = [
        f"{c['id'] or c['text'][:30]!r}: no name"
        for c in accessible(page, CHARTS)
        if not c["name"].strip()
    ]
    found += page.evaluate(
        f"""() => [
          ...[...document.querySelectorAll({BARS!r})].filter(b => !b.closest("[aria-hidden=true]"))
            .map(b => b.className + ": a bar a screen reader meets"),
          ...[...document.querySelectorAll({CHARTS!r})]
            .flatMap(c => [...c.querySelectorAll(":scope > li, tbody > tr")])
            .filter(entry => !/\\d/.test(entry.textContent))
            .map(entry => entry.textContent.trim().slice(0, 30) + ": no figure as text"),
        ]"""
    )
    return found


@pytest.mark.parametrize("name", sorted(set(LIVE_PAGES) | set(CHART_OF)))
def test_live_regions_and_charts_have_names_and_text(
    name: str, scene: Scene, new_page: Any
) -> None:
    page = scene.open(new_page, name)
    if name in LIVE_PAGES:
        assert live_region_problems(page) == []
    if name in CHART_OF:
        assert page.locator(CHART_OF[name]).count() > 0, f"{name} shows no {CHART_OF[name]}"
    assert chart_problems(page) == []
