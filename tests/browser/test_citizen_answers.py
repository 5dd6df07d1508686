"""An idea's official answers on the phone: a moderator's new answer shows first, and the
earlier one is still there to read, in German and English."""

from __future__ import annotations

import time
from typing import Any

from playwright.sync_api import expect

from tests.browser.helpers import (
    PHONE,
    assert_no_serious_violations,
    call,
    fields_of_action,
    participant,
)


def test_an_idea_keeps_its_earlier_official_answers(
    running_stack: Any, new_page: Any, artifacts: Any, moderator_token: str
) -> None:
    base = running_stack.url
    token, _storage = participant(base)
    body = {"title": f"Trinkbrunnen am Markt {time.time_ns()}", "field": fields_of_action(base)[0]}
    status, idea = call(base, "POST", "/api/ideas", body, token)
    assert status == 201, idea
    path = f"/api/ideas/{idea['id']}/status"
    first = {"status": "published", "answer": "Wir prüfen den Standort mit dem Tiefbauamt."}
    assert call(base, "POST", path, first, moderator_token)[0] == 200
    second = {"status": "implemented", "answer": "Der Brunnen steht seit Mai."}
    assert call(base, "POST", path, second, moderator_token)[0] == 200

    page = new_page(viewport=PHONE)
    page.goto(f"{base}/#/ideas/{idea['id']}")
    answer = page.locator(".answer")
    expect(answer.locator("> p").first).to_have_text("Der Brunnen steht seit Mai.")
    earlier = answer.locator("details.earlier-answers")
    expect(earlier.locator("summary")).to_have_text("Frühere Antwort (1)")
    earlier.locator("summary").click()
    expect(earlier).to_contain_text("Wir prüfen den Standort mit dem Tiefbauamt.")
    assert_no_serious_violations(page)
    page.screenshot(path=artifacts / "citizen-answers.png", full_page=True)
    page.get_by_role("button", name="EN – English").click()
    expect(earlier.locator("summary")).to_have_text("Earlier answer (1)")
