"""Retention of a workshop's votes with a clock that moves: the individual votes and members of
a session stay while it runs and for the retention period after it ended, then go; the tallies
(its results) stay; a session still running is never touched, and purging twice purges once."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from services.voting.commands import (
    CastVote,
    ControlPoll,
    CreatePoll,
    CreateSession,
    EndSession,
    JoinSession,
    PurgeVotes,
)
from services.voting.domain import PollAction, PollType
from services.voting.fake_voting import InMemoryVoting

DAY = 24 * 3600
PURGE = PurgeVotes(after_days=30)


@pytest.fixture
async def voting() -> AsyncIterator[InMemoryVoting]:
    async with InMemoryVoting() as v:
        yield v


async def workshop_with_votes(voting: InMemoryVoting, title: str) -> tuple[dict, dict]:
    session = await voting.handlers.create_session(CreateSession(title, "u:moderator"))
    cmd = CreatePoll(session["_id"], "Wie?", PollType.SINGLE, ["Bus", "Rad"], {})
    poll = await voting.handlers.create_poll(cmd)
    poll = await voting.handlers.control_poll(ControlPoll(poll["_id"], PollAction.OPEN))
    for who, choice in (("p:anna", "o1"), ("p:ben", "o2")):
        await voting.handlers.join_session(JoinSession(session["_id"], who))
        await voting.handlers.cast_vote(CastVote(poll["_id"], who, session["_id"], choice, None))
    voting.tallies.put(poll["_id"], 0, {"c:o1": 1, "c:o2": 1}, 2)
    return session, poll


async def stored(voting: InMemoryVoting, session: dict, poll: dict) -> tuple[int, int]:
    return len(await voting.votes.voters(poll["_id"], 0)), await voting.members.count(
        session["_id"]
    )


async def test_votes_go_after_the_retention_period_and_the_results_stay(
    voting: InMemoryVoting,
) -> None:
    ended, poll = await workshop_with_votes(voting, "Werkstatt Mai")
    await voting.handlers.end_session(EndSession(ended["_id"]))
    running, running_poll = await workshop_with_votes(voting, "Werkstatt läuft")

    voting.clock.advance(29 * DAY)
    assert await voting.handlers.purge_votes(PURGE) == 0
    assert await stored(voting, ended, poll) == (2, 2)

    voting.clock.advance(2 * DAY)  # 31 days after the end
    assert await voting.handlers.purge_votes(PURGE) == 1
    assert await stored(voting, ended, poll) == (0, 0)
    anna = await voting.queries.participant_data(["p:anna"])
    assert [m["session_id"] for m in anna["memberships"]] == [running["_id"]]
    assert [v["poll_id"] for v in anna["votes"]] == [running_poll["_id"]]
    _poll, tally = await voting.queries.results(poll["_id"])
    assert tally is not None and tally["voters"] == 2  # the results are kept
    assert (await voting.sessions.get(ended["_id"]))["votes_purged_at"] == voting.clock()
    # A session that has not ended keeps everything, however old.
    assert await stored(voting, running, running_poll) == (2, 2)
    assert await voting.handlers.purge_votes(PURGE) == 0


async def test_a_retention_of_zero_days_purges_as_soon_as_a_session_ended(
    voting: InMemoryVoting,
) -> None:
    session, poll = await workshop_with_votes(voting, "Kurz")
    await voting.handlers.end_session(EndSession(session["_id"]))
    voting.clock.advance(1)
    assert await voting.handlers.purge_votes(PurgeVotes(after_days=0)) == 1
    assert await stored(voting, session, poll) == (0, 0)
