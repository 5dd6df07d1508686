"""The session commands as a moderator and the phones notice them: in memory, no servers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from typing import Any

import pytest

from services.voting import domain, session_rules
from services.voting.commands import (
    ControlPoll,
    CreatePoll,
    CreateSession,
    EndIdleSessions,
    EndSession,
    JoinSession,
    LockSession,
    NextPoll,
)
from services.voting.domain import PollAction, PollType
from services.voting.fake_voting import InMemoryVoting
from shared.errors import DomainError


@pytest.fixture
async def voting() -> AsyncIterator[InMemoryVoting]:
    async with InMemoryVoting() as v:
        yield v


async def refused(code: str, call: Awaitable[Any]) -> DomainError:
    with pytest.raises(DomainError) as err:
        await call
    assert err.value.code == code, err.value.detail
    assert err.value.detail and err.value.detail_de
    return err.value


async def workshop(voting: InMemoryVoting, title: str = "Werkstatt") -> dict:
    return await voting.handlers.create_session(CreateSession(title, "u:moderator"))


async def open_poll(voting: InMemoryVoting, sid: str, **settings: Any) -> dict:
    cmd = CreatePoll(sid, "Was zuerst?", PollType.SINGLE, ["Bus", "Rad"], settings)
    poll = await voting.handlers.create_poll(cmd)
    return await voting.handlers.control_poll(ControlPoll(poll["_id"], PollAction.OPEN))


def join(voting: InMemoryVoting, sid: str, who: str) -> Awaitable[Any]:
    return voting.handlers.join_session(JoinSession(sid, who))


async def test_a_new_session_is_open_and_its_code_leads_phones_in(voting: InMemoryVoting) -> None:
    session = await workshop(voting)
    code = session["join_code"]
    assert len(code) == 6 and not set(code) & set("IO01")
    assert session_rules.status(session) == "open" and session["current_poll"] is None
    [created] = voting.published()
    assert created.type == "de.oecherlab.voting.session.created"
    assert created.subject == session["_id"]
    assert created.data["session"]["id"] == session["_id"] and "_id" not in created.data["session"]
    assert voting.live.sessions[session["_id"]] == (session, None)
    assert (await voting.queries.resolve_code(code))["_id"] == session["_id"]
    view = voting.queries.session_view(session, None)
    assert view["join_url"].endswith(f"/join?code={code}") and view["status"] == "open"


async def test_a_taken_join_code_is_drawn_again(voting: InMemoryVoting, monkeypatch) -> None:
    first = await workshop(voting)
    draws = iter([first["join_code"], "ZZ22ZZ"])
    monkeypatch.setattr(domain, "new_join_code", lambda: next(draws))
    second = await workshop(voting, "Nebenan")
    assert second["join_code"] == "ZZ22ZZ"
    assert voting.event_types() == ["session.created", "session.created"]

    monkeypatch.setattr(domain, "new_join_code", lambda: "ZZ22ZZ")
    with pytest.raises(RuntimeError):
        await workshop(voting, "Nie")
    assert len(await voting.queries.newest_sessions()) == 2


async def test_a_lock_keeps_newcomers_out_and_lets_members_back(voting: InMemoryVoting) -> None:
    sid = (await workshop(voting))["_id"]
    anna = await join(voting, sid, "p:anna")
    assert anna.new and anna.session["_id"] == sid and anna.joined_at == voting.clock()
    locked = await voting.handlers.lock_session(LockSession(sid))
    assert session_rules.status(locked) == "locked"
    assert voting.live.sessions[sid][0]["locked"] is True

    await refused("session-locked", join(voting, sid, "p:ben"))
    again = await join(voting, sid, "p:anna")
    assert not again.new and again.joined_at == anna.joined_at
    await voting.handlers.lock_session(LockSession(sid))  # twice is once
    assert voting.event_types() == ["session.created", "session.locked"]
    code = locked["join_code"]
    assert (await voting.queries.resolve_code(code))["locked"] is True  # not the cached open one

    unlocked = await voting.handlers.lock_session(LockSession(sid, locked=False))
    assert session_rules.status(unlocked) == "open"
    assert (await join(voting, sid, "p:ben")).new
    assert await voting.members.count(sid) == 2
    assert voting.event_types()[-1] == "session.unlocked"
    assert voting.live.counted.count(sid) >= 3  # each join asks for the counts again


async def test_joining_an_unknown_session_is_refused(voting: InMemoryVoting) -> None:
    await refused("not-found", join(voting, "nope", "p:dora"))
    await refused("not-found", voting.handlers.lock_session(LockSession("nope")))
    await refused("not-found", voting.handlers.end_session(EndSession("nope")))
    assert await voting.members.count("nope") == 0


async def test_a_join_racing_a_lock_is_taken_back(voting: InMemoryVoting, monkeypatch) -> None:
    sid = (await workshop(voting))["_id"]
    add = voting.members.add

    async def add_while_another_instance_locks(*args: Any) -> bool:
        new = await add(*args)
        voting.sessions.docs[sid]["locked"] = True  # committed elsewhere, before the re-read
        return new

    monkeypatch.setattr(voting.members, "add", add_while_another_instance_locks)
    await refused("session-locked", join(voting, sid, "p:emil"))
    assert await voting.members.get(sid, "p:emil") is None


async def test_ending_closes_the_poll_retires_the_code_and_freezes_the_session(
    voting: InMemoryVoting,
) -> None:
    session = await workshop(voting)
    sid = session["_id"]
    poll = await open_poll(voting, sid)
    await join(voting, sid, "p:kai")
    voting.clock.advance(5)

    ended = await voting.handlers.end_session(EndSession(sid))
    assert session_rules.status(ended) == "ended" and ended["ended_reason"] == "moderator"
    assert voting.event_types()[-2:] == ["poll.closed", "session.ended"]
    assert voting.published()[-1].data == {"session_id": sid, "reason": "moderator"}
    closed = await voting.queries.poll(poll["_id"])
    assert closed["status"] == "closed" and closed["closes_at"] == voting.clock()
    assert voting.live.sessions[sid][1]["status"] == "closed"
    resolved = await voting.queries.resolve_code(session["join_code"])
    assert session_rules.code_refusal(resolved).code == "session-ended"
    for who in ("p:kai", "p:lea"):
        await refused("session-ended", join(voting, sid, who))

    events = len(voting.published())
    assert (await voting.handlers.end_session(EndSession(sid)))["ended_at"] == ended["ended_at"]
    handlers = voting.handlers
    for call in (
        handlers.lock_session(LockSession(sid)),
        handlers.lock_session(LockSession(sid, locked=False)),
        handlers.create_poll(CreatePoll(sid, "Noch?", PollType.WORDCLOUD)),
        handlers.control_poll(ControlPoll(poll["_id"], PollAction.OPEN)),
        handlers.control_poll(ControlPoll(poll["_id"], PollAction.RESET)),
        handlers.next_poll(NextPoll(sid)),
    ):
        await refused("session-ended", call)
    assert len(voting.published()) == events  # nothing changed
    revealed = await handlers.control_poll(ControlPoll(poll["_id"], PollAction.REVEAL))
    assert revealed["revealed"] is True


async def test_a_poll_past_its_deadline_keeps_its_deadline_when_the_session_ends(
    voting: InMemoryVoting,
) -> None:
    sid = (await workshop(voting))["_id"]
    poll = await open_poll(voting, sid, timer_s=30)
    voting.clock.advance(90)  # the timer task has not closed it yet
    await voting.handlers.end_session(EndSession(sid))
    closed = await voting.queries.poll(poll["_id"])
    assert closed["status"] == "closed" and closed["closes_at"] == poll["closes_at"]


async def test_idle_sessions_end_by_themselves_and_busy_ones_do_not(
    voting: InMemoryVoting,
) -> None:
    idle = (await workshop(voting, "Vergessen"))["_id"]
    busy = (await workshop(voting, "Voller Saal"))["_id"]
    polled = (await workshop(voting, "Abstimmung"))["_id"]
    poll = await open_poll(voting, polled)
    voting.clock.advance(100)
    await join(voting, busy, "p:g1")
    await voting.handlers.control_poll(ControlPoll(poll["_id"], PollAction.CLOSE))

    assert await voting.handlers.end_idle_sessions(EndIdleSessions(60)) == 1
    stored = await voting.queries.session(idle)
    assert stored["ended_reason"] == "idle" and voting.published()[-1].data["reason"] == "idle"
    assert (await voting.queries.session(busy))["active_at"] == voting.clock()
    assert session_rules.status(await voting.queries.session(polled)) == "open"
    assert await voting.handlers.end_idle_sessions(EndIdleSessions(60)) == 0
    voting.clock.advance(100)
    assert await voting.handlers.end_idle_sessions(EndIdleSessions(60)) == 2


async def test_a_failed_end_leaves_everything_as_it_was(
    voting: InMemoryVoting, monkeypatch
) -> None:
    session = await workshop(voting)
    sid = session["_id"]
    poll = await open_poll(voting, sid)
    published, shown = len(voting.uow.published), dict(voting.live.sessions)

    async def broken(*_args: Any) -> None:
        raise OSError("the database went away")

    monkeypatch.setattr(voting.polls, "change", broken)
    with pytest.raises(OSError):
        await voting.handlers.end_session(EndSession(sid))
    assert session_rules.status(await voting.queries.session(sid)) == "open"
    assert (await voting.queries.poll(poll["_id"]))["status"] == "open"
    assert len(voting.uow.published) == published and voting.live.sessions == shown
    assert (await join(voting, sid, "p:still-welcome")).new
