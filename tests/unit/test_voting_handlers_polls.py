"""The poll commands as a moderator and the screens notice them: in memory, no servers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from typing import Any

import pytest

from services.voting.commands import (
    CloseExpiredPolls,
    ControlPoll,
    CreatePoll,
    CreateSession,
    ModerateWords,
    NextPoll,
)
from services.voting.domain import PollAction, PollType
from services.voting.fake_voting import InMemoryVoting
from shared.errors import DomainError

OPEN, CLOSE, REVEAL, RESET = PollAction


@pytest.fixture
async def voting() -> AsyncIterator[InMemoryVoting]:
    async with InMemoryVoting() as v:
        yield v


async def refused(code: str, call: Awaitable[Any]) -> DomainError:
    with pytest.raises(DomainError) as err:
        await call
    assert err.value.code == code, err.value.detail
    return err.value


async def session_with(voting: InMemoryVoting, *questions: str, **settings: Any) -> tuple:
    session = await voting.handlers.create_session(CreateSession("Werkstatt", "u:moderator"))
    polls = []
    for q in questions:
        cmd = CreatePoll(session["_id"], q, PollType.SINGLE, ["Radwege", "Bäume"], settings)
        polls.append(await voting.handlers.create_poll(cmd))
    return session["_id"], polls


def control(voting: InMemoryVoting, poll: dict, action: PollAction) -> Awaitable[dict]:
    return voting.handlers.control_poll(ControlPoll(poll["_id"], action))


async def test_the_first_poll_is_shown_at_once_and_later_ones_wait(
    voting: InMemoryVoting,
) -> None:
    sid, [first, second] = await session_with(voting, "Erste?", "Zweite?")
    assert voting.event_types() == [
        "session.created",
        "poll.created",
        "session.current_poll_changed",
        "poll.created",
    ]
    assert voting.published()[2].data == {"session_id": sid, "poll_id": first["_id"]}
    assert voting.published()[1].data["poll"]["id"] == first["_id"]
    assert (first["status"], first["order"], second["order"]) == ("draft", 0, 1)
    session, shown = voting.live.sessions[sid]
    assert session["current_poll"] == first["_id"] and shown["_id"] == first["_id"]
    assert [p["_id"] for p in await voting.queries.polls_of(sid)] == [first["_id"], second["_id"]]


async def test_a_poll_needs_options_that_fit_its_type(voting: InMemoryVoting) -> None:
    sid, _ = await session_with(voting)
    for kind, labels in ((PollType.SINGLE, ["Nur eins"]), (PollType.WORDCLOUD, ["A", "B"])):
        err = await refused(
            "invalid-options", voting.handlers.create_poll(CreatePoll(sid, "?", kind, labels))
        )
        assert err.extra["errors"][0]["field"] == "options"
    await refused(
        "not-found", voting.handlers.create_poll(CreatePoll("nope", "?", PollType.WORDCLOUD))
    )
    assert voting.event_types() == ["session.created"] and await voting.queries.polls_of(sid) == []


async def test_open_close_reveal_reset_move_the_poll_along(voting: InMemoryVoting) -> None:
    sid, [poll] = await session_with(voting, "Wohin?")
    opened = await control(voting, poll, OPEN)
    assert opened["status"] == "open" and opened["opened_at"] == voting.clock()
    assert voting.live.sessions[sid][1]["status"] == "open"
    await refused("already-open", control(voting, poll, OPEN))
    closed = await control(voting, poll, CLOSE)
    assert closed["status"] == "closed"
    await refused("not-open", control(voting, poll, CLOSE))
    assert (await control(voting, poll, REVEAL))["revealed"] is True
    reset = await control(voting, poll, RESET)
    assert (reset["status"], reset["revealed"], reset["round"]) == ("draft", False, 1)
    assert voting.live.counted[-1] == sid  # the reset round's votes no longer count
    assert voting.event_types()[-4:] == [
        "poll.opened",
        "poll.closed",
        "poll.revealed",
        "poll.reset",
    ]
    assert [e.data["poll"]["version"] for e in voting.published()[-4:]] == [2, 3, 4, 5]
    await refused("not-found", voting.handlers.control_poll(ControlPoll("nope", OPEN)))


async def test_opening_a_later_poll_shows_it(voting: InMemoryVoting) -> None:
    sid, [first, second] = await session_with(voting, "Erste?", "Zweite?")
    await control(voting, second, OPEN)
    assert voting.event_types()[-2:] == ["poll.opened", "session.current_poll_changed"]
    assert voting.published()[-1].data == {"session_id": sid, "poll_id": second["_id"]}
    session, shown = voting.live.sessions[sid]
    assert session["current_poll"] == second["_id"] and shown["status"] == "open"
    await control(voting, first, OPEN)
    await control(voting, second, CLOSE)  # not the current poll: the screen stays on the first
    assert voting.live.sessions[sid][1]["_id"] == first["_id"]


async def test_a_timed_poll_closes_when_its_time_is_up(voting: InMemoryVoting) -> None:
    sid, [poll] = await session_with(voting, "Schnell?", timer_s=30)
    opened = await control(voting, poll, OPEN)
    assert opened["closes_at"] is not None
    voting.clock.advance(29)
    assert await voting.handlers.close_expired(CloseExpiredPolls()) == 0
    voting.clock.advance(2)
    assert await voting.handlers.close_expired(CloseExpiredPolls()) == 1
    closed = await voting.queries.poll(poll["_id"])
    assert closed["status"] == "closed" and closed["closes_at"] == opened["closes_at"]
    assert voting.event_types()[-1] == "poll.closed"
    assert voting.live.sessions[sid][1]["status"] == "closed"
    assert await voting.handlers.close_expired(CloseExpiredPolls()) == 0


async def test_a_timer_leaves_a_poll_its_moderator_changed_meanwhile(
    voting: InMemoryVoting, monkeypatch
) -> None:
    _, [poll] = await session_with(voting, "Schnell?", timer_s=10)
    await control(voting, poll, OPEN)
    voting.clock.advance(11)
    due = voting.polls.due

    async def due_then_reopened(now: Any) -> list[dict]:
        found = await due(now)
        voting.polls.docs[poll["_id"]]["closes_at"] = None  # reopened without a timer
        return found

    monkeypatch.setattr(voting.polls, "due", due_then_reopened)
    assert await voting.handlers.close_expired(CloseExpiredPolls()) == 1
    assert (await voting.queries.poll(poll["_id"]))["status"] == "open"


async def test_next_shows_the_following_poll_until_there_is_none(voting: InMemoryVoting) -> None:
    sid, [first, second] = await session_with(voting, "Erste?", "Zweite?")
    shown = await voting.handlers.next_poll(NextPoll(sid))
    assert shown.session["current_poll"] == second["_id"] and shown.poll["_id"] == second["_id"]
    assert voting.live.sessions[sid][1]["_id"] == second["_id"]
    await refused("no-next-poll", voting.handlers.next_poll(NextPoll(sid)))
    back = await voting.handlers.next_poll(NextPoll(sid, first["_id"]))
    assert back.poll["_id"] == first["_id"]
    await refused("not-found", voting.handlers.next_poll(NextPoll(sid, "nope")))
    assert voting.event_types().count("session.current_poll_changed") == 3


async def test_next_closes_the_open_poll_and_opens_the_next_when_asked(
    voting: InMemoryVoting,
) -> None:
    sid, [first, second, third] = await session_with(voting, "Erste?", "Zweite?", "Dritte?")
    await control(voting, first, OPEN)
    shown = await voting.handlers.next_poll(NextPoll(sid, open=True))
    status = {p["_id"]: p["status"] for p in await voting.queries.polls_of(sid)}
    assert status == {first["_id"]: "closed", second["_id"]: "open", third["_id"]: "draft"}
    assert shown.poll["_id"] == second["_id"] and shown.poll["status"] == "open"
    assert voting.event_types()[-3:] == [
        "poll.closed",
        "poll.opened",
        "session.current_poll_changed",
    ]
    # Without "open": the next question is shown, waiting, and nothing else stays open.
    shown = await voting.handlers.next_poll(NextPoll(sid))
    status = {p["_id"]: p["status"] for p in await voting.queries.polls_of(sid)}
    assert status == {first["_id"]: "closed", second["_id"]: "closed", third["_id"]: "draft"}
    assert shown.poll["_id"] == third["_id"]


async def test_word_cloud_words_are_approved_and_rejected(voting: InMemoryVoting) -> None:
    sid, [single] = await session_with(voting, "Wohin?")
    cloud = await voting.handlers.create_poll(CreatePoll(sid, "Ein Wort", PollType.WORDCLOUD))
    words = voting.handlers.moderate_words
    approved = await words(ModerateWords(cloud["_id"], ["radweg", "bäume"], approve=True))
    assert approved["approved_words"] == ["bäume", "radweg"]
    rejected = await words(ModerateWords(cloud["_id"], ["radweg"], approve=False))
    assert rejected["approved_words"] == ["bäume"]
    assert voting.event_types()[-2:] == ["poll.words_moderated", "poll.words_moderated"]
    await refused("not-wordcloud", words(ModerateWords(single["_id"], ["x"], approve=True)))


async def test_a_poll_changed_meanwhile_is_a_conflict_and_changes_nothing(
    voting: InMemoryVoting, monkeypatch
) -> None:
    _, [poll] = await session_with(voting, "Wohin?")
    before = len(voting.uow.published)

    async def changed_meanwhile(*_args: Any) -> None:
        return None

    monkeypatch.setattr(voting.polls, "change", changed_meanwhile)
    await refused("conflict", control(voting, poll, OPEN))
    monkeypatch.setattr(voting.sessions, "change", changed_meanwhile)
    await refused("conflict", voting.handlers.next_poll(NextPoll(poll["session_id"], poll["_id"])))
    assert len(voting.uow.published) == before


async def test_results_are_read_with_the_tally_of_the_current_round(
    voting: InMemoryVoting,
) -> None:
    _, [poll] = await session_with(voting, "Wohin?")
    assert (await voting.queries.results(poll["_id"]))[1] is None
    voting.tallies.put(poll["_id"], 0, {"c:o1": 3}, 3)
    found, tally = await voting.queries.results(poll["_id"])
    assert found["_id"] == poll["_id"] and tally["voters"] == 3
    await refused("not-found", voting.queries.results("nope"))
