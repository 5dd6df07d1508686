"""The hackathon pages in Chromium: a phone founds a team, a second phone joins it with the invite
code, a member writes the project page, and once judging starts an edit is refused with a visible
message (the server's own words where the phone had not heard of it yet); the jury scores by
keyboard and sees its progress; the lab's screen follows the teams live and shows the leaderboard
after the reveal; the staff console creates and runs a hackathon. axe-core finds no serious
violation on any of them; screenshots go to test-artifacts/."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    assert_no_serious_violations,
    assert_no_sideways_overflow,
    call,
    moderator_session,
    participant,
    staff_session,
)

PHONE = {"width": 412, "height": 915}
CONSOLE = {"width": 1366, "height": 900}
SCREEN = {"width": 1920, "height": 1080}
LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitänsmützen"


def _deadline(hours: float = 3) -> str:
    moment = datetime.now(UTC) + timedelta(hours=hours)
    return moment.isoformat().replace("+00:00", "Z")


# ---- setting the scene through the API --------------------------------------------------------


@pytest.fixture(scope="module")
def admin_token(running_stack: Any) -> str:
    status, answer = call(
        running_stack.url,
        "POST",
        "/api/auth/login",
        {"username": "admin", "password": running_stack.admin_password},
    )
    assert status == 200, answer
    return answer["access_token"]


def _hackathon(base: str, token: str, title: str, *challenges: str, **spec: Any) -> dict:
    body = {
        "title": title,
        "target_groups": ["students", "seniors"],
        "place": "OecherLab, Aachen",
        "submission_deadline": _deadline(),
        "rubric": [{"name": "Idee"}, {"name": "Umsetzung", "weight": 2}, {"name": "Nutzen"}],
        **spec,
    }
    status, made = call(base, "POST", "/api/hackathons", body, token)
    assert status == 201, made
    made["challenges"] = []
    for name in challenges:
        path = f"/api/hackathons/{made['id']}/challenges"
        data = {"title": name, "dataset_url": "https://offenedaten.aachen.de/dataset/beispiel"}
        status, challenge = call(base, "POST", path, data, token)
        assert status == 201, challenge
        made["challenges"].append(challenge)
    return made


def _phase(base: str, token: str, hackathon_id: str, phase: str) -> None:
    status, answer = call(
        base, "POST", f"/api/hackathons/{hackathon_id}/phase", {"phase": phase}, token
    )
    assert status == 200, answer


def _team(base: str, hackathon: dict, name: str, project: str | None = None) -> dict:
    """A team founded by a fresh phone, with a project page when `project` is given."""
    token, _ = participant(base)
    body = {"name": name, "challenge_id": hackathon["challenges"][0]["id"]}
    status, team = call(base, "POST", f"/api/hackathons/{hackathon['id']}/teams", body, token)
    assert status == 201, team
    if project:
        page = {"title": project, "summary": f"Worum es bei {project} geht.", "open_data": True}
        status, team = call(base, "PUT", f"/api/hackathons/teams/{team['id']}/project", page, token)
        assert status == 200, team
    team["token"] = token
    return team


def _juror(base: str, admin: str, hackathon_id: str, username: str) -> str:
    """A new jury account on the hackathon's jury; returns its password."""
    body = {"username": username, "role": "jury"}
    status, account = call(base, "POST", "/api/auth/accounts", body, admin)
    assert status == 201, account
    status, jury = call(
        base, "POST", f"/api/hackathons/{hackathon_id}/jury", {"username": username}, admin
    )
    assert status == 200, jury
    return account["password"]


def _login(base: str, username: str, password: str) -> str:
    status, answer = call(
        base, "POST", "/api/auth/login", {"username": username, "password": password}
    )
    assert status == 200, answer
    return answer["access_token"]


# ---- the phone ----------------------------------------------------------------------------------


def test_phone_founds_joins_edits_and_is_refused_after_the_deadline(
    running_stack: Any, new_page: Any, artifacts: Any, moderator_token: str
) -> None:
    base = running_stack.url
    hackathon = _hackathon(
        base, moderator_token, "Hackday Klimaanpassung", "Schatten für heiße Tage", "Trinkbrunnen"
    )
    _phase(base, moderator_token, hackathon["id"], "hacking")

    first = new_page(viewport=PHONE)
    first.goto(f"{base}/hackathon/{hackathon['id']}")
    expect(first.locator("#hk-title")).to_have_text("Hackday Klimaanpassung")
    expect(first.locator("#hk-phase")).to_have_text("Hacking")
    expect(first.locator("#hk-groups")).to_contain_text("Studierende")
    expect(first.locator("#hk-clock")).to_have_text(re.compile(r"^\d\d:\d\d:\d\d$"))
    expect(first.locator("#hk-challenges li")).to_have_count(2)
    expect(first.get_by_role("link", name=re.compile("Offenen Datensatz ansehen"))).to_have_count(2)
    expect(first.locator("#hk-create")).to_be_visible()
    first.screenshot(path=artifacts / "hackathon-phone.png", full_page=True)
    assert_no_serious_violations(first)

    # Founding a team: a name, a challenge, the members' display names.
    first.get_by_label("Name des Teams").fill(f"Team {LONG_WORD}")
    first.get_by_label("Trinkbrunnen").check()
    first.get_by_label("Namen der Mitglieder").fill("Lena\nTom")
    first.get_by_role("button", name="Team gründen").click()
    expect(first.locator("#hk-notice")).to_contain_text("ist gegründet")
    expect(first.locator("#hk-notice")).to_be_focused()
    code = first.locator("#hk-invite-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{8}", code), code
    invite_path = f"/hackathon/{hackathon['id']}?invite={code}"
    expect(first.locator(".hk-qr img")).to_have_attribute(
        "src", f"/qr.svg?path=%2Fhackathon%2F{hackathon['id']}%3Finvite%3D{code}"
    )
    expect(first.get_by_label("Link zum Teilen")).to_have_value(re.compile(re.escape(invite_path)))
    expect(first.locator("#hk-team")).to_contain_text("Lena, Tom")
    expect(first.locator("#hk-create")).to_be_hidden()
    expect(first.locator("#hk-save-state")).to_have_text("Noch nicht gespeichert.")
    assert_no_sideways_overflow(first)
    first.screenshot(path=artifacts / "hackathon-phone-team.png", full_page=True)
    assert_no_serious_violations(first)

    # A second phone comes by the invite link (the QR code's address) and joins.
    second = new_page(viewport=PHONE)
    second.goto(base + invite_path)
    expect(second.locator("#hk-invited")).to_have_text(
        f"Sie sind in das Team „Team {LONG_WORD}“ eingeladen."
    )
    expect(second.get_by_label("Einladungscode")).to_have_value(code)
    second.get_by_label("Ihr Name im Team").fill("Mia")
    second.get_by_role("button", name="Team beitreten").click()
    expect(second.locator("#hk-notice")).to_have_text(f"Willkommen im Team „Team {LONG_WORD}“!")
    expect(second.locator("#hk-team")).to_contain_text("Mia")

    # The member writes the project page; the line under the form says what is saved.
    second.get_by_label("Titel des Projekts").fill("Trinkbrunnen-Finder")
    expect(second.locator("#hk-save-state")).to_have_text("Ungespeicherte Änderungen.")
    second.get_by_label("Kurzbeschreibung").fill("Zeigt den nächsten Trinkbrunnen.")
    second.get_by_label("Link 1").fill("keine adresse")
    second.get_by_role("button", name="Projektseite speichern").click()
    expect(second.locator("#hk-p-link-1-error")).to_contain_text("https://")
    expect(second.get_by_label("Link 1")).to_be_focused()
    second.get_by_label("Link 1").fill("https://example.org/trinkbrunnen")
    second.get_by_role("checkbox", name=re.compile("Als offene Daten")).check()
    second.get_by_role("button", name="Projektseite speichern").click()
    expect(second.locator("#hk-save-state")).to_have_text(
        re.compile(r"^Gespeichert um \d\d:\d\d Uhr\.$")
    )
    second.screenshot(path=artifacts / "hackathon-phone-project.png", full_page=True)
    assert_no_serious_violations(second)

    first.reload()
    expect(first.get_by_label("Titel des Projekts")).to_have_value("Trinkbrunnen-Finder")
    expect(first.get_by_label("Link 1")).to_have_value("https://example.org/trinkbrunnen")

    # Judging starts. The second phone has typed on, but heard nothing (its live connection is
    # cut): the server refuses, in its own words. The first phone heard it and says so at once.
    second.get_by_label("Kurzbeschreibung").fill(
        "Zeigt den nächsten Trinkbrunnen, auch barrierefrei."
    )
    second.wait_for_function("() => window.oecherlabHackathon?.live")
    second.evaluate("() => window.oecherlabHackathon.live.close()")
    _phase(base, moderator_token, hackathon["id"], "judging")
    expect(first.locator("#hk-save-state")).to_have_text(
        "Die Jury bewertet – die Projektseite kann nicht mehr geändert werden."
    )
    expect(first.get_by_role("button", name="Projektseite speichern")).to_be_hidden()
    expect(first.get_by_label("Titel des Projekts")).not_to_be_editable()
    expect(first.locator("#hk-over")).to_contain_text("die Jury bewertet")

    second.get_by_role("button", name="Projektseite speichern").click()
    expect(second.locator("#hk-save-error")).to_have_text(
        "Die Abgabefrist ist vorbei; das Projekt kann nicht mehr geändert werden."
    )
    expect(second.locator("#hk-save-state")).to_have_text(
        "Nicht gespeichert – die Projektseite kann nicht mehr geändert werden."
    )
    expect(second.get_by_label("Kurzbeschreibung")).to_have_value(
        "Zeigt den nächsten Trinkbrunnen, auch barrierefrei."
    )
    second.screenshot(path=artifacts / "hackathon-phone-refused.png", full_page=True)
    assert_no_serious_violations(second)

    # In English, too.
    second.goto(f"{base}/hackathon/{hackathon['id']}?lang=en")
    expect(second.locator("#hk-project-h")).to_have_text("Project page")
    expect(second.locator("#hk-save-state")).to_have_text(
        "The jury is judging – the project page can no longer be changed."
    )
    expect(second.locator("#hk-phase")).to_have_text("Judging")
    second.screenshot(path=artifacts / "hackathon-phone-en.png", full_page=True)


def test_phone_explains_an_unknown_hackathon(running_stack: Any, new_page: Any) -> None:
    phone = new_page(viewport=PHONE)
    phone.goto(f"{running_stack.url}/hackathon/0000000000000000")
    expect(phone.locator("#hk-missing-h")).to_have_text("Hackathon nicht gefunden")
    assert_no_serious_violations(phone)


# ---- the jury -----------------------------------------------------------------------------------


def test_jury_scores_by_keyboard_and_sees_its_progress(
    running_stack: Any, new_page: Any, artifacts: Any, moderator_token: str, admin_token: str
) -> None:
    base = running_stack.url
    hackathon = _hackathon(base, moderator_token, "Jury-Probe", "Mobilität")
    teams = [
        _team(base, hackathon, name, project)
        for name, project in (
            ("Radler", "Radweg-Melder"),
            ("Busfreunde", "Echtzeit-Bus"),
            ("Nachbarn", "Mitfahrbank"),
        )
    ]
    password = _juror(base, admin_token, hackathon["id"], "jury-probe")
    other = _juror(base, admin_token, hackathon["id"], "jury-andere")
    _phase(base, moderator_token, hackathon["id"], "judging")
    # Another juror's scores and note: never shown on this juror's page (blind).
    other_token = _login(base, "jury-andere", other)
    scores = {"scores": {"Idee": 1, "Umsetzung": 1, "Nutzen": 1}, "note": "Geheime Notiz"}
    path = f"/api/hackathons/projects/{teams[0]['id']}/scores"
    assert call(base, "PUT", path, scores, other_token)[0] == 200

    page = new_page(viewport=CONSOLE)
    page.goto(f"{base}/jury")
    expect(page.locator("#h-login")).to_have_text("Anmelden")
    assert_no_serious_violations(page)
    page.get_by_label("Benutzername").fill("jury-probe")
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()

    expect(page.locator("#jury-title")).to_have_text("Jury-Probe")
    expect(page.locator("#jury-progress-text")).to_have_text("0 von 3 bewertet")
    expect(page.get_by_role("link", name="Jury")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("link", name="Moderation")).to_be_hidden()
    first = page.get_by_role("radio", name="1").first
    expect(first).to_be_focused()
    expect(page.locator("#jury-project-title")).to_have_text("Radweg-Melder")
    page.screenshot(path=artifacts / "jury.png", full_page=True)
    assert_no_serious_violations(page)

    # Enter with nothing chosen says what is missing.
    page.keyboard.press("Enter")
    expect(page.locator("#jury-error")).to_have_text(
        "Bitte noch bewerten: Idee, Umsetzung, Nutzen."
    )

    # Digits set the criterion in focus and move on; after the last one, the note; Enter saves.
    for digit in "435":
        page.keyboard.press(digit)
    expect(page.get_by_label("Notiz")).to_be_focused()
    page.keyboard.type("Starke Idee")
    page.keyboard.press("Enter")
    expect(page.locator("#jury-progress-text")).to_have_text("1 von 3 bewertet")
    expect(page.locator("#jury-project-title")).to_have_text("Echtzeit-Bus")
    expect(page.locator("#jury-list li").first).to_have_attribute("data-state", "scored")
    expect(page.locator("#jury-form fieldset").first.get_by_role("radio", name="1")).to_be_focused()
    page.screenshot(path=artifacts / "jury-next.png", full_page=True)

    # Typed ahead while the save is under way: it goes to the next project, not lost.
    held: list[Any] = []
    page.route("**/scores", lambda route: held.append(route))  # held until all keys are typed
    for key in ("2", "2", "2", "Enter", "1", "1", "1"):
        page.keyboard.press(key)
    while not held:
        page.wait_for_timeout(50)
    held.pop().continue_()
    expect(page.locator("#jury-progress-text")).to_have_text("2 von 3 bewertet")
    page.unroute("**/scores")
    fieldsets = page.locator("#jury-form fieldset")
    for n in range(3):
        expect(fieldsets.nth(n).get_by_role("radio", name="1")).to_be_checked()
    expect(page.get_by_label("Notiz")).to_be_focused()
    expect(page.locator("#jury-project-title")).to_have_text("Mitfahrbank")

    # A conflict of interest skips the project; then all are done.
    page.get_by_role("button", name="Befangen – Projekt überspringen").click()
    expect(page.locator("#jury-progress-text")).to_have_text("3 von 3 bewertet")
    expect(page.locator("#jury-done")).to_contain_text("Alle Projekte sind bewertet.")
    expect(page.locator("#jury-done")).to_be_focused()

    # Back to the first project: only this juror's own scores and note.
    page.get_by_role("button", name=re.compile("Radweg-Melder")).click()
    fieldsets = page.locator("#jury-form fieldset")
    expect(fieldsets.nth(0).get_by_role("radio", name="4")).to_be_checked()
    expect(fieldsets.nth(1).get_by_role("radio", name="3")).to_be_checked()
    expect(fieldsets.nth(2).get_by_role("radio", name="5")).to_be_checked()
    expect(page.get_by_label("Notiz")).to_have_value("Starke Idee")
    expect(page.locator("body")).not_to_contain_text("Geheime Notiz")
    page.screenshot(path=artifacts / "jury-done.png", full_page=True)
    assert_no_serious_violations(page)

    status, jury = call(
        base, "GET", f"/api/hackathons/{hackathon['id']}/jury", None, moderator_token
    )
    assert status == 200, jury
    mine = next(j for j in jury["items"] if j["username"] == "jury-probe")
    assert (mine["scored"], mine["conflicts"]) == (2, 1), jury

    page.goto(f"{base}/jury?lang=en")
    expect(page.locator("#jury-progress-text")).to_have_text("3 of 3 scored")
    expect(page.locator("#jury-list li").first).to_contain_text("scored")
    page.screenshot(path=artifacts / "jury-en.png", full_page=True)

    # A staff account on the jury's page is told it is the wrong one.
    staff = new_page(viewport=CONSOLE, session=moderator_session(moderator_token))
    staff.goto(f"{base}/jury")
    expect(staff.locator("#login-status")).to_contain_text("Mit diesem Konto")
    expect(staff.locator("#view-jury")).to_be_hidden()


# ---- the screen ---------------------------------------------------------------------------------


def test_screen_follows_the_teams_and_shows_the_leaderboard(
    running_stack: Any, new_page: Any, artifacts: Any, moderator_token: str, admin_token: str
) -> None:
    base = running_stack.url
    hackathon = _hackathon(
        base, moderator_token, "Open-Data-Hackday Bildschirm", "Schatten", "Barrierefreiheit"
    )
    screen = new_page(viewport=SCREEN)
    screen.goto(f"{base}/screen/hackathon/{hackathon['id']}")
    expect(screen.locator("#hs-title")).to_have_text("Open-Data-Hackday Bildschirm")
    expect(screen.locator("#hs-phase")).to_have_text("Anmeldung")
    expect(screen.locator("#hs-clock")).to_have_text(re.compile(r"^\d\d:\d\d:\d\d$"))
    expect(screen.locator(".hs-challenge")).to_have_count(2)
    expect(screen.locator("#hs-side img")).to_have_attribute(
        "src", f"/qr.svg?path=%2Fhackathon%2F{hackathon['id']}"
    )
    screen.wait_for_function("() => window.oecherlabHackathonScreen?.live.status === 'open'")

    names = [f"Schatten{LONG_WORD}", "Rampenretter", "Kartenkunst"]
    teams = [_team(base, hackathon, name) for name in names]
    expect(screen.locator(".hs-team")).to_have_count(3)
    expect(screen.locator("#hs-counts")).to_have_text("3 Teams · 0 Projekte eingereicht")
    for team, title in zip(teams, ("Schattenkarte", "Stufenlos", "Kartenwerk"), strict=True):
        page = {"title": title, "summary": "Kurz gesagt."}
        path = f"/api/hackathons/teams/{team['id']}/project"
        assert call(base, "PUT", path, page, team["token"])[0] == 200
    expect(screen.locator("#hs-counts")).to_have_text("3 Teams · 3 Projekte eingereicht")
    expect(screen.locator(".hs-team[data-submitted='true']")).to_have_count(3)
    assert_no_sideways_overflow(screen)
    screen.screenshot(path=artifacts / "screen-hackathon.png")
    assert_no_serious_violations(screen)

    # Judging: a juror scores (two projects equal: tied), the audience vote shows its code.
    password = _juror(base, admin_token, hackathon["id"], "jury-screen")
    _phase(base, moderator_token, hackathon["id"], "judging")
    expect(screen.locator("#hs-phase")).to_have_text("Jurierung")
    expect(screen.locator("#hs-clock-box")).to_be_hidden()
    juror = _login(base, "jury-screen", password)
    for team, value in zip(teams, (5, 3, 3), strict=True):
        body = {"scores": {"Idee": value, "Umsetzung": value, "Nutzen": value}}
        path = f"/api/hackathons/projects/{team['id']}/scores"
        assert call(base, "PUT", path, body, juror)[0] == 200
    status, vote = call(
        base, "POST", f"/api/hackathons/{hackathon['id']}/audience-vote", None, moderator_token
    )
    assert status == 201, vote
    expect(screen.locator("#hs-code")).to_have_text(vote["join_code"])
    expect(screen.locator("#hs-side img")).to_have_attribute(
        "src", f"/qr.svg?path=%2Fjoin%3Fcode%3D{vote['join_code']}"
    )
    screen.screenshot(path=artifacts / "screen-hackathon-vote.png")
    assert_no_serious_violations(screen)

    # The reveal: the leaderboard with the tie marked, the method, the audience award beside it.
    _phase(base, moderator_token, hackathon["id"], "results")
    rows = screen.locator("#hs-board tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text(f"Schatten{LONG_WORD}")
    expect(rows.nth(0).locator(".hk-rank")).to_have_text("1")
    expect(rows.nth(1).locator(".hk-rank")).to_have_text("2gleichauf")
    expect(rows.nth(2).locator(".hk-rank")).to_have_text("2gleichauf")
    expect(screen.locator(".hk-method")).to_contain_text("z-Werte")
    expect(screen.locator("#hs-side-h")).to_have_text("Publikumspreis")
    assert_no_sideways_overflow(screen)
    screen.screenshot(path=artifacts / "screen-hackathon-results.png")
    assert_no_serious_violations(screen)

    # The phone page shows the same results.
    phone = new_page(viewport=PHONE)
    phone.goto(f"{base}/hackathon/{hackathon['id']}")
    expect(phone.locator("#hk-board tbody tr")).to_have_count(3)
    expect(phone.locator("#hk-board tbody tr").nth(2)).to_contain_text("gleichauf")
    expect(phone.locator("#hk-over")).to_contain_text("Ergebnisse")
    expect(phone.locator("#hk-start")).to_be_hidden()
    assert_no_sideways_overflow(phone)
    phone.screenshot(path=artifacts / "hackathon-phone-results.png", full_page=True)
    assert_no_serious_violations(phone)

    screen.goto(f"{base}/screen/hackathon/{hackathon['id']}?lang=en")
    expect(screen.locator("#hs-results-h")).to_have_text("Results")
    expect(rows.nth(1).locator(".hk-rank")).to_have_text("2tied")
    screen.screenshot(path=artifacts / "screen-hackathon-results-en.png")


# ---- the staff console --------------------------------------------------------------------------


def test_console_creates_and_runs_a_hackathon(
    running_stack: Any, new_page: Any, artifacts: Any, admin_token: str
) -> None:
    base = running_stack.url
    console = new_page(viewport=CONSOLE, session=staff_session(admin_token, "admin", "admin"))
    console.goto(f"{base}/hackathons")
    expect(console.get_by_role("link", name="Hackathons")).to_have_attribute("aria-current", "page")
    assert_no_serious_violations(console)

    console.get_by_text("Neuen Hackathon anlegen").click()
    console.get_by_label("Titel des Hackathons").fill("Konsolen-Hackathon")
    console.get_by_label("Studierende").check()
    console.get_by_label("Weitere Zielgruppen").fill("Vereine")
    console.get_by_role("textbox", name="Ort (optional)").fill("OecherLab")
    later = datetime.now() + timedelta(days=2)  # the browser's local time
    console.get_by_label("Abgabefrist").fill(later.strftime("%Y-%m-%dT%H:%M"))
    expect(console.get_by_label("Kriterium 1", exact=True)).to_have_value("Idee")
    console.get_by_role("button", name="Kriterium 3 entfernen").click()
    console.get_by_label("Gewicht 2").fill("2")
    console.screenshot(path=artifacts / "hackathons-new.png", full_page=True)
    assert_no_serious_violations(console)
    console.get_by_role("button", name="Hackathon anlegen").click()
    expect(console.locator("#h-hackathon")).to_have_text("Konsolen-Hackathon")
    expect(console.locator("#hackathon-phase")).to_have_text("Anmeldung")
    expect(console.locator("#hackathon-groups")).to_have_text("StudierendeVereine")
    expect(console.locator("#hackathon-rubric")).to_have_text("Idee, Umsetzung (×2)")
    hackathon_id = console.evaluate("new URLSearchParams(location.search).get('hackathon')")
    expect(console.get_by_role("link", name="Handy-Seite öffnen")).to_have_attribute(
        "href", f"/hackathon/{hackathon_id}"
    )
    expect(console.get_by_role("link", name="Bildschirm-Ansicht öffnen")).to_have_attribute(
        "href", f"/screen/hackathon/{hackathon_id}"
    )

    console.get_by_label("Titel der Challenge").fill("Offene Haushaltsdaten")
    console.get_by_role("button", name="Challenge hinzufügen").click()
    expect(console.locator("#challenge-list")).to_contain_text("Offene Haushaltsdaten")

    # A new jury account (admins only): the password is shown once; it is on the jury at once.
    console.get_by_label("Neues Jury-Konto").fill("jury-konsole")
    console.get_by_role("button", name="Konto anlegen").click()
    expect(console.locator("#account-made")).to_contain_text("Passwort (wird nur jetzt angezeigt)")
    expect(console.locator("#juror-list")).to_contain_text("jury-konsole")
    expect(console.locator("#juror-list")).to_contain_text("0 von 0 bewertet")
    # A name that is no jury account is refused with the server's words.
    console.get_by_label("Jury-Konto hinzufügen").fill("moderator")
    console.get_by_role("button", name="Zur Jury hinzufügen").click()
    expect(console.locator("#juror-name-error")).not_to_be_empty()

    console.get_by_role("button", name="Hacking starten").click()
    expect(console.locator("#hackathon-phase")).to_have_text("Hacking")
    hackathon = {
        "id": hackathon_id,
        "challenges": call(base, "GET", f"/api/hackathons/{hackathon_id}")[1]["challenges"],
    }
    _team(base, hackathon, "Kassensturz", "Haushalt verstehen")
    _team(base, hackathon, "Zahlenwerk", "Steuern sichtbar")  # a vote needs two options
    console.get_by_role("button", name="Abgabe schließen, Jurierung starten").click()
    expect(console.locator("#hackathon-phase")).to_have_text("Jurierung")
    expect(console.locator("#team-table")).to_contain_text("Haushalt verstehen")

    console.get_by_role("button", name="Publikumsabstimmung starten").click()
    expect(console.locator("#audience-code")).to_have_text(re.compile(r"^[A-Z0-9]{4,8}$"))
    console.get_by_role("button", name="Rangliste anzeigen (Vorschau)").click()
    expect(console.locator("#board-box")).to_contain_text("Vorschau")
    expect(console.locator("#board-box tbody tr")).to_have_count(2)
    console.screenshot(path=artifacts / "hackathons-console.png", full_page=True)
    assert_no_serious_violations(console)

    with console.expect_download() as download:
        console.get_by_role("button", name="results.csv herunterladen").click()
    assert download.value.suggested_filename.endswith("results.csv")
    with console.expect_download() as download:
        console.get_by_role("button", name="scores.csv herunterladen").click()
    assert download.value.suggested_filename.endswith("scores.csv")

    # The reveal asks first.
    console.once("dialog", lambda dialog: dialog.accept())
    console.get_by_role("button", name="Ergebnisse verkünden").click()
    expect(console.locator("#hackathon-phase")).to_have_text("Ergebnisse")
    expect(console.locator("#phase-actions button")).to_have_count(0)

    console.goto(f"{base}/hackathons?hackathon={hackathon_id}&lang=en")
    expect(console.locator("#hackathon-phase")).to_have_text("Results")
    console.screenshot(path=artifacts / "hackathons-console-en.png", full_page=True)


# ---- the one staff sign-in, now with jury accounts ------------------------------------------------


def test_staff_consoles_still_sign_in_and_a_juror_is_sent_to_the_jury_page(
    running_stack: Any, new_page: Any, artifacts: Any, moderator_token: str, admin_token: str
) -> None:
    base = running_stack.url
    for path, view in (
        ("/moderate", "#console-view"),
        ("/workshop", "#view-console"),
        ("/exhibitions", "#view-console"),
        ("/hackathons", "#view-console"),
    ):
        page = new_page(viewport=CONSOLE, session=moderator_session(moderator_token))
        page.goto(base + path)
        expect(page.locator(view)).to_be_visible()
        nav = page.get_by_role("navigation", name="Konsolen")
        for name in ("Moderation", "Workshops", "Ausstellungen", "Hackathons"):
            expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
        expect(nav.get_by_role("link", name="Jury", exact=True)).to_be_hidden()

    # The sign-in form itself, on a console.
    page = new_page(viewport=CONSOLE)
    page.goto(f"{base}/exhibitions")
    page.get_by_label("Benutzername").fill("moderator")
    page.get_by_label("Passwort").fill(running_stack.moderator_password)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator("#view-console")).to_be_visible()

    # A jury account on a staff console: told so, with the way to its own page.
    hackathon = _hackathon(base, moderator_token, "Anmelde-Probe", "Eine Challenge")
    password = _juror(base, admin_token, hackathon["id"], "jury-anmeldung")
    juror = _login(base, "jury-anmeldung", password)
    page = new_page(viewport=CONSOLE, session=staff_session(juror, "jury-anmeldung", "jury"))
    page.goto(f"{base}/moderate")
    expect(page.locator("#login-status")).to_contain_text("Mit diesem Konto")
    expect(page.locator("#console-view")).to_be_hidden()
    expect(page.get_by_role("link", name="Jury", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Moderation", exact=True)).to_be_hidden()
    page.screenshot(path=artifacts / "moderate-juror.png")
    assert_no_serious_violations(page)
    page.get_by_role("link", name="Jury", exact=True).click()
    expect(page.locator("#jury-title")).to_have_text("Anmelde-Probe")
