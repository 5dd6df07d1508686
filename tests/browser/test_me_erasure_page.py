"""Deleting everything from /me on a phone: a confirmation that defaults to "cancel", then one
click erases what the device gave in every service; the device forgets its identifiers, and a
service that did not answer gives a message to press again, which then works."""

from __future__ import annotations

import time
from typing import Any

from playwright.sync_api import expect

from tests.browser.helpers import (
    assert_no_serious_violations,
    assert_no_sideways_overflow,
    call,
    participant,
)
from tests.browser.test_me_page import PHONE, _everywhere

EMPTY = {
    "ideas": {"ideas": [], "comments": [], "supports": []},
    "voting": {"memberships": [], "votes": []},
    "exhibitions": {"ratings": []},
    "hackathons": {"teams": []},
}


def test_deleting_everything_from_my_data(
    running_stack: Any, new_page: Any, artifacts: Any, moderator_token: str
) -> None:
    base = running_stack.url
    phone, storage = participant(base)
    made = _everywhere(base, phone, moderator_token, time.time_ns())
    page = new_page(viewport=PHONE, local=storage)
    page.goto(base + "/me")
    erase = page.get_by_role("button", name="Alles löschen")
    expect(erase).to_be_visible()

    # Cancelled: the dialog's first focus is "Abbrechen", so a hasty Enter deletes nothing.
    erase.click()
    dialog = page.get_by_role("dialog", name="Wirklich alles löschen?")
    expect(dialog).to_be_visible()
    page.screenshot(path=artifacts / "me-erase-confirm-de.png")
    page.keyboard.press("Enter")
    expect(dialog).to_have_count(0)
    assert call(base, "GET", f"/api/ideas/{made['idea']['id']}")[0] == 200

    # One service does not answer the first time: press again, and it works.
    failures = {"left": 1}

    def flaky(route: Any) -> None:
        if failures["left"]:
            failures["left"] -= 1
            body = '{"status": 503, "code": "unavailable", "detail": "x"}'
            route.fulfill(status=503, content_type="application/problem+json", body=body)
        else:
            route.fallback()

    page.route("**/api/me", flaky)
    erase.click()
    page.get_by_role("button", name="Endgültig löschen").click()
    failed = page.locator("#me-erase-failed")
    expect(failed).to_contain_text("gleich noch einmal")
    expect(erase).to_be_focused()
    erase.click()
    page.get_by_role("button", name="Endgültig löschen").click()

    done = page.get_by_role("heading", name="Ihre Daten sind gelöscht")
    expect(done).to_be_visible()
    expect(done).to_be_focused()
    expect(page.get_by_role("button", name="Als JSON herunterladen")).to_be_hidden()
    assert page.evaluate("localStorage.getItem('oecherlab.participant')") is None
    exported = call(base, "GET", "/api/me/export", token=phone)[1]
    assert exported["services"] == EMPTY
    assert call(base, "GET", f"/api/ideas/{made['idea']['id']}")[0] == 404
    assert_no_sideways_overflow(page)
    assert_no_serious_violations(page)
    page.screenshot(path=artifacts / "me-erased-de.png", full_page=True)
    page.get_by_role("button", name="EN – English").click()
    expect(page.get_by_role("heading", name="Your data has been deleted")).to_be_visible()
    page.screenshot(path=artifacts / "me-erased-en.png", full_page=True)
