"""The citizen app on a phone: submitting with validation as you type, keyboard only, support."""

from __future__ import annotations

import re
import time
from typing import Any

from playwright.sync_api import expect

from tests.browser.helpers import PHONE, call, fields_of_action, participant


def test_citizen_submits_idea_after_fixing_a_too_short_title(
    running_stack: Any, new_page: Any, artifacts: Any
) -> None:
    page = new_page(viewport=PHONE)
    page.goto(running_stack.url + "/")
    expect(page.locator("#ideas-list > li").first).to_be_visible()
    # Every card says where its idea stands.
    cards = page.locator("#ideas-list > li")
    expect(cards.locator(".badge[data-status]")).to_have_count(cards.count())
    page.screenshot(path=artifacts / "citizen-browse.png", full_page=True)

    page.get_by_role("link", name="Idee einreichen").click()
    expect(page.get_by_role("heading", name="Idee einreichen", level=2)).to_be_focused()
    form = page.locator("#idea-form")
    title = form.get_by_label("Titel")
    title.fill("Ab")
    error = page.locator("#title-error")
    expect(error).to_have_text(re.compile("zu kurz"))
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#title-counter")).to_have_text("2 / 120")
    page.screenshot(path=artifacts / "citizen-submit-validation.png", full_page=True)

    # Submitting now is refused on the phone, with the focus on the title.
    page.get_by_role("button", name="Idee einreichen").click()
    expect(page.locator("#submit-error")).to_contain_text("korrigieren")
    expect(title).to_be_focused()
    expect(page.locator("#field-error")).to_contain_text("Handlungsfeld")

    name = f"Trinkbrunnen am Hauptbahnhof {time.time_ns()}"
    title.fill(name)
    expect(error).to_be_empty()
    expect(title).not_to_have_attribute("aria-invalid", "true")
    form.get_by_label("Beschreibung").fill("Im Sommer fehlt dort frisches Wasser.")
    form.get_by_label("Handlungsfeld").select_option(index=2)
    page.get_by_role("button", name="Idee einreichen").click()
    result = page.locator("#submit-result")
    expect(result).to_contain_text(name)
    expect(result).to_be_focused()
    expect(title).to_have_value("")
    page.screenshot(path=artifacts / "citizen-submit-done.png", full_page=True)

    page.get_by_role("link", name="Stand in „Meine Ideen“ ansehen").click()
    mine = page.locator("#mine-list > li").filter(has_text=name)
    expect(mine).to_contain_text("Eingereicht")
    page.screenshot(path=artifacts / "citizen-mine.png", full_page=True)

    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_keyboard_alone_reaches_and_submits_the_form(
    running_stack: Any, new_page: Any, artifacts: Any
) -> None:
    page = new_page(viewport=PHONE)
    page.goto(running_stack.url + "/")
    expect(page.locator("#ideas-list > li").first).to_be_visible()

    def focused() -> dict[str, str]:
        return page.evaluate(
            "() => ({id: document.activeElement.id, text: document.activeElement.textContent,"
            " outline: getComputedStyle(document.activeElement).outlineStyle})"
        )

    for _ in range(10):
        page.keyboard.press("Tab")
        if focused()["text"].strip() == "Idee einreichen":
            break
    else:
        raise AssertionError("Tab never reached the 'Idee einreichen' tab")
    assert focused()["outline"] != "none", "the focused link shows no focus outline"
    page.keyboard.press("Enter")
    expect(page.locator("#h-submit")).to_be_focused()

    name = f"Sitzbänke im Kennedypark {time.time_ns()}"
    page.keyboard.press("Tab")
    assert focused()["id"] == "idea-title"
    assert focused()["outline"] != "none"
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    assert focused()["id"] == "idea-text"
    page.keyboard.type("Mehr Bänke im Schatten.")
    page.keyboard.press("Tab")
    assert focused()["id"] == "idea-field"
    page.keyboard.press("ArrowDown")
    assert page.eval_on_selector("#idea-field", "s => s.value") != ""
    page.keyboard.press("Tab")
    assert focused()["id"] == "loc-use"  # the optional location is skipped
    page.keyboard.press("Tab")
    assert focused()["id"] == "idea-submit"
    assert focused()["outline"] != "none"
    page.keyboard.press("Enter")
    expect(page.locator("#submit-result")).to_contain_text(name)
    expect(page.locator("#submit-result")).to_be_focused()
    page.screenshot(path=artifacts / "citizen-keyboard-done.png", full_page=True)


def test_support_is_optimistic_and_comments_wait_for_moderation(
    running_stack: Any, new_page: Any, artifacts: Any
) -> None:
    base = running_stack.url
    token, storage = participant(base)
    status, listing = call(base, "GET", "/api/ideas?sort=new&page_size=1")
    assert status == 200 and listing["items"], listing
    idea = listing["items"][0]

    page = new_page(viewport=PHONE, local=storage)
    page.goto(f"{base}/#/ideas/{idea['id']}")
    expect(page.get_by_role("heading", name=idea["title"], level=2)).to_be_visible()
    toggle = page.get_by_role("button", name="Idee unterstützen")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(page.locator(".support-state")).to_have_text("Sie unterstützen diese Idee noch nicht.")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    # The state reads in words, not by the button's colour alone.
    expect(page.locator(".support-state")).to_have_text("Sie unterstützen diese Idee.")
    expect(page.locator("#support-count")).to_have_text(re.compile(str(idea["supports"] + 1)))
    # The server agrees. The support record and the count are read from two places (the
    # database and the read model, which follows the commit a moment later), so wait for both.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        _, one = call(base, "GET", f"/api/ideas/{idea['id']}", token=token)
        if one["supported"] and one["supports"] == idea["supports"] + 1:
            break
        time.sleep(0.1)
    assert one["supported"] and one["supports"] == idea["supports"] + 1, (idea, one)

    page.get_by_label("Ihr Kommentar").fill("Gute Idee – bitte auch am Wochenende!")
    page.get_by_role("button", name="Kommentar senden").click()
    expect(page.locator("#comment-result")).to_contain_text("geprüft")
    page.screenshot(path=artifacts / "citizen-detail.png", full_page=True)

    # English on request, remembered for the next visit.
    page.get_by_role("button", name="EN – English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Support this idea")).to_be_visible()
    page.reload()
    expect(page.get_by_role("link", name="Submit an idea")).to_be_visible()


def _fill_idea(page: Any, title: str) -> None:
    form = page.locator("#idea-form")
    form.get_by_label("Titel").fill(title)
    form.get_by_label("Handlungsfeld").select_option(index=1)


def test_too_many_submissions_say_how_long_to_wait(running_stack: Any, new_page: Any) -> None:
    base = running_stack.url
    token, storage = participant(base)
    field = fields_of_action(base)[0]
    for i in range(10):
        status, _ = call(
            base, "POST", "/api/ideas", {"title": f"Idee {i}", "field": field}, token=token
        )
        if status == 429:
            break
    assert status == 429

    page = new_page(viewport=PHONE, local=storage)
    page.goto(base + "/#/submit")
    _fill_idea(page, "Noch eine Idee")
    page.get_by_role("button", name="Idee einreichen").click()
    expect(page.locator("#submit-error")).to_contain_text(
        re.compile(r"Bitte warten Sie \d+ Sekunden")
    )
    button = page.locator("#idea-submit")
    expect(button).to_have_text(re.compile(r"Bitte warten \(\d+ s\)"))
    expect(button).to_have_attribute("aria-disabled", "true")
    # What was typed is kept for later.
    expect(page.locator("#idea-title")).to_have_value("Noch eine Idee")


def test_a_retry_after_a_lost_answer_does_not_duplicate_the_idea(
    running_stack: Any, new_page: Any
) -> None:
    base = running_stack.url
    token, storage = participant(base)
    keys: list[str | None] = []

    def lose_first_answer(route: Any) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        keys.append(route.request.headers.get("idempotency-key"))
        if len(keys) == 1:
            route.fetch()  # the server stores the idea ...
            route.abort("connectionreset")  # ... but the phone never hears back
        else:
            route.continue_()

    page = new_page(viewport=PHONE, local=storage)
    page.route(re.compile(r"/api/ideas$"), lose_first_answer)
    page.goto(base + "/#/submit")
    title = f"Schattenplätze am Spielplatz {time.time_ns()}"
    _fill_idea(page, title)
    page.get_by_role("button", name="Idee einreichen").click()
    expect(page.locator("#submit-error")).to_contain_text("Keine Verbindung")
    page.get_by_role("button", name="Idee einreichen").click()
    expect(page.locator("#submit-result")).to_contain_text(title)

    assert len(keys) == 2 and keys[0] and keys[0] == keys[1]
    status, mine = call(base, "GET", "/api/ideas?mine=true", token=token)
    assert status == 200
    assert [i["title"] for i in mine["items"]].count(title) == 1


def test_optional_location_comes_from_the_phone_and_stays_in_the_region(
    running_stack: Any, new_page: Any
) -> None:
    base = running_stack.url
    token, storage = participant(base)
    page = new_page(
        viewport=PHONE,
        local=storage,
        geolocation={"latitude": 52.52, "longitude": 13.40},  # Berlin: outside the region
        permissions=["geolocation"],
    )
    page.goto(base + "/#/submit")
    use = page.get_by_role("button", name="Meinen Standort verwenden")
    use.click()
    expect(page.locator("#loc-status")).to_contain_text("außerhalb der Region Aachen")

    page.context.set_geolocation({"latitude": 50.7753, "longitude": 6.0839})  # Markt, Aachen
    use.click()
    expect(page.locator("#loc-status")).to_contain_text("50.77530, 6.08390")
    title = f"Fahrradständer am Markt {time.time_ns()}"
    _fill_idea(page, title)
    page.get_by_role("button", name="Idee einreichen").click()
    expect(page.locator("#submit-result")).to_contain_text(title)

    _, mine = call(base, "GET", "/api/ideas?mine=true", token=token)
    (idea,) = [i for i in mine["items"] if i["title"] == title]
    # Stored rounded to about 100 m: the exact spot is an opt-in (test_citizen_withdraw.py).
    assert idea["location"] == {"lat": 50.775, "lon": 6.084}
