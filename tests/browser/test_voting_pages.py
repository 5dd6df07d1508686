"""The workshop pages in Chromium: a phone joins by the QR link and votes, the screen follows the
poll live, the console prepares and runs polls; axe-core finds no serious violation on any."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.helpers import (
    LAPTOP,
    PHONE,
    SCREEN,
    assert_no_serious_violations,
    call,
    moderator_session,
)


def _workshop(base: str, token: str, *polls: dict) -> tuple[dict, list[dict]]:
    status, session = call(base, "POST", "/api/voting/sessions", {"title": "Stadtwerkstatt"}, token)
    assert status == 201, session
    made = []
    for body in polls:
        status, poll = call(
            base, "POST", f"/api/voting/sessions/{session['id']}/polls", body, token
        )
        assert status == 201, poll
        made.append(poll)
    return session, made


def _control(base: str, token: str, poll_id: str, action: str) -> None:
    status, body = call(base, "POST", f"/api/voting/polls/{poll_id}/{action}", None, token)
    assert status == 200, body


def test_phone_votes_and_the_screen_shows_the_result(
    running_stack: Any, new_page: Any, artifacts: Any, moderator_token: str
) -> None:
    base = running_stack.url
    poll_in = {
        "question": "Was fehlt am Markt?",
        "type": "single",
        "options": ["Bänke", "Bäume", "Brunnen"],
    }
    session, [poll] = _workshop(base, moderator_token, poll_in)
    _control(base, moderator_token, poll["id"], "open")

    screen = new_page(viewport=SCREEN)
    screen.goto(f"{base}/screen/session/{session['id']}")
    expect(screen.locator("#s-question")).to_have_text("Was fehlt am Markt?")
    expect(screen.locator("#s-code")).to_have_text(session["join_code"])
    expect(screen.locator("#s-qr")).to_have_attribute(
        "src", f"/api/voting/sessions/{session['id']}/qr.svg"
    )

    phone = new_page(viewport=PHONE)
    phone.goto(f"{base}/join?code={session['join_code']}")
    expect(phone.locator("#poll-q")).to_have_text("Was fehlt am Markt?")
    phone.get_by_role("button", name="Abstimmen").click()
    expect(phone.locator("#vote-error")).to_have_text("Bitte eine Antwort wählen.")
    phone.get_by_text("Bäume", exact=True).click()
    phone.get_by_role("button", name="Abstimmen").click()
    expect(phone.locator("#thanks")).to_contain_text("Danke, Ihre Stimme zählt!")
    expect(phone.locator("#thanks")).to_contain_text("Bäume")
    phone.screenshot(path=artifacts / "page-join-voted.png", full_page=True)
    assert_no_serious_violations(phone)

    expect(screen.locator(".s-big-count")).to_have_text("1 Stimme")
    expect(screen.locator("#s-note")).to_have_text("Abstimmung läuft – das Ergebnis folgt.")
    screen.screenshot(path=artifacts / "page-screen-session-open.png")
    assert_no_serious_violations(screen)

    _control(base, moderator_token, poll["id"], "close")
    _control(base, moderator_token, poll["id"], "reveal")
    expect(screen.locator(".v-bar-row")).to_have_count(3)
    expect(screen.locator(".v-bar-row").nth(1)).to_contain_text("1 Stimme (100 %)")
    expect(phone.locator("#result-chart .v-bar-row").nth(1)).to_contain_text("Bäume")
    expect(phone.locator("#poll-area")).to_contain_text("Die Abstimmung ist beendet.")
    screen.screenshot(path=artifacts / "page-screen-session-result.png")
    phone.screenshot(path=artifacts / "page-join-result.png", full_page=True)
    assert_no_serious_violations(screen)
    assert_no_serious_violations(phone)


def test_console_runs_a_ranking_poll_and_sees_it_live(
    running_stack: Any, new_page: Any, artifacts: Any, moderator_token: str
) -> None:
    base = running_stack.url
    console = new_page(viewport=LAPTOP, session=moderator_session(moderator_token))
    console.goto(f"{base}/workshop")
    console.get_by_label("Titel des Workshops").fill("Mobilität 2030")
    console.get_by_role("button", name="Workshop anlegen").click()
    expect(console.locator("#h-session")).to_have_text("Mobilität 2030")
    code = console.locator("#session-code").inner_text()

    console.get_by_label("Frage", exact=True).fill("Was zuerst?")
    console.get_by_label("Art").select_option("ranking")
    console.get_by_label("Antwortmöglichkeiten (eine pro Zeile, 2 bis 12)").fill("Bus\nRad\nZug")
    console.get_by_role("button", name="Frage anlegen").click()
    expect(console.locator("#poll-list .v-poll-item")).to_have_count(1)
    console.locator("#poll-list").get_by_role("button", name="Öffnen").click()
    expect(console.locator("#poll-list")).to_contain_text("Läuft")
    assert_no_serious_violations(console)

    phone = new_page(viewport=PHONE)
    phone.goto(f"{base}/join")
    phone.get_by_label("Code vom Bildschirm").fill(code.lower())
    phone.get_by_role("button", name="Beitreten").click()
    expect(phone.locator("#poll-q")).to_have_text("Was zuerst?")
    # By keyboard: Zug up twice, so the order becomes Zug, Bus, Rad.
    phone.get_by_role("button", name="Zug nach oben").focus()
    phone.keyboard.press("Enter")
    phone.get_by_role("button", name="Zug nach oben").focus()
    phone.keyboard.press("Enter")
    expect(phone.locator(".v-rank-label")).to_have_text(["Zug", "Bus", "Rad"])
    assert_no_serious_violations(phone)
    phone.get_by_role("button", name="Abstimmen").click()
    expect(phone.locator("#thanks")).to_contain_text("Zug › Bus › Rad")

    expect(console.locator("#live-voters")).to_contain_text("1 Stimme")
    # Places in the ranking's order, with correct German: "1. Zug", "1 Borda-Punkt".
    labels = console.locator("#live-chart .v-bar-label")
    expect(labels).to_have_text(["1. Zug", "2. Bus", "3. Rad"])
    expect(console.locator("#live-chart .v-bar-row").first).to_contain_text("2 Borda-Punkte")
    expect(console.locator("#live-chart .v-bar-row").nth(1)).to_contain_text("1 Borda-Punkt ")
    console.screenshot(path=artifacts / "page-workshop-console.png", full_page=True)
    assert_no_serious_violations(console)
    session_id = console.evaluate("new URLSearchParams(location.search).get('session')")
    status, session = call(base, "GET", f"/api/voting/sessions/{session_id}", None, moderator_token)
    assert status == 200, session
    status, results = call(
        base, "GET", f"/api/voting/polls/{session['polls'][0]['id']}/results", None, moderator_token
    )
    assert status == 200 and results["ranking"] == ["o3", "o1", "o2"], results


def test_every_poll_type_has_an_accessible_phone_form(
    running_stack: Any, new_page: Any, artifacts: Any, moderator_token: str
) -> None:
    base = running_stack.url
    polls_in = [
        {
            "question": "Welche zwei?",
            "type": "multiple",
            "options": ["A", "B", "C"],
            "settings": {"max_choices": 2},
        },
        {
            "question": "Wie zufrieden?",
            "type": "scale",
            "settings": {"min": 1, "max": 5, "min_label": "gar nicht", "max_label": "sehr"},
        },
        {"question": "Ein Wort zu Aachen", "type": "wordcloud"},
        {
            "question": "Verteilen Sie 5 Punkte",
            "type": "points",
            "options": ["Bus", "Rad"],
            "settings": {"budget": 5},
        },
    ]
    session, polls = _workshop(base, moderator_token, *polls_in)
    phone = new_page(viewport=PHONE)
    phone.goto(f"{base}/join?code={session['join_code']}&lang=en")
    for poll in polls:
        _control(base, moderator_token, poll["id"], "open")  # opening makes it the current poll
        expect(phone.locator("#poll-q")).to_have_text(poll["question"])
        if poll["type"] == "multiple":
            phone.get_by_text("A", exact=True).click()
            phone.get_by_text("C", exact=True).click()
            expect(phone.get_by_label("B", exact=True)).to_be_disabled()  # at most two
        elif poll["type"] == "scale":
            phone.get_by_text("4", exact=True).click()
        elif poll["type"] == "wordcloud":
            phone.get_by_label("Your answer (a word or a few)").fill("Mehr Bäume!")
        else:
            for _ in range(3):
                phone.get_by_role("button", name="More points for Rad").click()
            expect(phone.locator(".v-points-left")).to_have_text("2 of 5 points left to give")
        phone.screenshot(path=artifacts / f"page-join-{poll['type']}.png", full_page=True)
        assert_no_serious_violations(phone)
        phone.get_by_role("button", name="Vote").click()
        expect(phone.locator("#thanks")).to_contain_text("Thank you, your vote counts!")
    status, words = call(
        base, "GET", f"/api/voting/polls/{polls[2]['id']}/results", None, moderator_token
    )
    assert status == 200 and words["words"] == [{"word": "bäume", "count": 1, "approved": False}]


def _joined_phone(base: str, session: dict) -> str:
    """A phone's participant token for the session, recorded as a member (the voting side of
    joining; a second call by the gateway itself changes nothing)."""
    from devstack.pow import mint_participant_sync

    token = mint_participant_sync(base, session["join_code"])["access_token"]
    status, body = call(base, "POST", f"/api/voting/sessions/{session['id']}/join", None, token)
    assert status == 200, body
    return token


def test_console_shows_joined_and_voted_locks_joining_and_ends_the_workshop(
    running_stack: Any, new_page: Any, artifacts: Any, moderator_token: str
) -> None:
    base = running_stack.url
    poll_in = {"question": "Wie kommen Sie her?", "type": "single", "options": ["Bus", "Rad"]}
    session, [poll] = _workshop(base, moderator_token, poll_in)
    _control(base, moderator_token, poll["id"], "open")
    console = new_page(
        viewport={"width": 1366, "height": 900}, session=moderator_session(moderator_token)
    )
    console.goto(f"{base}/workshop?session={session['id']}")
    joined, voted = console.locator("#count-joined"), console.locator("#count-voted")
    toggle = console.get_by_role("button", name="Beitritt sperren")
    expect(joined).to_have_text("0")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(console.get_by_text("Beigetreten", exact=True)).to_be_visible()

    # Phones join and one votes: the counts follow live, without reloading.
    phones = [_joined_phone(base, session) for _ in range(3)]
    status, body = call(
        base, "POST", f"/api/voting/polls/{poll['id']}/votes", {"choice": "o2"}, phones[0]
    )
    assert status == 202, body
    expect(joined).to_have_text("3")
    expect(voted).to_have_text("1")

    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(console.locator("#session-state")).to_contain_text("Beitritt gesperrt")
    status, body = call(base, "GET", f"/api/voting/join/{session['join_code']}")
    assert status == 423 and "geschlossen" in body["detail_de"], body
    assert_no_serious_violations(console)
    console.screenshot(path=artifacts / "page-workshop-locked.png")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(console.locator("#session-state")).to_contain_text("Beitritt offen")

    end = console.get_by_role("button", name="Workshop beenden")
    console.once("dialog", lambda dialog: dialog.dismiss())
    end.click()
    expect(end).to_be_enabled()
    assert call(base, "GET", f"/api/voting/join/{session['join_code']}")[0] == 200
    console.once("dialog", lambda dialog: dialog.accept())
    end.click()
    expect(console.locator("#session-state")).to_contain_text("Workshop beendet")
    expect(end).to_be_disabled()
    expect(toggle).to_be_disabled()
    expect(console.locator("#poll-form")).to_be_hidden()
    expect(console.locator("#poll-list")).to_contain_text("Beendet")  # the open poll closed
    assert call(base, "GET", f"/api/voting/join/{session['join_code']}")[0] == 404
    assert_no_serious_violations(console)
    console.screenshot(path=artifacts / "page-workshop-ended.png")
    console.get_by_role("button", name="EN – English").click()
    expect(console.get_by_role("button", name="Lock joining")).to_be_disabled()
    expect(console.locator("#session-state")).to_contain_text("Workshop ended")


def test_console_approves_every_waiting_word_at_once(
    running_stack: Any, new_page: Any, artifacts: Any, moderator_token: str
) -> None:
    base = running_stack.url
    session, [poll] = _workshop(
        base, moderator_token, {"question": "Ein Wort zu Aachen", "type": "wordcloud"}
    )
    _control(base, moderator_token, poll["id"], "open")
    for word in ("Printen", "Dom", "Öcher Platt"):
        phone = _joined_phone(base, session)
        status, body = call(
            base, "POST", f"/api/voting/polls/{poll['id']}/votes", {"choice": word}, phone
        )
        assert status == 202, body
    console = new_page(
        viewport={"width": 1366, "height": 900}, session=moderator_session(moderator_token)
    )
    console.goto(f"{base}/workshop?session={session['id']}")
    approve_all = console.get_by_role("button", name="Alle 3 wartenden Wörter freigeben")
    expect(approve_all).to_be_visible()
    assert_no_serious_violations(console)
    approve_all.click()
    expect(console.locator("#approve-all")).to_have_count(0)
    path = f"/api/voting/polls/{poll['id']}/results"
    status, results = call(base, "GET", path, None, moderator_token)
    assert status == 200 and all(w["approved"] for w in results["words"]), results
    assert len(results["words"]) == 3
