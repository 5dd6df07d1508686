"""Every page a person uses, with real data, beyond what axe-core sees (test_accessibility.py):

- at 320 CSS px wide and at 200 % zoom nothing is lost (WCAG 1.4.10 Reflow, 1.4.4 Resize text):
  no sideways scrolling, no text cut off, spilling out of its box or lying under a fixed
  element, the page's main controls shown and within the width, and at 320 px axe-core finds
  nothing serious; screenshots at 320 px go to test-artifacts/reflow-320-<page>.png;
- by keyboard alone (2.1.1, 2.1.2, 2.4.1, 2.4.3, 2.4.7): the first Tab lands on the skip link
  (on the lab's screens, which have no header, on the footer's links), Tab then goes through the
  page in reading order with a visible focus indicator at every stop, passes the footer's legal
  links and comes round to the start again (no trap).

Whole tasks done by keyboard alone are tested with the tasks: submitting an idea
(test_citizen.py::test_keyboard_alone_reaches_and_submits_the_form), withdrawing one
(test_citizen_withdraw.py), rating an exhibit (test_exhibitions_pages.py), ranking options on a
phone (test_voting_pages.py), scoring as a juror (test_hackathon_pages.py); voting on a 320 px
phone is the last test here. Live regions and charts: test_live_regions.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.a11y_checks import assert_nothing_lost
from tests.browser.a11y_focus import indicator_problems, order_problems, tab_round
from tests.browser.a11y_pages import PAGE_NAMES
from tests.browser.a11y_scene import Scene, scene_of
from tests.browser.helpers import assert_no_serious_violations

NARROW = {"width": 320, "height": 640}  # WCAG 1.4.10: 1280 px at 400 %
# 200 % zoom of a 1366 × 900 browser window. Zooming a page in the browser changes exactly what
# this changes: the page is laid out for a viewport half as wide and half as high in CSS px
# (devicePixelRatio only sharpens the picture, and no page asks for it). Resizing the open page,
# instead of loading it again, is also what zooming does, and keeps the test fast.
ZOOMED = {"width": 683, "height": 450}
LEGAL_LINKS = ("Datenschutz", "Barrierefreiheit", "Impressum")


@pytest.fixture
def scene(running_stack: Any, moderator_token: str) -> Scene:
    return scene_of(running_stack, moderator_token)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_nothing_is_lost_at_320_px_wide_and_at_200_percent_zoom(
    name: str, scene: Scene, new_page: Any, artifacts: Any
) -> None:
    controls = scene.pages[name].controls
    page = scene.open(new_page, name, viewport=NARROW)
    page.screenshot(path=artifacts / f"reflow-320-{name}.png", full_page=True)
    assert_nothing_lost(page, controls, f"{name} at 320 px")
    # axe-core at this width too: the narrow layouts (and the screens' scrolling one) are
    # layouts of their own, with their own colours and sizes.
    assert_no_serious_violations(page)

    page.set_viewport_size(ZOOMED)
    page.wait_for_timeout(100)  # pages that lay out by script (the screens) follow the resize
    assert_nothing_lost(page, controls, f"{name} at 200 %")


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_the_keyboard_goes_round_every_page_in_order_and_visibly(
    name: str, scene: Scene, new_page: Any
) -> None:
    page = scene.open(new_page, name)
    # A page may put the focus on its work when it opens (the jury's page on its first project,
    # for the keyboard use the jury asked for); Tab then goes on from there.
    moved = page.evaluate("document.activeElement !== document.body")
    stops, came_round = tab_round(page)
    names = [stop["name"] for stop in stops]
    assert stops, "Tab focuses nothing"
    if scene.pages[name].kind == "screen":
        assert stops[0]["footer"], names
    elif moved:
        assert any(stop["skip"] for stop in stops), f"no skip link on the way round: {names}"
    else:
        assert stops[0]["skip"], f"the first Tab lands on {names[0]}, not the skip link"
    assert came_round, f"the focus never came back to the start (a trap?): {names[-5:]}"
    footer = " ".join(stop["name"] for stop in stops if stop["footer"])
    assert all(link in footer for link in LEGAL_LINKS), names
    assert order_problems(stops) == [], names
    assert indicator_problems(stops) == []


def test_a_phone_at_320_px_votes_by_keyboard_alone(scene: Scene, new_page: Any) -> None:
    page = scene.open(new_page, "join-poll", viewport=NARROW)
    for _ in range(20):  # Tab until the first answer: the way a keyboard user gets there
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type === 'radio'"):
            break
    expect(page.get_by_role("radio", name="Rad")).to_be_focused()
    page.keyboard.press("ArrowDown")  # a radio group: the arrow keys choose
    expect(page.get_by_role("radio", name="Bus")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Abstimmen")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#thanks")).to_contain_text("Bus")
