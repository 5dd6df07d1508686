"""Erasing a participant in the voting service, in memory: their votes and memberships are
gone, each vote is taken back by one vote.withdrawn event without the participant or the
choice, and folding the events gives the tally a recount of the remaining votes gives."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from services.voting.commands import CastVote, ControlPoll, CreatePoll, CreateSession, JoinSession
from services.voting.counting import WITHDRAWN, VoteChange, fold, recount
from services.voting.domain import PollAction, PollType
from services.voting.fake_voting import VOTES, InMemoryVoting


@pytest.fixture
async def voting() -> AsyncIterator[InMemoryVoting]:
    async with InMemoryVoting() as v:
        yield v


async def workshop(voting: InMemoryVoting) -> tuple[dict, dict]:
    session = await voting.handlers.create_session(CreateSession("Werkstatt", "u:moderator"))
    cmd = CreatePoll(session["_id"], "Wie?", PollType.SINGLE, ["Bus", "Rad"], {})
    poll = await voting.handlers.create_poll(cmd)
    poll = await voting.handlers.control_poll(ControlPoll(poll["_id"], PollAction.OPEN))
    return session, poll


async def votes(voting: InMemoryVoting, session: dict, poll: dict, who: str, choice: Any) -> None:
    await voting.handlers.join_session(JoinSession(session["_id"], who))
    await voting.handlers.cast_vote(CastVote(poll["_id"], who, session["_id"], choice, None))


def folded(voting: InMemoryVoting) -> tuple[dict[str, int], int]:
    """The tally the processor reaches from every event on voting.votes, in order."""
    applied: dict = {}
    counts: dict[str, int] = {}
    voters = 0
    for event in voting.published(VOTES):
        d = event.data
        change = VoteChange(
            event.id,
            d["vote_id"],
            d["tally_id"],
            d["version"],
            d["contribution"],
            d.get("withdrawn", False),
        )
        for delta in fold(applied, [change]).values():
            voters += delta.voters
            for key, n in delta.counts.items():
                counts[key] = counts.get(key, 0) + n
        # As VotingStore.count does: a withdrawn vote's record is deleted with its batch.
        for vote_id in [v for v, (_n, c) in applied.items() if c is WITHDRAWN]:
            del applied[vote_id]
    return {k: v for k, v in counts.items() if v}, voters


async def test_erasing_deletes_votes_and_memberships_and_the_tally_follows(
    voting: InMemoryVoting,
) -> None:
    session, poll = await workshop(voting)
    await votes(voting, session, poll, "p:anna", "o1")
    await votes(voting, session, poll, "p:anna", "o2")  # changed: two events for one vote
    await votes(voting, session, poll, "p:ben", "o2")

    erased = await voting.handlers.erase_participant(["p:anna"])

    assert (erased.votes, erased.memberships) == (1, 1)
    assert await voting.queries.participant_data(["p:anna"]) == {
        "service": "voting",
        "memberships": [],
        "votes": [],
    }
    assert await voting.votes.voters(poll["_id"], 0) == {"p:ben"}
    assert await voting.members.count(session["_id"]) == 1
    withdrawal = voting.published(VOTES)[-1]
    assert withdrawal.type == "de.oecherlab.voting.vote.withdrawn"
    assert "p:anna" not in str({k: v for k, v in withdrawal.data.items() if k != "vote_id"})
    assert withdrawal.data["contribution"] == {} and withdrawal.data["version"] == 3
    remaining = [v["choice"] for v in await voting.votes.of_participants(["p:ben"])]
    assert folded(voting) == recount("single", remaining) == ({"c:o2": 1}, 1)


async def test_erasing_twice_erases_nothing_more_and_a_later_vote_counts(
    voting: InMemoryVoting,
) -> None:
    session, poll = await workshop(voting)
    await votes(voting, session, poll, "p:anna", "o1")
    await voting.handlers.erase_participant(["p:anna"])
    again = await voting.handlers.erase_participant(["p:anna"])
    assert (again.votes, again.memberships) == (0, 0)
    # The same device votes again after deleting its data: one voter, not two, not none.
    await votes(voting, session, poll, "p:anna", "o2")
    assert folded(voting) == ({"c:o2": 1}, 1)


def test_a_withdrawal_of_a_vote_never_counted_changes_nothing() -> None:
    applied: dict = {}
    gone = VoteChange("e1", "p:0:p:x", "p:0", 2, {}, withdrawn=True)
    assert all(d.empty for d in fold(applied, [gone]).values())
    # The vote's own (older) event arriving afterwards does not count either.
    late = VoteChange("e0", "p:0:p:x", "p:0", 1, {"c:o1": 1})
    assert fold(applied, [late]) == {}
