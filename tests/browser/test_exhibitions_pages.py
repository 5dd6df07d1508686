"""The exhibition pages in Chromium: a phone rates an exhibit by keyboard after scanning its code,
a kiosk tablet is set up by staff and takes presses (with the friendly wait of the kiosk interval
and an offline queue that counts every press exactly once), the screen follows the counts live,
and the staff console creates an exhibition and exhibit, moderates a comment, prints a sheet and
shows alerts. axe-core finds no serious violation on any of them; screenshots go to
test-artifacts/."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from playwright.sync_api import expect

from tests.browser.helpers import (
    assert_no_serious_violations,
    call,
    exhibit_summary,
    exhibition,
    give_feedback,
    kiosk_storage,
    moderator_session,
    participant,
)

PHONE = {"width": 412, "height": 915}
CONSOLE = {"width": 1366, "height": 900}
SCREEN = {"width": 1920, "height": 1080}


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


# ---- the phone ------------------------------------------------------------------------------


def test_phone_scans_the_code_and_rates_by_keyboard(
    running_stack: Any, new_page: Any, artifacts: Any, moderator_token: str
) -> None:
    base = running_stack.url
    _, [item] = exhibition(base, moderator_token, "Smart City zum Anfassen", "Sensorbox Luft")

    phone = new_page(viewport=PHONE)  # a new phone: the page mints its participant token
    phone.goto(f"{base}/exhibit/{item['code']}")
    expect(phone.locator("#x-title")).to_have_text("Sensorbox Luft")
    expect(phone.locator("#x-exhibition")).to_have_text("Smart City zum Anfassen")
    expect(phone.locator("#x-field .chip")).not_to_be_empty()
    phone.screenshot(path=artifacts / "exhibit-phone.png", full_page=True)
    assert_no_serious_violations(phone)

    # Keyboard only: the five smileys are one radio group, the arrow keys move the choice.
    first = phone.get_by_role("radio", name="1 von 5: sehr unzufrieden")
    first.focus()
    for _ in range(3):
        phone.keyboard.press("ArrowRight")
    four = phone.get_by_role("radio", name="4 von 5: zufrieden")
    expect(four).to_be_checked()
    expect(four).to_be_focused()
    phone.screenshot(path=artifacts / "exhibit-phone-keyboard.png", full_page=True)
    phone.keyboard.press("Tab")
    expect(phone.get_by_label("Ihr Kommentar")).to_be_focused()
    phone.keyboard.type("Gut erklärt, gern mehr Messwerte.")
    expect(phone.locator("#x-counter")).to_have_text("33 / 500")
    phone.keyboard.press("Tab")
    expect(phone.get_by_role("button", name="Bewertung senden")).to_be_focused()
    phone.keyboard.press("Enter")

    thanks = phone.locator("#x-thanks")
    expect(thanks).to_contain_text("Danke für Ihre Bewertung!")
    expect(thanks).to_contain_text("Ihr Kommentar wird vor der Veröffentlichung geprüft.")
    expect(thanks).to_be_focused()
    expect(phone.locator("#x-mine-rating")).to_have_text("4 von 5: zufrieden")
    phone.screenshot(path=artifacts / "exhibit-phone-thanks.png", full_page=True)
    assert_no_serious_violations(phone)
    summary = exhibit_summary(base, item["id"])
    assert summary["count"] == 1 and summary["distribution"]["4"] == 1, summary

    # The phone remembers: its earlier rating, which it may change (it replaces the first).
    phone.reload()
    expect(phone.locator("#x-mine-rating")).to_have_text("4 von 5: zufrieden")
    phone.get_by_role("button", name="Bewertung ändern").click()
    expect(four).to_be_checked()
    phone.get_by_text("sehr zufrieden", exact=True).click()
    phone.get_by_role("button", name="Bewertung senden").click()
    expect(thanks).to_contain_text("Ihre frühere Bewertung wurde ersetzt.")
    expect(thanks).not_to_contain_text("Kommentar")
    summary = exhibit_summary(base, item["id"])
    assert summary["count"] == 1 and summary["distribution"]["5"] == 1, summary

    # In English, too.
    phone.goto(f"{base}/exhibit/{item['code']}?lang=en")
    expect(phone.locator("#x-mine-h")).to_have_text("Your rating")
    expect(phone.locator("#x-mine-rating")).to_have_text("5 of 5: very satisfied")
    phone.get_by_role("button", name="Change rating").click()
    expect(phone.locator("legend")).to_have_text("How do you like this exhibit?")
    phone.screenshot(path=artifacts / "exhibit-phone-en.png", full_page=True)


def test_phone_explains_unknown_codes_and_closed_exhibitions(
    running_stack: Any, new_page: Any, artifacts: Any, moderator_token: str
) -> None:
    base = running_stack.url
    closed, [item] = exhibition(base, moderator_token, "Rückblick", "Altes Exponat")
    status, _ = call(base, "POST", f"/api/exhibitions/{closed['id']}/close", None, moderator_token)
    assert status == 200
    draft, [later] = exhibition(base, moderator_token, "Demnächst", "Neues Exponat", open_=False)

    phone = new_page(viewport=PHONE)
    phone.goto(f"{base}/exhibit/ZZZZZZ")
    expect(phone.locator("#x-missing-h")).to_have_text("Exponat nicht gefunden")
    expect(phone.locator("#x-form")).to_be_hidden()
    phone.screenshot(path=artifacts / "exhibit-phone-unknown.png", full_page=True)
    assert_no_serious_violations(phone)

    phone.goto(f"{base}/exhibit/{item['code']}")
    expect(phone.locator("#x-state")).to_contain_text("Die Ausstellung ist beendet")
    expect(phone.locator("#x-form")).to_be_hidden()
    phone.screenshot(path=artifacts / "exhibit-phone-closed.png", full_page=True)
    assert_no_serious_violations(phone)

    phone.goto(f"{base}/exhibit/{later['code']}")
    expect(phone.locator("#x-state")).to_contain_text("noch nicht eröffnet")
    expect(phone.locator("#x-form")).to_be_hidden()


# ---- the kiosk ------------------------------------------------------------------------------


def test_kiosk_set_up_by_staff_thanks_waits_and_returns(
    running_stack: Any, new_page: Any, artifacts: Any, moderator_token: str
) -> None:
    base = running_stack.url
    _, [item] = exhibition(base, moderator_token, "Kiosk-Test", "Energiewand")
    tablet = new_page(
        viewport=PHONE, session=moderator_session(moderator_token), reduced_motion="reduce"
    )
    tablet.goto(f"{base}/kiosk/exhibit/{item['id']}")
    setup = tablet.get_by_role("button", name="Dieses Tablet als Kiosk einrichten")
    expect(setup).to_be_visible()
    expect(tablet.locator("#setup-exhibit")).to_contain_text("Energiewand")
    tablet.screenshot(path=artifacts / "kiosk-setup.png", full_page=True)
    assert_no_serious_violations(tablet)
    setup.click()

    # The kiosk token stays on the tablet; the staff session leaves it.
    expect(tablet.locator("#k-title")).to_have_text("Energiewand")
    stored = tablet.evaluate(f"localStorage.getItem('oecherlab.kiosk.{item['id']}')")
    assert stored and json.loads(stored)["token"], stored
    assert tablet.evaluate("sessionStorage.getItem('oecherlab.staff')") is None
    expect(tablet.get_by_role("button", name="Abmelden")).to_be_hidden()

    names = [
        f"{n} von 5: {w}"
        for n, w in enumerate(
            ["sehr unzufrieden", "unzufrieden", "teils, teils", "zufrieden", "sehr zufrieden"], 1
        )
    ]
    for name in names:
        button = tablet.get_by_role("button", name=name)
        expect(button).to_be_visible()
        box = button.bounding_box()
        assert box and box["height"] >= 64 and box["width"] >= 64, (name, box)
    expect(tablet.locator("#k-queue")).to_have_text("Warteschlange: 0")
    tablet.screenshot(path=artifacts / "kiosk-rate.png")
    assert_no_serious_violations(tablet)

    tablet.get_by_role("button", name="5 von 5: sehr zufrieden").click()
    expect(tablet.locator("#k-done-h")).to_have_text("Danke für Ihre Bewertung!")
    tablet.screenshot(path=artifacts / "kiosk-thanks.png")
    assert_no_serious_violations(tablet)

    # The next visitor right away: the kiosk interval answers 429, said as a friendly wait.
    tablet.get_by_role("button", name="Zurück zum Start").click()
    tablet.get_by_role("button", name="4 von 5: zufrieden").click()
    expect(tablet.locator("#k-done-h")).to_have_text(
        "Einen Moment bitte – gleich können Sie wieder bewerten."
    )
    expect(tablet.locator("#view-done")).to_have_attribute("data-kind", "interval")
    expect(tablet.locator("#page-error")).to_be_empty()
    tablet.screenshot(path=artifacts / "kiosk-wait.png")
    # ... and the start comes back by itself.
    expect(tablet.locator("#view-rate")).to_be_visible(timeout=8_000)
    expect(tablet.locator("#view-done")).to_be_hidden()
    summary = exhibit_summary(base, item["id"])
    assert summary["count"] == 1 and summary["distribution"]["5"] == 1, summary

    # Staff lock the exhibit's kiosks: the next press shows the set-up again, with the reason.
    status, answer = call(
        base, "DELETE", f"/api/exhibitions/exhibits/{item['id']}/kiosk", None, moderator_token
    )
    assert status == 200 and answer["revoked"] >= 1, answer
    tablet.wait_for_timeout(5_500)  # beyond the kiosk interval, so only the revocation answers
    tablet.get_by_role("button", name="3 von 5: teils, teils").click()
    expect(tablet.locator("#setup-message")).to_contain_text("Dieser Kiosk wurde ausgeschaltet.")
    expect(tablet.locator("#login-form")).to_be_visible()
    assert tablet.evaluate(f"localStorage.getItem('oecherlab.kiosk.{item['id']}')") is None
    tablet.screenshot(path=artifacts / "kiosk-revoked.png", full_page=True)
    assert_no_serious_violations(tablet)
    assert exhibit_summary(base, item["id"])["count"] == 1


def test_kiosk_offline_queue_counts_every_press_exactly_once(
    running_stack: Any, new_page: Any, artifacts: Any, moderator_token: str
) -> None:
    base = running_stack.url
    _, [item] = exhibition(base, moderator_token, "Offline-Test", "Windrad-Modell")
    _, local = kiosk_storage(base, moderator_token, item["id"])
    queue_key = f"oecherlab.kiosk.{item['id']}.queue"
    tablet = new_page(viewport=PHONE, local=local, reduced_motion="reduce")
    tablet.clock.install()  # time runs on; fast_forward spaces the presses beyond the interval
    tablet.goto(f"{base}/kiosk/exhibit/{item['id']}")
    expect(tablet.locator("#k-title")).to_have_text("Windrad-Modell")

    tablet.context.set_offline(True)
    for n, name in ((5, "sehr zufrieden"), (3, "teils, teils"), (1, "sehr unzufrieden")):
        tablet.get_by_role("button", name=f"{n} von 5: {name}").click()
        expect(tablet.locator("#k-done-h")).to_have_text("Danke für Ihre Bewertung!")
        expect(tablet.locator("#k-done-note")).to_have_text(
            "Offline – Ihre Bewertung ist gespeichert und wird gesendet, sobald das Netz zurück ist."
        )
        if n == 5:
            tablet.screenshot(path=artifacts / "kiosk-offline.png")
            assert_no_serious_violations(tablet)
        tablet.get_by_role("button", name="Zurück zum Start").click()
        tablet.clock.fast_forward(6_000)
    expect(tablet.locator("#k-queue")).to_have_text("Warteschlange: 3")
    tablet.screenshot(path=artifacts / "kiosk-offline-queue.png")
    saved = tablet.evaluate(f"localStorage.getItem('{queue_key}')")
    queue = json.loads(saved)
    assert [p["rating"] for p in queue] == [5, 3, 1], queue
    assert len({p["key"] for p in queue}) == 3
    assert [p["given_at"] for p in queue] == sorted(p["given_at"] for p in queue)
    assert exhibit_summary(base, item["id"])["count"] == 0

    # Back online: the queue goes out in order, and every press counts once.
    tablet.context.set_offline(False)
    expect(tablet.locator("#k-queue")).to_have_text("Warteschlange: 0", timeout=15_000)
    summary = exhibit_summary(base, item["id"])
    assert summary["count"] == 3, summary
    assert {k: summary["distribution"][k] for k in "135"} == {"1": 1, "3": 1, "5": 1}, summary

    # The same queue sent again (a tablet that lost the answers): the keys make it count once.
    tablet.evaluate(
        "([key, value]) => { localStorage.setItem(key, value); dispatchEvent(new Event('online')); }",
        [queue_key, saved],
    )
    # (The corner still says 0 from before: wait for the stored queue itself to empty.)
    tablet.wait_for_function(
        "(key) => localStorage.getItem(key) === null", arg=queue_key, timeout=15_000
    )
    expect(tablet.locator("#k-queue")).to_have_text("Warteschlange: 0")
    assert exhibit_summary(base, item["id"])["count"] == 3


# ---- the screen -----------------------------------------------------------------------------


def test_screen_shows_counts_and_comments_live(
    running_stack: Any, new_page: Any, artifacts: Any, moderator_token: str
) -> None:
    base = running_stack.url
    shown, items = exhibition(
        base,
        moderator_token,
        "Zukunft der Mobilität",
        "Lastenrad-Verleih",
        "Digitaler Fahrplan",
        "Ladesäulen-Karte",
    )
    screen = new_page(viewport=SCREEN)
    screen.goto(f"{base}/screen/exhibition/{shown['id']}")
    cards = screen.locator(".xs-card")
    expect(cards).to_have_count(3)
    first = cards.nth(0)
    expect(first.locator(".xs-name")).to_have_text("Lastenrad-Verleih")
    expect(first.locator(".xs-count")).to_have_text("0 Bewertungen")
    expect(first.locator(".xs-code strong")).to_have_text(items[0]["code"])
    expect(first.locator("img.xs-qr")).to_have_attribute(
        "src", f"/qr.svg?path=%2Fexhibit%2F{items[0]['code']}"
    )
    screen.wait_for_function("() => window.oecherlabExhibitionScreen?.live.status === 'open'")

    token, _ = participant(base)
    status, receipt = give_feedback(
        base, items[0]["id"], token, 4, comment="Endlich ein Lastenrad für alle!"
    )
    assert status == 202, receipt
    other, _ = participant(base)
    assert give_feedback(base, items[0]["id"], other, 5)[0] == 202
    expect(first.locator(".xs-count")).to_have_text("2 Bewertungen")
    expect(first.locator(".xs-mean-n")).to_have_text("4,5")

    status, listing = call(
        base, "GET", "/api/exhibitions/comments?status=submitted", None, moderator_token
    )
    assert status == 200, listing
    [comment] = [c for c in listing["items"] if c["exhibit_id"] == items[0]["id"]]
    status, _ = call(
        base,
        "POST",
        f"/api/exhibitions/comments/{comment['id']}/status",
        {"status": "published"},
        moderator_token,
    )
    assert status == 200
    expect(screen.locator("#xs-comments li").first).to_contain_text(
        "Endlich ein Lastenrad für alle!"
    )
    expect(screen.locator("#xs-comments li").first).to_contain_text("Lastenrad-Verleih")
    screen.wait_for_timeout(900)  # the count's highlight ends
    screen.screenshot(path=artifacts / "screen-exhibition.png")
    assert_no_serious_violations(screen)


# ---- the staff console ----------------------------------------------------------------------


def test_console_creates_an_exhibition_moderates_and_prints(
    running_stack: Any, new_page: Any, artifacts: Any, moderator_token: str
) -> None:
    base = running_stack.url
    console = new_page(viewport=CONSOLE, session=moderator_session(moderator_token))
    console.goto(f"{base}/exhibitions")
    expect(console.get_by_role("link", name="Ausstellungen")).to_have_attribute(
        "aria-current", "page"
    )
    expect(console.get_by_role("link", name="Workshops")).to_be_visible()
    assert_no_serious_violations(console)

    console.get_by_text("Neue Ausstellung anlegen").click()
    console.get_by_label("Titel der Ausstellung").fill("Aachen digital erleben")
    console.get_by_role("button", name="Ausstellung anlegen").click()
    expect(console.locator("#h-exhibition")).to_have_text("Aachen digital erleben")
    expect(console.locator("#exhibition-status")).to_have_text("Entwurf")

    console.get_by_label("Titel des Exponats").fill("Stadtmodell mit Sensoren")
    console.get_by_label("Handlungsfeld").select_option(index=1)
    console.get_by_role("button", name="Exponat hinzufügen").click()
    card = console.locator(".x-exhibit").filter(has_text="Stadtmodell mit Sensoren")
    expect(card).to_have_count(1)
    code = card.locator(".x-code").inner_text()
    exhibit_id = card.get_attribute("data-exhibit-id")
    expect(card.get_by_role("link", name="Kiosk einrichten")).to_have_attribute(
        "href", f"/kiosk/exhibit/{exhibit_id}"
    )
    console.get_by_role("button", name="Ausstellung eröffnen").click()
    expect(console.locator("#exhibition-status")).to_have_text("Geöffnet")

    # A visitor rates with a comment: the console's figures move live, the comment waits.
    token, _ = participant(base)
    status, receipt = give_feedback(
        base, exhibit_id, token, 2, comment="Die Sensoren bitte besser beschriften."
    )
    assert status == 202 and receipt["comment_status"] == "submitted", receipt
    expect(console.locator("#total-count")).to_have_text("1")
    expect(card.locator(".x-sum-mean")).to_have_text("Ø 2,00 von 5")
    waiting = console.locator("#comments-list > li").filter(
        has_text="Die Sensoren bitte besser beschriften."
    )
    expect(waiting).to_have_count(1, timeout=10_000)
    expect(waiting).to_contain_text("Stadtmodell mit Sensoren")
    console.screenshot(path=artifacts / "exhibitions-console.png", full_page=True)
    assert_no_serious_violations(console)
    waiting.get_by_role("button", name="Kommentar veröffentlichen").click()
    expect(console.locator("#page-ok")).to_have_text("Der Kommentar wurde veröffentlicht.")
    expect(waiting).to_have_count(0)
    published = exhibit_summary(base, exhibit_id)["comments"]
    assert [c["body"] for c in published] == ["Die Sensoren bitte besser beschriften."]

    # The printable sheet: title, QR code, the line in German and in English.
    card.get_by_role("button", name="Druckblatt").click()
    expect(console.locator("#sheet-title")).to_have_text("Stadtmodell mit Sensoren")
    expect(console.locator("#sheet-qr")).to_have_attribute(
        "src", f"/qr.svg?path=%2Fexhibit%2F{code}"
    )
    expect(console.locator("#sheet-de")).to_contain_text("Scannen Sie den QR-Code")
    expect(console.locator("#sheet-en")).to_contain_text("Scan the QR code")
    expect(console.locator("#view-console")).to_be_hidden()
    console.screenshot(path=artifacts / "exhibitions-sheet.png", full_page=True)
    assert_no_serious_violations(console)
    console.emulate_media(media="print")
    expect(console.get_by_role("button", name="Drucken")).to_be_hidden()
    console.screenshot(path=artifacts / "exhibitions-sheet-print.png", full_page=True)
    console.emulate_media(media="screen")
    console.get_by_role("button", name="Zurück zur Konsole").click()
    expect(card.get_by_role("button", name="Druckblatt")).to_be_focused()

    # The CSV export, fetched with the staff token and saved as a file.
    with console.expect_download() as download:
        console.get_by_role("button", name="CSV-Datei herunterladen").click()
    assert download.value.suggested_filename.endswith(".csv")

    # Locking the exhibit's kiosks asks first.
    console.once("dialog", lambda dialog: dialog.accept())
    card.get_by_role("button", name="Kiosks sperren").click()
    expect(console.locator("#page-ok")).to_contain_text("gesperrt")


def test_console_shows_a_falling_score_as_an_alert(
    running_stack: Any, new_page: Any, artifacts: Any, moderator_token: str
) -> None:
    base = running_stack.url
    shown, [item] = exhibition(base, moderator_token, "Alarm-Test", "Wasserspiel")
    console = new_page(viewport=CONSOLE, session=moderator_session(moderator_token))
    console.goto(f"{base}/exhibitions?exhibition={shown['id']}")
    expect(console.locator("#h-exhibition")).to_have_text("Alarm-Test")
    expect(console.locator(".x-alert")).to_have_count(0)

    # 20 happy visitors, then 10 unhappy ones, at one kiosk, a few seconds apart (back-dated).
    kiosk, _ = kiosk_storage(base, moderator_token, item["id"])
    start = datetime.now(UTC) - timedelta(minutes=10)
    for i, rating in enumerate([5] * 20 + [1] * 10):
        status, body = give_feedback(
            base, item["id"], kiosk, rating, given_at=_iso(start + timedelta(seconds=6 * i))
        )
        assert status == 202, body
    alert = console.locator(".x-alert")
    expect(alert).to_contain_text("Wasserspiel", timeout=10_000)
    expect(alert).to_contain_text("Achtung")
    alert.scroll_into_view_if_needed()
    console.screenshot(path=artifacts / "exhibitions-console-alert.png")
    assert_no_serious_violations(console)
