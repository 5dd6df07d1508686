"""A citizen's idea goes through the moderator console onto the lab's idea wall, live."""

from __future__ import annotations

import json
import re
import time
from typing import Any

from playwright.sync_api import expect

from tests.browser.helpers import LAPTOP, PHONE, SCREEN, call, fields_of_action, participant


def test_moderator_publishes_idea_with_answer_and_wall_shows_it_live(
    running_stack: Any, new_page: Any, artifacts: Any
) -> None:
    base = running_stack.url
    _, config = call(base, "GET", "/api/config")

    # The idea wall is already on the screen before anything is published.
    wall = new_page(viewport=SCREEN)
    wall.goto(base + "/screen/ideas")
    wall.wait_for_function("() => window.oecherlabWall?.live.status === 'open'")
    expect(wall.locator("#wall-list > li").first).to_be_visible()
    wall.evaluate("() => { window.sameDocument = true; }")
    short_url = config["public_url"].removeprefix("http://").removeprefix("https://").rstrip("/")
    expect(wall.locator(".join-url")).to_have_text(f"Mitmachen: {short_url}")
    assert wall.eval_on_selector("#wall-qr", "img => img.complete && img.naturalWidth > 0")

    # A citizen submits an idea from a phone.
    token, phone_storage = participant(base)
    title = f"Wasserspender im OecherLab {time.time_ns()}"
    status, idea = call(
        base,
        "POST",
        "/api/ideas",
        {"title": title, "body": "Für heiße Tage.", "field": fields_of_action(base)[1]},
        token=token,
    )
    assert status == 201, idea

    # A moderator signs in and publishes it with an official answer.
    console = new_page(viewport=LAPTOP)
    console.goto(base + "/moderate")
    console.get_by_label("Benutzername").fill("moderator")
    console.get_by_label("Passwort").fill(running_stack.moderator_password)
    console.get_by_role("button", name="Anmelden").click()
    expect(console.locator("#h-queue")).to_be_focused()
    item = console.locator("#queue-list > li").filter(has_text=title)
    expect(item).to_be_visible()
    answer = "Danke! Das OecherLab stellt im Sommer einen Wasserspender auf."
    item.get_by_label("Offizielle Antwort (optional)").fill(answer)
    console.screenshot(path=artifacts / "moderate-queue.png", full_page=True)
    started = time.monotonic()
    item.get_by_role("button", name="Veröffentlichen").click()
    expect(console.locator("#feedback-text")).to_contain_text(title)
    expect(item).to_have_count(0)

    # Within two seconds of the click the wall shows it, highlighted, without a reload.
    card = wall.locator("#wall-list > li").filter(has_text=title)
    remaining_ms = max(0.0, 2.0 - (time.monotonic() - started)) * 1000
    expect(card).to_be_visible(timeout=remaining_ms)
    expect(card).to_have_class(re.compile(r"\bis-new\b"))
    expect(card.locator(".new-badge")).to_have_text("NEU")
    assert wall.evaluate("() => window.sameDocument") is True
    wall.screenshot(path=artifacts / "screen-ideas-live.png", full_page=True)
    console.screenshot(path=artifacts / "moderate-after-publish.png", full_page=True)
    # The message follows the language, and closes by itself (a success; errors stay).
    console.get_by_role("button", name="EN – English").click()
    expect(console.locator("#feedback-text")).to_contain_text("has been published")
    console.get_by_role("button", name="DE – Deutsch").click()
    expect(console.locator("#feedback")).not_to_have_class(re.compile(r"\bshow\b"), timeout=9000)

    status, stored = call(base, "GET", f"/api/ideas/{idea['id']}")
    assert status == 200
    assert stored["status"] == "published"
    assert stored["answer"]["text"] == answer

    # The citizen sees the status and the answer under "Meine Ideen".
    phone = new_page(viewport=PHONE, local=phone_storage)
    phone.goto(base + "/#/mine")
    mine = phone.locator("#mine-list > li").filter(has_text=title)
    expect(mine).to_contain_text("Veröffentlicht")
    expect(mine).to_contain_text(answer)


def test_moderator_sees_login_errors_and_can_sign_out(
    running_stack: Any, new_page: Any, artifacts: Any
) -> None:
    console = new_page(viewport=LAPTOP)
    console.goto(running_stack.url + "/moderate")
    console.get_by_label("Benutzername").fill("moderator")
    console.get_by_label("Passwort").fill("not-the-password")
    console.get_by_label("Passwort").press("Enter")
    expect(console.locator("#login-error")).to_contain_text("falsch")
    expect(console.get_by_label("Passwort")).to_be_focused()

    console.get_by_label("Passwort").fill(running_stack.moderator_password)
    console.get_by_label("Passwort").press("Enter")
    expect(console.get_by_role("button", name="Abmelden")).to_be_visible()
    expect(console.locator("#all-list > li").first).to_be_visible()
    console.screenshot(path=artifacts / "moderate-console.png", full_page=True)

    with console.expect_download() as download:
        console.get_by_role("button", name="CSV-Datei herunterladen").click()
    path = download.value.path()
    assert path is not None
    with open(path, encoding="utf-8-sig") as csv:
        assert csv.readline().startswith("id;titel;")
    expect(console.locator("#feedback-text")).to_contain_text("heruntergeladen")

    console.get_by_role("button", name="Abmelden").click()
    expect(console.locator("#h-login")).to_be_focused()
    console.reload()
    expect(console.get_by_role("heading", name="Anmelden")).to_be_visible()


def test_one_staff_sign_in_serves_both_consoles_in_every_tab(
    running_stack: Any, new_page: Any, artifacts: Any
) -> None:
    base = running_stack.url
    console = new_page(viewport=LAPTOP)
    console.goto(base + "/moderate")
    console.get_by_label("Benutzername").fill("moderator")
    console.get_by_label("Passwort").fill(running_stack.moderator_password)
    console.get_by_role("button", name="Anmelden").click()
    expect(console.locator("#h-queue")).to_be_focused()

    # The workshop console, in the same tab: no second sign-in.
    console.get_by_role("link", name="Workshops").click()
    expect(console).to_have_url(re.compile(r"/workshop$"))
    expect(console.get_by_label("Titel des Workshops")).to_be_visible()
    expect(console.locator("#login-form")).to_be_hidden()
    expect(console.locator(".who")).to_have_text("Angemeldet als moderator (Moderation)")
    expect(console.get_by_role("link", name="Workshops")).to_have_attribute("aria-current", "page")
    console.screenshot(path=artifacts / "workshop-after-moderate-sign-in.png")

    # A console opened in another tab of the browser asks the open one for the sign-in.
    errors: list[str] = []
    other = console.context.new_page()
    other.on("pageerror", lambda exc: errors.append(str(exc)))
    other.goto(base + "/moderate")
    expect(other.locator("#all-list > li").first).to_be_visible()
    expect(other.locator("#login-form")).to_be_hidden()

    # Signing out of one console signs out of all of them.
    console.get_by_role("button", name="Abmelden").click()
    expect(console.locator("#h-login")).to_be_focused()
    expect(console.locator("#view-console")).to_be_hidden()
    expect(other.get_by_role("heading", name="Anmelden")).to_be_visible()
    expect(other.locator("#console-view")).to_be_hidden()
    expect(other.locator("#login-status")).to_have_text("Sie sind abgemeldet.")
    other.reload()
    expect(other.get_by_role("heading", name="Anmelden")).to_be_visible()

    # And the other way round: signing in on /workshop signs in the waiting /moderate tab.
    console.get_by_label("Benutzername").fill("moderator")
    console.get_by_label("Passwort").fill(running_stack.moderator_password)
    console.get_by_role("button", name="Anmelden").click()
    expect(console.get_by_label("Titel des Workshops")).to_be_visible()
    expect(other.locator("#all-list > li").first).to_be_visible()
    expect(other.get_by_role("button", name="Abmelden")).to_be_visible()
    other.close()
    assert not errors, errors


def test_wall_shows_reconnecting_and_catches_up_after_a_hub_outage(
    running_stack: Any, new_page: Any, artifacts: Any, moderator_token: str
) -> None:
    base = running_stack.url
    hub = {"down": False, "pages": [], "sent": []}

    def through_hub(ws: Any) -> None:
        if hub["down"]:
            ws.close()
            return
        server = ws.connect_to_server()
        hub["pages"].append(ws)
        ws.on_message(
            lambda message: (hub["sent"].append(json.loads(message)), server.send(message))
        )
        server.on_message(lambda message: ws.send(message))

    wall = new_page(viewport=SCREEN)
    wall.route_web_socket(re.compile(r"/ws$"), through_hub)
    wall.goto(base + "/screen/ideas")
    expect(wall.locator("#wall-list > li").first).to_be_visible()
    wall.wait_for_function("() => window.oecherlabWall?.live.status === 'open'")
    wall.evaluate("() => { window.sameDocument = true; }")
    indicator = wall.locator("#live-status")
    expect(indicator).to_be_hidden()

    # The hub goes away: a small indicator says so, the ideas stay on the screen.
    hub["down"] = True
    for ws in hub["pages"]:
        ws.close()
    expect(indicator).to_have_text("Verbindung wird wiederhergestellt …")
    expect(wall.locator("#wall-list > li").first).to_be_visible()
    wall.screenshot(path=artifacts / "screen-ideas-reconnecting.png", full_page=True)

    # Meanwhile an idea is published.
    token, _ = participant(base)
    title = f"Nachtbus nach Vaals {time.time_ns()}"
    status, idea = call(
        base,
        "POST",
        "/api/ideas",
        {"title": title, "body": "", "field": fields_of_action(base)[0]},
        token=token,
    )
    assert status == 201, idea
    status, _ = call(
        base,
        "POST",
        f"/api/ideas/{idea['id']}/status",
        {"status": "published"},
        token=moderator_token,
    )
    assert status == 200

    # The hub is back: the wall reconnects by itself (backoff at most ~5 s), resumes with the
    # last sequence number and shows what it missed.
    hub["down"] = False
    card = wall.locator("#wall-list > li").filter(has_text=title)
    expect(card).to_be_visible(timeout=8_000)
    expect(indicator).to_be_hidden()
    resumes = [m for m in hub["sent"] if m.get("type") == "subscribe" and "since" in m]
    assert resumes and resumes[-1]["channel"] == "ideas:wall" and resumes[-1]["since"] > 0
    assert wall.evaluate("() => window.sameDocument") is True
