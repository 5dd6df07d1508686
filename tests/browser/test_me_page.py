"""/me ("Meine Daten") on a phone: a device that took part everywhere sees each thing stored
with its pseudonym, in German and English, and downloads exactly the API's JSON; a fresh device
is told that nothing is stored (and gets no token for asking); a service that does not answer
gives a "try again" that works; the citizen app and the footer lead there. axe-core finds no
serious violation, and nothing runs off the side of a 412 px wide phone."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from playwright.sync_api import expect

from devstack.pow import solve
from tests.browser.helpers import PHONE as SMALL_PHONE
from tests.browser.helpers import (
    assert_no_serious_violations,
    assert_no_sideways_overflow,
    call,
    fields_of_action,
    give_feedback,
    participant,
)
from tests.browser.helpers import exhibition as make_exhibition

PHONE = {"width": 412, "height": 915}
FILE_NAME = "oecherlab-meine-daten.json"


def _ok(answer: tuple[int, Any], expected: int = 200) -> Any:
    status, body = answer
    assert status == expected, (status, body)
    return body


# ---- a phone that took part everywhere, set up through the API with its own token ------------


def _joined_workshop(base: str, phone: str, join_code: str) -> str:
    """The workshop token a phone gets by joining with its participant token (its pseudonym
    kept), as join.js does it."""
    challenge = _ok(call(base, "GET", "/api/auth/challenge"))
    body = {"altcha": solve(challenge), "join_code": join_code}
    return _ok(call(base, "POST", "/api/auth/participant", body, token=phone))["access_token"]


def _everywhere(base: str, phone: str, moderator: str, stamp: int) -> dict[str, Any]:
    """An idea (published, supported and commented on), a workshop joined with a vote, a rated
    exhibit with a comment and a hackathon team with a project page, all by `phone`."""
    field = fields_of_action(base)[0]
    title = f"Mehr Bänke am Elisenbrunnen {stamp}"
    idea = _ok(call(base, "POST", "/api/ideas", {"title": title, "field": field}, phone), 201)
    path = f"/api/ideas/{idea['id']}"
    _ok(call(base, "POST", f"{path}/status", {"status": "published"}, moderator))
    _ok(call(base, "PUT", f"{path}/support", None, phone))
    comment = f"Gern auch mit Schatten {stamp}"
    _ok(call(base, "POST", f"{path}/comments", {"body": comment}, phone), 201)

    workshop = f"Stadtwerkstatt Markt {stamp}"
    session = _ok(call(base, "POST", "/api/voting/sessions", {"title": workshop}, moderator), 201)
    poll_in = {"question": "Was fehlt am Markt?", "type": "single", "options": ["Bänke", "Bäume"]}
    poll = _ok(
        call(base, "POST", f"/api/voting/sessions/{session['id']}/polls", poll_in, moderator), 201
    )
    _ok(call(base, "POST", f"/api/voting/polls/{poll['id']}/open", None, moderator))
    seat = _joined_workshop(base, phone, session["join_code"])
    _ok(call(base, "POST", f"/api/voting/polls/{poll['id']}/votes", {"choice": "o2"}, seat), 202)

    exhibit_title = f"Sensorbox Luft {stamp}"
    _, [exhibit] = make_exhibition(base, moderator, f"Smart City {stamp}", exhibit_title)
    remark = f"Sehr anschaulich {stamp}"
    assert give_feedback(base, exhibit["id"], phone, 4, comment=remark)[0] == 202

    deadline = (datetime.now(UTC) + timedelta(hours=3)).isoformat().replace("+00:00", "Z")
    hackathon_in = {
        "title": f"Hackday Klima {stamp}",
        "target_groups": ["students"],
        "place": "OecherLab, Aachen",
        "submission_deadline": deadline,
        "rubric": [{"name": "Idee"}],
    }
    hackathon = _ok(call(base, "POST", "/api/hackathons", hackathon_in, moderator), 201)
    challenge = _ok(
        call(
            base,
            "POST",
            f"/api/hackathons/{hackathon['id']}/challenges",
            {"title": "Schatten für heiße Tage"},
            moderator,
        ),
        201,
    )
    team_in = {"name": f"Schattenwerfer {stamp}", "challenge_id": challenge["id"]}
    team = _ok(call(base, "POST", f"/api/hackathons/{hackathon['id']}/teams", team_in, phone), 201)
    project = {"title": f"Schattenkarte {stamp}", "summary": "Wo es in Aachen kühl bleibt."}
    _ok(call(base, "PUT", f"/api/hackathons/teams/{team['id']}/project", project, phone))

    # Votes and ratings are stored a moment after they were accepted (202).
    # (Asked of the services themselves: the gateway's export is limited per device.)
    for _ in range(100):
        votes = _ok(call(base, "GET", "/api/voting/me", token=phone))["votes"]
        ratings = _ok(call(base, "GET", "/api/exhibitions/me", token=phone))["ratings"]
        if votes and ratings:
            break
        time.sleep(0.1)
    else:
        raise AssertionError(f"the vote or the rating never arrived: {votes} {ratings}")
    return {
        "idea": idea,
        "comment": comment,
        "workshop": workshop,
        "exhibit": exhibit_title,
        "remark": remark,
        "hackathon": hackathon_in["title"],
        "team": team,
        "project": project["title"],
    }


def _part(page: Any, name: str) -> Any:
    return page.locator(f"section[data-part='{name}']")


def test_my_data_shows_everything_and_downloads_the_apis_json(
    running_stack: Any, new_page: Any, artifacts: Any, moderator_token: str
) -> None:
    base = running_stack.url
    phone, storage = participant(base)
    made = _everywhere(base, phone, moderator_token, time.time_ns())

    page = new_page(viewport=PHONE, local=storage)
    served: list[bytes] = []  # what the API answered the page, byte for byte

    def relay(route: Any) -> None:
        response = route.fetch()
        served.append(response.body())
        route.fulfill(response=response)

    page.route("**/api/me/export", relay)
    page.goto(base + "/me")
    expect(page.get_by_role("heading", name="Meine Daten", level=2)).to_be_visible()

    ideas = _part(page, "ideas")
    link = ideas.get_by_role("link", name=made["idea"]["title"])
    expect(link).to_have_attribute("href", f"/#/ideas/{made['idea']['id']}")
    expect(ideas).to_contain_text("Veröffentlicht")
    expect(ideas).to_contain_text("Eingereicht am")
    comments = _part(page, "comments")
    expect(comments).to_contain_text(made["comment"])
    expect(comments).to_contain_text(made["idea"]["title"])
    expect(comments.locator(".badge")).to_have_text("Wird geprüft")
    expect(_part(page, "supports").get_by_role("link")).to_have_text(made["idea"]["title"])
    expect(_part(page, "workshops")).to_contain_text(made["workshop"])
    votes = _part(page, "votes")
    expect(votes).to_contain_text("Was fehlt am Markt?")
    expect(votes.locator(".me-facts dd")).to_have_text("Bäume")  # "o2", in its own words
    ratings = _part(page, "ratings")
    expect(ratings).to_contain_text(made["exhibit"])
    expect(ratings).to_contain_text("4 von 5 Sternen")
    expect(ratings).to_contain_text(made["remark"])
    expect(ratings.locator(".badge")).to_have_text("Wird geprüft")
    teams = _part(page, "teams")
    expect(teams).to_contain_text(made["team"]["name"])
    expect(teams).to_contain_text(made["team"]["invite_code"])
    expect(teams).to_contain_text(made["project"])
    expect(teams.get_by_role("link", name=made["hackathon"])).to_be_visible()
    expect(page.locator(".me-empty")).to_have_count(0)
    assert_no_sideways_overflow(page)
    assert_no_serious_violations(page)
    page.screenshot(path=artifacts / "me-de.png", full_page=True)

    # The download is the API's answer byte for byte, under the agreed file name.
    with page.expect_download() as downloading:
        page.get_by_role("button", name="Als JSON herunterladen").click()
    download = downloading.value
    assert download.suggested_filename == FILE_NAME
    saved = download.path().read_bytes()
    assert [saved] == served
    document = json.loads(saved)
    fresh = _ok(call(base, "GET", "/api/me/export", token=phone))
    assert document["format"] == "oecherlab-me-export/1"
    assert {**document, "exported_at": None} == {**fresh, "exported_at": None}

    page.get_by_role("button", name="EN – English").click()
    expect(page.get_by_role("heading", name="My data", level=2)).to_be_visible()
    expect(page.get_by_role("button", name="Download as JSON")).to_be_visible()
    expect(comments.locator(".badge")).to_have_text("Awaiting moderation")
    expect(ratings).to_contain_text("4 of 5 stars")
    expect(page.get_by_role("heading", name="Ideas I support")).to_be_visible()
    assert_no_sideways_overflow(page)
    assert_no_serious_violations(page)
    page.screenshot(path=artifacts / "me-en.png", full_page=True)


def test_a_fresh_device_is_told_nothing_is_stored_and_gets_no_token(
    running_stack: Any, new_page: Any, artifacts: Any
) -> None:
    base = running_stack.url
    page = new_page(viewport=PHONE)
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/api/" in r.url else None)
    page.goto(base + "/me")
    expect(
        page.get_by_role("heading", name="Zu diesem Gerät ist nichts gespeichert")
    ).to_be_visible()
    expect(page.locator("#me-loading")).to_be_hidden()
    expect(page.get_by_role("button", name="Als JSON herunterladen")).to_be_hidden()
    # The explanation is there all the same, with its ways to "Meine Ideen" and the operator.
    about = page.locator(".me-about")
    expect(about).to_contain_text("30 Tage")
    expect(about.get_by_role("link", name="Meine Ideen")).to_have_attribute("href", "/#/mine")
    expect(about.get_by_role("link", name="Datenschutzerklärung – Ihre Rechte")).to_be_visible()
    expect(page.get_by_role("button", name="Löschen")).to_have_count(0)
    assert page.evaluate("localStorage.getItem('oecherlab.participant')") is None
    assert not [u for u in asked if "/api/auth/" in u or "/api/me/" in u], asked
    assert_no_sideways_overflow(page)
    assert_no_serious_violations(page)
    page.screenshot(path=artifacts / "me-none-de.png", full_page=True)
    page.get_by_role("button", name="EN – English").click()
    expect(page.get_by_role("heading", name="Nothing is stored for this device")).to_be_visible()
    assert_no_sideways_overflow(page)
    page.screenshot(path=artifacts / "me-none-en.png", full_page=True)

    # A token that has run out is not renewed here: a new one would be a new pseudonym.
    old = {"oecherlab.participant": json.dumps({"token": "abgelaufen", "expires_at": 1})}
    expired = new_page(viewport=PHONE, local=old)
    expired.goto(base + "/me")
    expect(
        expired.get_by_role("heading", name="Die Kennung dieses Geräts ist abgelaufen")
    ).to_be_visible()
    stored = json.loads(expired.evaluate("localStorage.getItem('oecherlab.participant')"))
    assert stored["token"] == "abgelaufen"
    assert_no_serious_violations(expired)


def test_a_service_that_does_not_answer_gives_a_working_try_again(
    running_stack: Any, new_page: Any, artifacts: Any
) -> None:
    base = running_stack.url
    phone, storage = participant(base)
    page = new_page(viewport=PHONE, local=storage)
    problem = {
        "status": 503,
        "detail": "Not every service answered; please try the export again in a moment.",
        "code": "unavailable",
    }
    page.route(
        "**/api/me/export",
        lambda route: route.fulfill(
            status=503,
            content_type="application/problem+json",
            headers={"Retry-After": "5"},
            body=json.dumps(problem),
        ),
    )
    page.goto(base + "/me")
    alert = page.locator("#me-failed")
    expect(alert).to_contain_text("nicht alle Teile von OecherLab")
    expect(page.get_by_role("button", name="Als JSON herunterladen")).to_be_hidden()
    assert_no_sideways_overflow(page)
    assert_no_serious_violations(page)
    page.screenshot(path=artifacts / "me-503-de.png", full_page=True)

    page.get_by_role("button", name="EN – English").click()
    expect(alert).to_contain_text("Not every part of OecherLab answered")
    expect(page.get_by_role("button", name="Try again")).to_be_visible()
    page.screenshot(path=artifacts / "me-503-en.png", full_page=True)
    page.get_by_role("button", name="DE – Deutsch").click()

    page.unroute("**/api/me/export")
    page.get_by_role("button", name="Erneut versuchen").click()
    expect(page.get_by_role("button", name="Als JSON herunterladen")).to_be_visible()
    expect(alert).to_be_hidden()
    expect(page.locator("#h-me")).to_be_focused()
    expect(page.locator(".me-empty")).to_have_count(7)  # a new token: every part says so
    expect(page.locator(".me-empty").first).to_have_text("Nichts gespeichert")


def test_a_vote_whose_wording_is_unavailable_shows_the_option_id_and_says_so(
    running_stack: Any, new_page: Any, artifacts: Any, moderator_token: str
) -> None:
    base = running_stack.url
    phone, storage = participant(base)
    session = _ok(
        call(base, "POST", "/api/voting/sessions", {"title": "Kurz"}, moderator_token), 201
    )
    poll_in = {"question": "Rad oder Bus?", "type": "multiple", "options": ["Rad", "Bus"]}
    path = f"/api/voting/sessions/{session['id']}/polls"
    poll = _ok(call(base, "POST", path, poll_in, moderator_token), 201)
    _ok(call(base, "POST", f"/api/voting/polls/{poll['id']}/open", None, moderator_token))
    seat = _joined_workshop(base, phone, session["join_code"])
    _ok(call(base, "POST", f"/api/voting/polls/{poll['id']}/votes", {"choice": ["o1"]}, seat), 202)
    for _ in range(100):
        if _ok(call(base, "GET", "/api/voting/me", token=phone))["votes"]:
            break
        time.sleep(0.1)

    page = new_page(viewport=PHONE, local=storage)
    page.route("**/api/voting/polls/**", lambda route: route.fulfill(status=404))
    page.goto(base + "/me")
    votes = _part(page, "votes")
    expect(votes.locator(".me-facts dd code")).to_have_text("o1")
    expect(votes).to_contain_text("Der Wortlaut dieser Antwort ist nicht verfügbar")
    assert_no_sideways_overflow(page)
    assert_no_serious_violations(page)
    votes.screenshot(path=artifacts / "me-vote-ids-de.png")


def test_the_citizen_app_and_the_footer_lead_to_my_data(
    running_stack: Any, new_page: Any, artifacts: Any
) -> None:
    base = running_stack.url
    # Four tabs side by side, on the narrowest phone the tests use too.
    narrow = new_page(viewport=SMALL_PHONE)
    narrow.goto(base + "/#/mine")
    expect(narrow.locator("nav.tabs").get_by_role("link", name="Meine Daten")).to_be_visible()
    assert_no_sideways_overflow(narrow)
    narrow.screenshot(path=artifacts / "me-citizen-tabs-360.png")

    page = new_page(viewport=PHONE)
    page.goto(base + "/")
    page.screenshot(path=artifacts / "me-citizen-tabs-412.png")
    page.locator("nav.tabs").get_by_role("link", name="Meine Daten").click()
    expect(page).to_have_url(base + "/me")
    expect(page.locator("nav.tabs a[aria-current='page']")).to_have_text("Meine Daten")
    assert_no_sideways_overflow(page)

    # The footer's link, beside the legal ones, keeps the way back (a kiosk has no back button).
    page.goto(base + "/join")
    page.locator("footer .legal-links").get_by_role("link", name="Meine Daten").click()
    expect(page).to_have_url(base + "/me?from=%2Fjoin")
    back = page.get_by_role("link", name="← Zurück zur vorherigen Seite")
    expect(back).to_have_attribute("href", "/join")
    expect(page.locator("footer .legal-links a[aria-current='page']")).to_have_text("Meine Daten")
