"""One participant who gave something to every service, beside another one, through the
gateway as phones and the console do: what tests/integration/test_me_*.py download and erase."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import aiohttp

from devstack.pow import mint_participant, participant_headers
from tests.integration.hackathons_stack import HackathonsApi, Headers

SERVICES = ("ideas", "voting", "exhibitions", "hackathons")


@dataclass
class Scene:
    """What was given, and the tokens that gave it."""

    staff: Headers
    phone: Headers  # the participant's device token
    bound: Headers  # the same participant's token bound to the workshop
    other: Headers  # someone else's phone
    poll: dict[str, Any]
    choice: str
    exhibit: dict[str, Any]
    idea: dict[str, Any]  # the participant's own idea
    theirs: dict[str, Any]  # the other phone's idea, supported and commented on by both
    hackathon: dict[str, Any]
    team: dict[str, Any]


async def give_everything(api: HackathonsApi, http: aiohttp.ClientSession) -> Scene:
    """A vote, a rating with a comment, an idea, supports and comments, and a hackathon team
    of one phone; a rating, an idea, a support and a comment of another."""
    staff = await api.staff()
    phone = await participant_headers(http, api.url)
    other = await participant_headers(http, api.url)
    # A workshop: the phone joins with its code (keeping its pseudonym) and votes.
    session = await api.ok(
        "POST", "/api/voting/sessions", 201, json={"title": "Werkstatt"}, headers=staff
    )
    spec = {"question": "Wohin?", "type": "single", "options": ["Markt", "Dom"]}
    poll = await api.ok(
        "POST", f"/api/voting/sessions/{session['id']}/polls", 201, json=spec, headers=staff
    )
    await api.ok("POST", f"/api/voting/polls/{poll['id']}/open", headers=staff)
    joined = await mint_participant(http, api.url, session["join_code"], headers=phone)
    bound = {"Authorization": f"Bearer {joined['access_token']}"}
    choice = poll["options"][1]["id"]
    vote = {"choice": choice}
    await api.ok("POST", f"/api/voting/polls/{poll['id']}/votes", 202, json=vote, headers=bound)
    # An exhibition: the phone rates an exhibit with a comment, the other phone too.
    exhibition = await api.ok(
        "POST", "/api/exhibitions", 201, json={"title": "Schau"}, headers=staff
    )
    await api.ok("POST", f"/api/exhibitions/{exhibition['id']}/open", headers=staff)
    field = (await api.ok("GET", "/api/config"))["fields_of_action"][0]
    exhibit = await api.ok(
        "POST",
        f"/api/exhibitions/{exhibition['id']}/exhibits",
        201,
        json={"title": "Modell", "field": field},
        headers=staff,
    )
    path = f"/api/exhibitions/exhibits/{exhibit['id']}/feedback"
    await api.ok("POST", path, 202, json={"rating": 4, "comment": "Schön"}, headers=phone)
    await api.ok("POST", path, 202, json={"rating": 1, "comment": "Fremd"}, headers=other)
    # Ideas: each phone submits one; both support and comment on the other phone's idea.
    idea = await _published_idea(api, phone, "Mehr Bänke am Markt", field)
    theirs = await _published_idea(api, other, "Trinkbrunnen am Elisenbrunnen", field)
    await api.ok("PUT", f"/api/ideas/{idea['id']}/support", headers=phone)
    await api.ok(
        "POST", f"/api/ideas/{idea['id']}/comments", 201, json={"body": "Ja!"}, headers=phone
    )
    await api.ok("PUT", f"/api/ideas/{idea['id']}/support", headers=other)
    for who, words in ((phone, "Unbedingt, auch im Winter"), (other, "Danke")):
        await api.ok("PUT", f"/api/ideas/{theirs['id']}/support", headers=who)
        said = await api.ok(
            "POST", f"/api/ideas/{theirs['id']}/comments", 201, json={"body": words}, headers=who
        )
        await api.ok(
            "POST",
            f"/api/ideas/{theirs['id']}/comments/{said['id']}/status",
            json={"status": "published"},
            headers=staff,
        )
    # A hackathon: the phone forms a team.
    hackathon = await api.hackathon(deadline_in=timedelta(hours=1))
    team = await api.team(hackathon, "Füchse", phone)
    return Scene(staff, phone, bound, other, poll, choice, exhibit, idea, theirs, hackathon, team)


async def _published_idea(api: HackathonsApi, who: Headers, title: str, field: str) -> dict:
    body = {"title": title, "body": "Zum Ausruhen", "field": field}
    idea = await api.ok("POST", "/api/ideas", 201, headers=who, json=body)
    await api.ok(
        "POST",
        f"/api/ideas/{idea['id']}/status",
        json={"status": "published"},
        headers=await api.staff(),
    )
    return idea
