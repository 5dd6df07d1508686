"""The citizen app on a phone: withdrawing one's own idea through a real, keyboard-accessible
confirmation dialog (from "my ideas" and from the idea's page), and the opt-in to an exact spot."""

from __future__ import annotations

import re
import time
from typing import Any

from playwright.sync_api import expect

from tests.browser.helpers import (
    PHONE,
    call,
    fields_of_action,
    format_violations,
    participant,
    serious_violations,
)


def _submit(base: str, token: str, title: str) -> dict[str, Any]:
    body = {"title": title, "field": fields_of_action(base)[0]}
    status, idea = call(base, "POST", "/api/ideas", body, token=token)
    assert status == 201, idea
    return idea


def _focused(page: Any) -> str:
    return page.evaluate(
        "() => (document.activeElement.closest('dialog') ? 'dialog:' : '')"
        " + document.activeElement.textContent.trim()"
    )


def test_withdrawing_from_my_ideas_asks_first_and_works_by_keyboard(
    running_stack: Any, new_page: Any, artifacts: Any, moderator_token: str
) -> None:
    base = running_stack.url
    token, storage = participant(base)
    stamp = time.time_ns()
    kept = _submit(base, token, f"Bleibt stehen {stamp}")
    gone = _submit(base, token, f"Wird zurückgezogen {stamp}")
    status, _ = call(
        base, "POST", f"/api/ideas/{gone['id']}/status", {"status": "published"}, moderator_token
    )
    assert status == 200

    page = new_page(viewport=PHONE, local=storage)
    page.goto(base + "/#/mine")
    card = page.locator("#mine-list > li").filter(has_text=gone["title"])
    button = card.get_by_role("button", name=re.compile("^Zurückziehen"))
    expect(button).to_be_visible()
    assert serious_violations(page) == [], format_violations(serious_violations(page))

    # Escape cancels: nothing happens and the keyboard is back on the button.
    button.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Idee zurückziehen?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(gone["title"])
    expect(dialog.get_by_role("button", name="Abbrechen")).to_be_focused()
    page.screenshot(path=artifacts / "citizen-withdraw-dialog.png", full_page=True)
    assert serious_violations(page) == [], format_violations(serious_violations(page))
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(button).to_be_focused()
    assert call(base, "GET", f"/api/ideas/{gone['id']}")[0] == 200

    # Confirmed by keyboard: the card leaves the list, the focus stays in the list.
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    page.keyboard.press("Tab")
    assert _focused(page) == "dialog:Ja, zurückziehen"
    page.keyboard.press("Tab")
    assert _focused(page) == "dialog:Abbrechen", "Tab left the open dialog"
    page.keyboard.press("Shift+Tab")
    assert _focused(page) == "dialog:Ja, zurückziehen"
    page.keyboard.press("Enter")
    expect(card).to_have_count(0)
    expect(page.locator("#mine-count")).to_have_text("1 Idee")
    expect(page.locator("#announcer")).to_contain_text("zurückgezogen")
    assert page.evaluate("document.activeElement.closest('#view-mine') !== null")
    assert call(base, "GET", f"/api/ideas/{gone['id']}")[0] == 404
    status, mine = call(base, "GET", "/api/ideas?mine=true", token=token)
    assert [i["id"] for i in mine["items"]] == [kept["id"]]
    page.screenshot(path=artifacts / "citizen-withdraw-done.png", full_page=True)


def test_withdrawing_from_the_ideas_page_leads_back_to_my_ideas(
    running_stack: Any, new_page: Any
) -> None:
    base = running_stack.url
    token, storage = participant(base)
    idea = _submit(base, token, f"Auf der Ideenseite zurückgezogen {time.time_ns()}")
    page = new_page(viewport=PHONE, local=storage)
    page.goto(f"{base}/#/ideas/{idea['id']}")
    expect(page.get_by_role("heading", name=idea["title"], level=2)).to_be_visible()
    page.get_by_role("button", name="Zurückziehen").click()
    page.get_by_role("dialog").get_by_role("button", name="Ja, zurückziehen").click()
    expect(page).to_have_url(re.compile("#/mine$"))
    expect(page.locator("#mine-count")).to_have_text(re.compile("noch keine Idee"))
    assert call(base, "GET", f"/api/ideas/{idea['id']}", token=token)[0] == 404

    # Someone else's idea has no such button.
    other_token, _ = participant(base)
    other = _submit(base, other_token, f"Fremde Idee {time.time_ns()}")
    page.goto(f"{base}/#/ideas/{other['id']}")
    expect(page.locator("#h-idea")).to_have_text(re.compile("Diese Idee gibt es nicht|Fremde"))
    expect(page.get_by_role("button", name="Zurückziehen")).to_have_count(0)


def test_the_exact_spot_is_an_opt_in_shown_only_with_a_location(
    running_stack: Any, new_page: Any, artifacts: Any
) -> None:
    base = running_stack.url
    token, storage = participant(base)
    page = new_page(
        viewport=PHONE,
        local=storage,
        geolocation={"latitude": 50.7753, "longitude": 6.0839},  # Markt, Aachen
        permissions=["geolocation"],
    )
    page.goto(base + "/#/submit")
    exact = page.get_by_label(re.compile("Genauen Ort speichern"))
    expect(exact).to_be_hidden()
    page.get_by_role("button", name="Meinen Standort verwenden").click()
    expect(exact).to_be_visible()
    expect(exact).not_to_be_checked()
    expect(page.locator("#loc-exact-hint")).to_contain_text("100 m")
    assert serious_violations(page) == [], format_violations(serious_violations(page))
    page.screenshot(path=artifacts / "citizen-submit-exact-spot.png", full_page=True)
    exact.check()
    title = f"Genau hier am Markt {time.time_ns()}"
    page.locator("#idea-title").fill(title)
    page.locator("#idea-field").select_option(index=1)
    page.get_by_role("button", name="Idee einreichen").click()
    expect(page.locator("#submit-result")).to_contain_text(title)
    expect(exact).to_be_hidden()  # the form starts afresh: no location, no opt-in

    _, mine = call(base, "GET", "/api/ideas?mine=true", token=token)
    (idea,) = [i for i in mine["items"] if i["title"] == title]
    assert idea["location"] == {"lat": 50.7753, "lon": 6.0839}
