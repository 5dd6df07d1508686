"""axe-core finds no serious or critical violation on any page; a screenshot of each is kept.
Every page with a header starts with a skip link in the page's language."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    LAPTOP,
    PHONE,
    SCREEN,
    call,
    format_violations,
    moderator_session,
    serious_violations,
)


def _first_idea(base: str) -> dict[str, Any]:
    status, listing = call(base, "GET", "/api/ideas?sort=new&page_size=1")
    assert status == 200 and listing["items"], listing
    return listing["items"][0]


PAGES = {
    # name: (path, viewport, element that shows the page is ready)
    "citizen-browse": ("/", PHONE, "#ideas-list > li"),
    "citizen-submit": ("/#/submit", PHONE, "#idea-form"),
    "citizen-mine": ("/#/mine", PHONE, "#mine-count:not(:empty)"),
    "citizen-detail": ("/#/ideas/{idea}", PHONE, "#support-toggle"),
    "citizen-browse-en": ("/?lang=en", PHONE, "#ideas-list > li"),
    "moderate-login": ("/moderate", LAPTOP, "#login-form"),
    "moderate-console": ("/moderate", LAPTOP, "#all-list > li"),
    "moderate-console-phone": ("/moderate", PHONE, "#all-list > li"),
    "screen-ideas": ("/screen/ideas", SCREEN, "#wall-list > li"),
    "join": ("/join", PHONE, "#join-form"),
    "workshop-login": ("/workshop", LAPTOP, "#login-form"),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violations(
    name: str, running_stack: Any, new_page: Any, artifacts: Any, moderator_token: str
) -> None:
    path, viewport, ready = PAGES[name]
    base = running_stack.url
    if "{idea}" in path:
        path = path.format(idea=_first_idea(base)["id"])
    session = moderator_session(moderator_token) if name.startswith("moderate-console") else None
    page = new_page(viewport=viewport, session=session)
    page.goto(base + path)
    expect(page.locator(ready).first).to_be_visible()
    page.wait_for_timeout(300)  # let late texts (counts, labels) settle
    page.screenshot(path=artifacts / f"page-{name}.png", full_page=True)
    violations = serious_violations(page)
    assert not violations, format_violations(violations)


def test_form_errors_are_accessible(running_stack: Any, new_page: Any, artifacts: Any) -> None:
    page = new_page(viewport=PHONE)
    page.goto(running_stack.url + "/#/submit")
    page.get_by_role("button", name="Idee einreichen").click()
    expect(page.locator("#title-error")).not_to_be_empty()
    page.screenshot(path=artifacts / "page-citizen-submit-errors.png", full_page=True)
    violations = serious_violations(page)
    assert not violations, format_violations(violations)


@pytest.mark.parametrize("path", ["/", "/moderate", "/join", "/workshop"])
def test_the_skip_link_comes_first_and_speaks_the_language(
    path: str, running_stack: Any, new_page: Any, artifacts: Any
) -> None:
    page = new_page(viewport=PHONE)
    page.goto(running_stack.url + path)
    skip = page.locator(".skip-link")
    expect(skip).to_have_count(1)  # the header is written by a module: wait for it
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Zum Inhalt springen")
    expect(skip).to_be_in_viewport()
    name = path.strip("/") or "citizen"
    page.screenshot(path=artifacts / f"skip-link-{name}.png")
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()

    page.get_by_role("button", name="EN – English").click()
    expect(skip).to_have_text("Skip to content")
    page.reload()
    expect(skip).to_have_text("Skip to content")  # the choice is remembered
