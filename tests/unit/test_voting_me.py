"""GET /api/voting/me in memory: what the voting service stores of one participant (their
memberships and votes in every session, poll and round) and nothing of anyone else; and that
no route with an id in its path takes "me" for one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import make_mocked_request

from services.voting import api_me, api_sessions, views
from services.voting.api import ROUTES
from services.voting.app import create_app
from services.voting.commands import (
    CastVote,
    ControlPoll,
    CreatePoll,
    CreateSession,
    JoinSession,
)
from services.voting.domain import PollAction, PollType
from services.voting.fake_voting import InMemoryVoting
from shared.settings import Settings


@pytest.fixture
async def voting() -> AsyncIterator[InMemoryVoting]:
    async with InMemoryVoting() as v:
        yield v


async def workshop(voting: InMemoryVoting, title: str, question: str) -> tuple[dict, dict]:
    session = await voting.handlers.create_session(CreateSession(title, "u:moderator"))
    cmd = CreatePoll(session["_id"], question, PollType.SINGLE, ["Bus", "Rad"], {})
    poll = await voting.handlers.create_poll(cmd)
    poll = await voting.handlers.control_poll(ControlPoll(poll["_id"], PollAction.OPEN))
    return session, poll


async def joins_and_votes(voting: InMemoryVoting, session: dict, poll: dict, who: str, choice: Any):
    await voting.handlers.join_session(JoinSession(session["_id"], who))
    await voting.handlers.cast_vote(CastVote(poll["_id"], who, session["_id"], choice, None))


async def test_a_participant_gets_their_memberships_and_votes_only(voting: InMemoryVoting):
    first, bus = await workshop(voting, "Werkstatt Mobilität", "Wie kommen Sie her?")
    joined_at = voting.clock()
    await joins_and_votes(voting, first, bus, "p:anna", "o1")
    await joins_and_votes(voting, first, bus, "p:ben", "o2")
    voting.clock.advance(60)
    second, rad = await workshop(voting, "Werkstatt Rad", "Mehr Radwege?")
    await joins_and_votes(voting, second, rad, "p:anna", "o2")
    later = voting.clock()

    assert await voting.queries.participant_data(["p:anna"]) == {
        "service": "voting",
        "memberships": [
            {
                "session_id": first["_id"],
                "session_title": "Werkstatt Mobilität",
                "joined_at": joined_at,
            },
            {"session_id": second["_id"], "session_title": "Werkstatt Rad", "joined_at": later},
        ],
        "votes": [
            {
                "poll_id": bus["_id"],
                "question": "Wie kommen Sie her?",
                "type": "single",
                "round": 0,
                "choice": "o1",
                "at": joined_at,
            },
            {
                "poll_id": rad["_id"],
                "question": "Mehr Radwege?",
                "type": "single",
                "round": 0,
                "choice": "o2",
                "at": later,
            },
        ],
    }
    ben = await voting.queries.participant_data(["p:ben"])
    assert [m["session_id"] for m in ben["memberships"]] == [first["_id"]]
    assert [(v["poll_id"], v["choice"]) for v in ben["votes"]] == [(bus["_id"], "o2")]
    nobody = await voting.queries.participant_data(["p:nobody"])
    assert nobody == {"service": "voting", "memberships": [], "votes": []}


def test_a_session_or_poll_gone_leaves_its_title_empty_not_the_entry() -> None:
    member = {"session_id": "s1", "participant": "p:anna", "joined_at": "t"}
    vote = {"poll_id": "p1", "round": 2, "choice": ["a"], "updated_at": "t"}
    view = views.participant_view([member], [vote], {"s1": None}, {"p1": None})
    assert view["memberships"] == [{"session_id": "s1", "session_title": None, "joined_at": "t"}]
    assert view["votes"] == [
        {"poll_id": "p1", "question": None, "type": None, "round": 2, "choice": ["a"], "at": "t"}
    ]


async def test_no_route_with_an_id_takes_me_for_one() -> None:
    app = create_app(Settings())  # no I/O before the app starts
    for path, handler in (
        ("/api/voting/me", api_me.mine),
        ("/api/voting/sessions/me", api_sessions.get_session),
    ):
        match = await app.router.resolve(make_mocked_request("GET", path, app=app))
        assert match.handler is handler, path
    # First in the table as well, whatever order a later aiohttp resolves literal paths in.
    paths = [r.path for table in ROUTES for r in table if r.method == "GET"]
    assert paths.index("/api/voting/me") < paths.index("/api/voting/sessions/{session_id}")
