"""The pages a person uses, each with real data behind it, for the reflow, keyboard and
live-region tests (test_reflow_and_keyboard.py, test_live_regions.py).

One scene is set up through the HTTP API per test run: a workshop with an open poll and a
revealed one, an exhibition with a kiosk, a hackathon with a ranking, a juror and a phone
that took part. Each page is then described by where it is, who opens it and what shows that
it has its data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from devstack.pow import solve
from tests.browser.helpers import (
    LAPTOP,
    PHONE,
    SCREEN,
    call,
    exhibition,
    kiosk_storage,
    moderator_session,
    participant,
    staff_session,
)


@dataclass(frozen=True)
class Page:
    """A page as a person reaches it: path, viewport, stored sign-ins, the element that shows
    its data has arrived, and its main controls (which must stay visible when it reflows)."""

    path: str
    viewport: dict[str, int]
    ready: str
    controls: tuple[str, ...] = ()
    session: dict[str, str] | None = None
    local: dict[str, str] | None = None
    kind: str = "phone"  # "phone", "console" or "screen"
    extra: dict[str, Any] = field(default_factory=dict)


def _ok(answer: tuple[int, Any], expected: int = 200) -> Any:
    status, body = answer
    assert status == expected, (status, body)
    return body


def _login(base: str, username: str, password: str) -> str:
    body = {"username": username, "password": password}
    return _ok(call(base, "POST", "/api/auth/login", body))["access_token"]


def _workshop(base: str, staff: str) -> dict[str, Any]:
    """A workshop whose revealed poll has a vote, and whose open poll waits for phones."""
    session = _ok(call(base, "POST", "/api/voting/sessions", {"title": "Markt 2030"}, staff), 201)
    polls = f"/api/voting/sessions/{session['id']}/polls"
    done_in = {"question": "Was fehlt am Markt?", "type": "single", "options": ["Bänke", "Bäume"]}
    done = _ok(call(base, "POST", polls, done_in, staff), 201)
    _ok(call(base, "POST", f"/api/voting/polls/{done['id']}/open", None, staff))
    phone, _ = participant(base)
    body = {"altcha": solve(_ok(call(base, "GET", "/api/auth/challenge"))), "join_code": ""}
    body["join_code"] = session["join_code"]
    seat = _ok(call(base, "POST", "/api/auth/participant", body, phone))["access_token"]
    _ok(call(base, "POST", f"/api/voting/polls/{done['id']}/votes", {"choice": "o2"}, seat), 202)
    for action in ("close", "reveal"):
        _ok(call(base, "POST", f"/api/voting/polls/{done['id']}/{action}", None, staff))
    return session


def _hackathon(base: str, staff: str, admin: str) -> tuple[dict[str, Any], str, str]:
    """A hackathon in its results phase, with a scored team; returns it, the juror's user name
    and the juror's token."""
    body = {
        "title": "Hackday Barrierefrei",
        "target_groups": ["students"],
        "place": "OecherLab, Aachen",
        "submission_deadline": "2099-01-01T10:00:00Z",
        "rubric": [{"name": "Idee"}],
    }
    made = _ok(call(base, "POST", "/api/hackathons", body, staff), 201)
    api = f"/api/hackathons/{made['id']}"
    challenge = _ok(call(base, "POST", f"{api}/challenges", {"title": "Rampen"}, staff), 201)
    phone, _ = participant(base)
    team_in = {"name": "Rampenretter", "challenge_id": challenge["id"]}
    team = _ok(call(base, "POST", f"{api}/teams", team_in, phone), 201)
    project = {"title": "Stufenlos", "summary": "Wege ohne Stufen."}
    _ok(call(base, "PUT", f"/api/hackathons/teams/{team['id']}/project", project, phone))
    account = _ok(call(base, "POST", "/api/auth/accounts", {"username": "jury-reflow", "role": "jury"}, admin), 201)
    _ok(call(base, "POST", f"{api}/jury", {"username": "jury-reflow"}, admin))
    juror = _login(base, "jury-reflow", account["password"])
    _ok(call(base, "POST", f"{api}/phase", {"phase": "judging"}, staff))
    scores = {"scores": {"Idee": 4}}
    _ok(call(base, "PUT", f"/api/hackathons/projects/{team['id']}/scores", scores, juror))
    return made, "jury-reflow", juror


def build_pages(stack: Any, staff: str) -> dict[str, Page]:
    """Set the scene through the API and describe every page a person uses."""
    base = stack.url
    admin = _login(base, "admin", stack.admin_password)
    ideas = _ok(call(base, "GET", "/api/ideas?sort=new&page_size=1"))
    idea = ideas["items"][0]["id"]
    workshop = _workshop(base, staff)
    open_poll_in = {"question": "Wohin zuerst?", "type": "single", "options": ["Rad", "Bus"]}
    polls = f"/api/voting/sessions/{workshop['id']}/polls"
    open_poll = _ok(call(base, "POST", polls, open_poll_in, staff), 201)
    _ok(call(base, "POST", f"/api/voting/polls/{open_poll['id']}/open", None, staff))
    show, [item] = exhibition(base, staff, "Smart City zum Anfassen", "Sensorbox Luft")
    _, kiosk = kiosk_storage(base, staff, item["id"])
    hackathon, juror_name, juror = _hackathon(base, staff, admin)
    _, phone = participant(base)
    mod = moderator_session(staff)
    jury = staff_session(juror, juror_name, "jury")
    hk = hackathon["id"]
    return {
        "citizen-browse": Page("/", PHONE, "#ideas-list > li", ("#ideas-list > li a",)),
        "citizen-submit": Page("/#/submit", PHONE, "#idea-form", ("#idea-form button[type=submit]",)),
        "citizen-detail": Page(f"/#/ideas/{idea}", PHONE, "#support-toggle", ("#support-toggle",)),
        "citizen-mine": Page("/#/mine", PHONE, "#mine-count:not(:empty)", local=phone),
        "me": Page("/me", PHONE, "#me-data:not([hidden]), #me-none:not([hidden])", local=phone),
        "join": Page("/join", PHONE, "#join-form", ("#join-form button",)),
        "join-poll": Page(f"/join?code={workshop['join_code']}", PHONE, "#poll-q", ("#poll-area button",)),
        "exhibit": Page(f"/exhibit/{item['code']}", PHONE, "#x-title", ("#x-send",)),
        "hackathon": Page(f"/hackathon/{hk}", PHONE, "#hk-title:not(:empty)"),
        "kiosk": Page(f"/kiosk/exhibit/{item['id']}", LAPTOP, "#k-title:not(:empty)", (".k-rate",), local=kiosk),
        "moderate": Page("/moderate", LAPTOP, "#all-list > li", session=mod, kind="console"),
        "workshop": Page(f"/workshop?session={workshop['id']}", LAPTOP, "#poll-list .v-poll-item", session=mod, kind="console"),
        "exhibitions": Page(f"/exhibitions?exhibition={show['id']}", LAPTOP, "#exhibit-list > li", session=mod, kind="console"),
        "hackathons": Page(f"/hackathons?hackathon={hk}", LAPTOP, "#h-hackathon:not(:empty)", session=mod, kind="console"),
        "jury": Page("/jury", LAPTOP, "#jury-title:not(:empty)", session=jury, kind="console"),
        "screen-ideas": Page("/screen/ideas", SCREEN, "#wall-list > li", kind="screen"),
        "screen-session": Page(f"/screen/session/{workshop['id']}", SCREEN, "#s-question", kind="screen"),
        "screen-exhibition": Page(f"/screen/exhibition/{show['id']}", SCREEN, ".xs-card", kind="screen"),
        "screen-hackathon": Page(f"/screen/hackathon/{hk}", SCREEN, ".hs-team", kind="screen"),
        "privacy": Page("/privacy", PHONE, "main h2"),
        "accessibility": Page("/accessibility", PHONE, "#barrier-form", ("#barrier-form button",)),
        "imprint": Page("/imprint", PHONE, "main h2"),
    }


def storage_json(value: dict[str, Any]) -> str:
    return json.dumps(value)
