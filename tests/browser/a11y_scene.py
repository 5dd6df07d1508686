"""The data behind the pages of a11y_pages.py, for the reflow, keyboard and live-region tests
(test_reflow_and_keyboard.py, test_live_regions.py).

One scene is set up through the HTTP API per test run, as staff and phones would: a workshop
whose current poll shows its results live (and an earlier one revealed), an exhibition with a
kiosk tablet, a hackathon whose results are announced and one that its juror is scoring, a phone
that took part. Scene.open then opens a page as that person would.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from playwright.sync_api import expect

from devstack.pow import solve
from tests.browser.a11y_pages import PAGES
from tests.browser.helpers import (
    call,
    exhibition,
    kiosk_storage,
    moderator_session,
    participant,
    staff_session,
)


def _ok(answer: tuple[int, Any], expected: int = 200) -> Any:
    status, body = answer
    assert status == expected, (status, body)
    return body


def _login(base: str, username: str, password: str) -> str:
    body = {"username": username, "password": password}
    return _ok(call(base, "POST", "/api/auth/login", body))["access_token"]


def _workshop(base: str, staff: str) -> dict[str, Any]:
    """A workshop with a revealed poll that has a vote, then a current one shown live."""
    session = _ok(call(base, "POST", "/api/voting/sessions", {"title": "Markt 2030"}, staff), 201)
    polls = f"/api/voting/sessions/{session['id']}/polls"
    done_in = {"question": "Was fehlt am Markt?", "type": "single", "options": ["Bänke", "Bäume"]}
    done = _ok(call(base, "POST", polls, done_in, staff), 201)
    _ok(call(base, "POST", f"/api/voting/polls/{done['id']}/open", None, staff))
    phone, _ = participant(base)
    challenge = _ok(call(base, "GET", "/api/auth/challenge"))
    body = {"altcha": solve(challenge), "join_code": session["join_code"]}
    seat = _ok(call(base, "POST", "/api/auth/participant", body, phone))["access_token"]
    _ok(call(base, "POST", f"/api/voting/polls/{done['id']}/votes", {"choice": "o2"}, seat), 202)
    for action in ("close", "reveal"):
        _ok(call(base, "POST", f"/api/voting/polls/{done['id']}/{action}", None, staff))
    live_in = {"question": "Wohin zuerst?", "type": "single", "options": ["Rad", "Bus"]}
    live = _ok(call(base, "POST", polls, {**live_in, "settings": {"results": "live"}}, staff), 201)
    _ok(call(base, "POST", f"/api/voting/polls/{live['id']}/open", None, staff))
    return session


def _hackathon(base: str, staff: str, admin: str, title: str) -> tuple[dict[str, Any], str, str]:
    """A hackathon in its judging phase with one project, scored by its juror; returns it and the
    juror's user name and token."""
    body = {
        "title": title,
        "target_groups": ["students"],
        "place": "OecherLab, Aachen",
        "submission_deadline": "2099-01-01T10:00:00Z",
        "rubric": [{"name": "Idee"}, {"name": "Umsetzung", "weight": 2}],
    }
    made = _ok(call(base, "POST", "/api/hackathons", body, staff), 201)
    api = f"/api/hackathons/{made['id']}"
    challenge = _ok(call(base, "POST", f"{api}/challenges", {"title": "Rampen"}, staff), 201)
    phone, _ = participant(base)
    team_in = {"name": "Rampenretter", "challenge_id": challenge["id"]}
    team = _ok(call(base, "POST", f"{api}/teams", team_in, phone), 201)
    project = {"title": "Stufenlos", "summary": "Wege ohne Stufen."}
    _ok(call(base, "PUT", f"/api/hackathons/teams/{team['id']}/project", project, phone))
    username = f"jury-{uuid.uuid4().hex[:8]}"  # account names are for good: one per run
    account_in = {"username": username, "role": "jury"}
    account = _ok(call(base, "POST", "/api/auth/accounts", account_in, admin), 201)
    _ok(call(base, "POST", f"{api}/jury", {"username": username}, admin))
    juror = _login(base, username, account["password"])
    _ok(call(base, "POST", f"{api}/phase", {"phase": "judging"}, staff))
    scores = {"scores": {"Idee": 4, "Umsetzung": 3}}
    _ok(call(base, "PUT", f"/api/hackathons/projects/{team['id']}/scores", scores, juror))
    return made, username, juror


class Scene:
    """The scene set up once, and every page of it as a person opens it."""

    def __init__(self, stack: Any, staff: str) -> None:
        base = self.base = stack.url
        admin = _login(base, "admin", stack.admin_password)
        idea = _ok(call(base, "GET", "/api/ideas?sort=new&page_size=1"))["items"][0]
        session = _workshop(base, staff)
        show, [item] = exhibition(base, staff, "Smart City zum Anfassen", "Sensorbox Luft")
        _, kiosk = kiosk_storage(base, staff, item["id"])
        # One hackathon whose results are announced (the leaderboard), one still being judged
        # (the jury's scoring form).
        hackathon, _, _ = _hackathon(base, staff, admin, "Hackday Barrierefrei")
        hk_api = f"/api/hackathons/{hackathon['id']}/phase"
        _ok(call(base, "POST", hk_api, {"phase": "results"}, staff))
        _, juror_name, juror = _hackathon(base, staff, admin, "Hackday Jury")
        _, phone = participant(base)
        ids = {
            "idea": idea["id"],
            "code": session["join_code"],
            "session": session["id"],
            "exhibition": show["id"],
            "exhibit": item["id"],
            "exhibit_code": item["code"],
            "hackathon": hackathon["id"],
        }
        self.pages = {name: replace(p, path=p.path.format(**ids)) for name, p in PAGES.items()}
        # What a signed-in tab or device keeps in its storage: (localStorage, sessionStorage).
        self.storage: dict[str, tuple[dict[str, str] | None, dict[str, str] | None]] = {
            "moderator": (None, moderator_session(staff)),
            "jury": (None, staff_session(juror, juror_name, "jury")),
            "phone": (phone, None),
            "kiosk": (kiosk, None),
        }

    def open(self, new_page: Any, name: str, viewport: dict[str, int] | None = None) -> Any:
        """Open page `name` (in its own viewport unless told) and wait for its data."""
        page_in = self.pages[name]
        local, session = self.storage.get(page_in.sign_in or "", (None, None))
        page = new_page(viewport=viewport or page_in.viewport, local=local, session=session)
        page.goto(self.base + page_in.path)
        expect(page.locator(page_in.ready).first).to_be_visible()
        page.wait_for_timeout(150)  # late texts (counts, labels) settle
        return page


_SCENES: dict[str, Scene] = {}


def scene_of(stack: Any, staff: str) -> Scene:
    """The one scene of this test run (both test files use it; setting it up takes seconds)."""
    if stack.url not in _SCENES:
        _SCENES[stack.url] = Scene(stack, staff)
    return _SCENES[stack.url]
