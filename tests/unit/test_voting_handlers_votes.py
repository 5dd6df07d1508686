"""Votes as the phones and the tally notice them: accepted or refused with the rule's code, a
changed vote replacing the earlier one, one batch for many votes. In memory, no servers; the
group commit runs over the fakes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from typing import Any

import pytest

from services.voting.api import STATUSES
from services.voting.commands import CastVote, ControlPoll, CreatePoll, CreateSession
from services.voting.domain import PollAction, PollType
from services.voting.fake_voting import VOTES, InMemoryVoting
from services.voting.ports import VersionConflict
from shared.errors import DomainError
from shared.problems import Problem, status_of

OPTIONS = ["Radwege", "Bäume", "WLAN"]


@pytest.fixture
async def voting() -> AsyncIterator[InMemoryVoting]:
    async with InMemoryVoting() as v:
        yield v


async def refused(code: str, call: Awaitable[Any]) -> DomainError:
    with pytest.raises(DomainError) as err:
        await call
    assert err.value.code == code, err.value.detail
    return err.value


async def open_poll(
    voting: InMemoryVoting,
    kind: PollType = PollType.SINGLE,
    labels: list | None = OPTIONS,
    **s: Any,
) -> dict:
    session = await voting.handlers.create_session(CreateSession("Werkstatt", "u:moderator"))
    poll = await voting.handlers.create_poll(CreatePoll(session["_id"], "?", kind, labels, s))
    return await voting.handlers.control_poll(ControlPoll(poll["_id"], PollAction.OPEN))


def vote(voting: InMemoryVoting, poll: dict, who: str, choice: Any, **kw: Any) -> Awaitable[Any]:
    session = kw.pop("session", poll["session_id"])
    cmd = CastVote(poll["_id"], who, session, choice, kw.pop("correlation_id", None))
    return voting.handlers.cast_vote(cmd)


async def test_a_vote_is_accepted_and_handed_to_the_tally(voting: InMemoryVoting) -> None:
    poll = await open_poll(voting)
    accepted = await vote(voting, poll, "p:anna", "o2", correlation_id="req-1")
    assert (accepted.version, accepted.choice) == (1, "o2")
    assert accepted.vote_id == f"{poll['_id']}:0:p:anna"
    [event] = voting.published(VOTES)
    assert event.type == "de.oecherlab.voting.vote.cast" and event.subject == accepted.vote_id
    assert event.correlationid == "req-1"
    assert event.data == {
        "vote_id": accepted.vote_id,
        "poll_id": poll["_id"],
        "session_id": poll["session_id"],
        "round": 0,
        "tally_id": f"{poll['_id']}:0",
        "poll_type": "single",
        "participant": "p:anna",
        "version": 1,
        "choice": "o2",
        "previous": None,
        "contribution": {"c:o2": 1},
    }
    assert voting.uow.published[-1][1] == poll["_id"]  # keyed by poll: its votes stay in order
    _, mine = await voting.queries.my_vote(poll["_id"], lambda _session: "p:anna")
    assert mine["choice"] == "o2"
    assert voting.live.counted[-1] == poll["session_id"]  # `voted` may have grown


async def test_a_changed_vote_replaces_the_earlier_one(voting: InMemoryVoting) -> None:
    poll = await open_poll(voting)
    await vote(voting, poll, "p:ben", "o1")
    changed = await vote(voting, poll, "p:ben", "o3")
    assert changed.version == 2
    assert await voting.votes.voters(poll["_id"], 0) == {"p:ben"}
    assert (await voting.votes.mine(poll["_id"], 0, "p:ben"))["choice"] == "o3"
    last = voting.published(VOTES)[-1]
    assert last.type == "de.oecherlab.voting.vote.changed"
    assert (last.data["previous"], last.data["choice"], last.data["version"]) == ("o1", "o3", 2)


async def test_the_same_choice_again_is_a_safe_retry(voting: InMemoryVoting) -> None:
    poll = await open_poll(voting)
    await vote(voting, poll, "p:cleo", "o1")
    again = await vote(voting, poll, "p:cleo", "o1")
    assert again.version == 1 and len(voting.published(VOTES)) == 1


async def test_a_poll_without_changes_keeps_the_first_choice(voting: InMemoryVoting) -> None:
    poll = await open_poll(voting, allow_change=False)
    await vote(voting, poll, "p:dora", "o1")
    assert (await vote(voting, poll, "p:dora", "o1")).version == 1
    err = await refused("already-voted", vote(voting, poll, "p:dora", "o2"))
    assert status_of(err, STATUSES) == 409
    assert (await voting.votes.mine(poll["_id"], 0, "p:dora"))["choice"] == "o1"


async def test_votes_are_taken_only_while_the_poll_is_open(voting: InMemoryVoting) -> None:
    poll = await open_poll(voting, timer_s=30)
    session = await voting.handlers.create_session(CreateSession("Zweite", "u:moderator"))
    draft = await voting.handlers.create_poll(
        CreatePoll(session["_id"], "?", PollType.SINGLE, ["A", "B"])
    )
    await refused("poll-closed", vote(voting, draft, "p:emil", "o1"))
    await vote(voting, poll, "p:emil", "o1")
    voting.clock.advance(30)  # the deadline, before the timer task has closed the poll
    err = await refused("poll-closed", vote(voting, poll, "p:emil", "o2"))
    assert status_of(err, STATUSES) == 409 and err.detail_de
    await voting.handlers.control_poll(ControlPoll(poll["_id"], PollAction.OPEN))
    await vote(voting, poll, "p:emil", "o2")  # reopened: a new timer
    await voting.handlers.control_poll(ControlPoll(poll["_id"], PollAction.CLOSE))
    await refused("poll-closed", vote(voting, poll, "p:emil", "o3"))
    assert (await voting.votes.mine(poll["_id"], 0, "p:emil"))["choice"] == "o2"


async def test_only_members_of_the_polls_session_vote(voting: InMemoryVoting) -> None:
    poll = await open_poll(voting)
    for session in (None, "another-session"):
        err = await refused("not-in-session", vote(voting, poll, "p:fee", "o1", session=session))
        assert status_of(err, STATUSES) == 403
    await refused("not-found", vote(voting, {**poll, "_id": "nope"}, "p:fee", "o1"))
    assert voting.published(VOTES) == []


@pytest.mark.parametrize(
    ("kind", "labels", "good", "stored", "bad"),
    [
        (PollType.SINGLE, OPTIONS, "o3", "o3", "o9"),
        (PollType.MULTIPLE, OPTIONS, ["o3", "o1"], ["o1", "o3"], ["o1", "o1"]),
        (PollType.SCALE, None, 4.0, 4, 6),
        (PollType.WORDCLOUD, None, "Mehr Bäume!", "bäume", "und oder"),
        (PollType.POINTS, OPTIONS, {"o1": 7, "o2": 0}, {"o1": 7}, {"o1": 11}),
        (PollType.RANKING, OPTIONS, ["o2", "o3", "o1"], ["o2", "o3", "o1"], ["o1"]),
    ],
)
async def test_a_choice_must_fit_the_poll_type(
    voting: InMemoryVoting, kind: PollType, labels: list | None, good: Any, stored: Any, bad: Any
) -> None:
    poll = await open_poll(voting, kind, labels)
    err = await refused("invalid-choice", vote(voting, poll, "p:gus", bad))
    assert status_of(err, STATUSES) == 422 and err.extra["errors"][0]["field"] == "choice"
    assert (await vote(voting, poll, "p:gus", good)).choice == stored
    assert voting.published(VOTES)[-1].data["choice"] == stored


async def test_a_reset_starts_a_new_round_and_the_earlier_vote_stays_in_its_own(
    voting: InMemoryVoting,
) -> None:
    poll = await open_poll(voting)
    await vote(voting, poll, "p:hal", "o1")
    await voting.handlers.control_poll(ControlPoll(poll["_id"], PollAction.RESET))
    await refused("poll-closed", vote(voting, poll, "p:hal", "o2"))  # a draft again
    await voting.handlers.control_poll(ControlPoll(poll["_id"], PollAction.OPEN))
    fresh = await vote(voting, poll, "p:hal", "o2")
    assert (fresh.version, fresh.vote_id) == (1, f"{poll['_id']}:1:p:hal")
    assert voting.published(VOTES)[-1].data["tally_id"] == f"{poll['_id']}:1"
    assert (await voting.votes.mine(poll["_id"], 0, "p:hal"))["choice"] == "o1"
    assert (await voting.queries.my_vote(poll["_id"], lambda _session: "p:hal"))[1][
        "choice"
    ] == "o2"


async def test_a_phone_over_its_allowance_is_refused_and_a_refused_vote_costs_none() -> None:
    allowance = {"p:ivo": 2}

    def admit(participant: str) -> None:
        if allowance[participant] == 0:
            raise Problem(429, "Too many requests.", code="rate-limited")
        allowance[participant] -= 1

    async with InMemoryVoting(admit_vote=admit) as voting:
        poll = await open_poll(voting)
        await refused("invalid-choice", vote(voting, poll, "p:ivo", "o9"))
        await vote(voting, poll, "p:ivo", "o1")
        await vote(voting, poll, "p:ivo", "o2")
        with pytest.raises(Problem):
            await vote(voting, poll, "p:ivo", "o3")
        assert (await voting.votes.mine(poll["_id"], 0, "p:ivo"))["choice"] == "o2"


async def test_a_close_racing_a_vote_refuses_it_in_the_batch(voting: InMemoryVoting) -> None:
    poll = await open_poll(voting)
    await vote(voting, poll, "p:jan", "o1")  # this instance now knows the poll as open
    voting.polls.docs[poll["_id"]]["status"] = "closed"  # closed through another instance
    await refused("poll-closed", vote(voting, poll, "p:kai", "o1"))
    assert await voting.votes.voters(poll["_id"], 0) == {"p:jan"}


async def test_many_votes_go_in_few_batches_and_a_conflict_is_retried(
    voting: InMemoryVoting, monkeypatch
) -> None:
    poll = await open_poll(voting)
    write, failures = voting.votes.write, [VersionConflict("another instance wrote first")]

    async def conflict_once(*args: Any) -> None:
        if failures:
            raise failures.pop()
        await write(*args)

    monkeypatch.setattr(voting.votes, "write", conflict_once)
    batches = voting.committer.batches
    receipts = await asyncio.gather(*(vote(voting, poll, f"p:{i}", "o1") for i in range(60)))
    assert {r.version for r in receipts} == {1} and not failures
    assert voting.committer.batches - batches < 10
    assert len(await voting.votes.voters(poll["_id"], 0)) == 60
    assert len(voting.published(VOTES)) == 60  # the failed attempt published nothing


async def test_a_vote_not_stored_in_time_is_never_written_later() -> None:
    voting = InMemoryVoting(store_timeout_s=0.05)  # its group commit is stuck (not running)
    async with InMemoryVoting() as setup:
        poll = await open_poll(setup)
    voting.polls.docs, voting.sessions.docs = setup.polls.docs, setup.sessions.docs
    err = await refused("vote-store-unavailable", vote(voting, poll, "p:lea", "o1"))
    assert status_of(err, STATUSES) == 503 and err.extra["retry_after"] == 2
    async with voting:  # the writer comes back
        await asyncio.sleep(0.05)
        assert (await vote(voting, poll, "p:lea", "o2")).version == 1
    assert (await voting.votes.mine(poll["_id"], 0, "p:lea"))["choice"] == "o2"
    assert [e.data["choice"] for e in voting.published(VOTES)] == ["o2"]
