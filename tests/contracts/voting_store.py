"""The contract of the voting service's storage ports (services/voting/ports.py), run against the
in-memory fakes (unit layer) and against SecantusDB (integration layer): one suite per port, two
backends, the same assertions. Each suite also runs its writes in a failed unit of work, which
must leave nothing behind (a MongoDB method that forgot the transaction's session would)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo.errors import DuplicateKeyError

from services.voting.ports import (
    MemberStore,
    PollStore,
    SessionStore,
    TallyReader,
    VersionConflict,
    VoteStore,
)
from services.voting.vote_rules import vote_id
from shared.unit_of_work import Transaction, UnitOfWork

# Millisecond precision: what MongoDB keeps, so both backends give back what they were given.
T0 = datetime(2026, 5, 4, 9, 30, 0, 125000, tzinfo=UTC)


class VotingBackend:
    """What a backend gives the suites: a unit of work and one store per port."""

    uow: UnitOfWork
    sessions: SessionStore
    polls: PollStore
    members: MemberStore
    votes: VoteStore
    tallies: TallyReader

    async def put_tally(self, poll_id: str, round_: int, counts: dict, voters: int) -> None:
        """Store a tally as the tally worker would."""
        raise NotImplementedError


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def session_doc(sid: str, code: str, **fields: Any) -> dict[str, Any]:
    doc = {
        "_id": sid,
        "title": f"Werkstatt {sid}",
        "join_code": code,
        "current_poll": None,
        "locked": False,
        "ended_at": None,
        "created_by": "u:moderator",
        "created_at": T0,
        "updated_at": T0,
        "active_at": T0,
        "version": 1,
    }
    return doc | fields


def poll_doc(pid: str, sid: str, order: int, **fields: Any) -> dict[str, Any]:
    doc = {
        "_id": pid,
        "session_id": sid,
        "question": f"Frage {pid}?",
        "type": "single",
        "options": [{"id": "o1", "label": "A"}, {"id": "o2", "label": "B"}],
        "settings": {"results": "hidden", "timer_s": None, "allow_change": True},
        "status": "draft",
        "revealed": False,
        "round": 0,
        "opened_at": None,
        "closes_at": None,
        "approved_words": [],
        "order": order,
        "created_at": T0,
        "updated_at": T0,
        "version": 1,
    }
    return doc | fields


def vote_doc(pid: str, participant: str, choice: str, version: int = 1, **fields: Any) -> dict:
    doc = {
        "_id": vote_id(pid, fields.get("round", 0), participant),
        "poll_id": pid,
        "round": 0,
        "session_id": "s1",
        "participant": participant,
        "choice": choice,
        "version": version,
        "created_at": T0,
        "updated_at": T0,
    }
    return doc | fields


async def run(backend: VotingBackend, work: Any) -> Any:
    return await backend.uow.run(work)


async def fail_after(backend: VotingBackend, work: Any) -> None:
    """Run `work` in a unit of work that then fails."""

    async def failing(tx: Transaction) -> None:
        await work(tx)
        raise RuntimeError("a later step failed")

    with pytest.raises(RuntimeError):
        await backend.uow.run(failing)


class SessionStoreContract:
    """Subclasses provide the `backend` fixture."""

    async def test_a_new_session_is_found_by_id_and_by_code(self, backend: VotingBackend) -> None:
        await run(backend, lambda tx: backend.sessions.add(session_doc("s1", "ABC234"), tx))
        assert await backend.sessions.get("s1") == session_doc("s1", "ABC234")
        assert await backend.sessions.by_code("ABC234") == session_doc("s1", "ABC234")
        assert await backend.sessions.get("nope") is None
        assert await backend.sessions.by_code("ZZZ999") is None

    async def test_a_join_code_belongs_to_one_session_ever(self, backend: VotingBackend) -> None:
        ended = session_doc("s1", "ABC234", ended_at=T0)
        await run(backend, lambda tx: backend.sessions.add(ended, tx))
        for taken in (session_doc("s2", "ABC234"), session_doc("s1", "XYZ789")):
            with pytest.raises(DuplicateKeyError):
                await run(backend, lambda tx, doc=taken: backend.sessions.add(doc, tx))
        assert await backend.sessions.get("s2") is None
        assert await backend.sessions.by_code("XYZ789") is None

    async def test_a_change_applies_to_the_version_read_only(self, backend: VotingBackend) -> None:
        first = session_doc("s1", "ABC234")
        await run(backend, lambda tx: backend.sessions.add(first, tx))
        changes = {"locked": True, "updated_at": at(5)}
        after = await run(backend, lambda tx: backend.sessions.change(first, changes, tx))
        assert after == first | changes | {"version": 2}
        stale = await run(backend, lambda tx: backend.sessions.change(first, {"locked": False}, tx))
        assert stale is None
        assert await backend.sessions.get("s1") == after

    async def test_activity_is_remembered_and_never_moves_back(
        self, backend: VotingBackend
    ) -> None:
        await run(backend, lambda tx: backend.sessions.add(session_doc("s1", "ABC234"), tx))
        await run(backend, lambda tx: backend.sessions.mark_active("s1", at(60), tx))
        await run(backend, lambda tx: backend.sessions.mark_active("s1", at(30), tx))
        stored = await backend.sessions.get("s1")
        assert stored["active_at"] == at(60) and stored["version"] == 1

    async def test_newest_first_changed_since_and_idle(self, backend: VotingBackend) -> None:
        docs = [
            session_doc("old", "AAA222", created_at=at(0), updated_at=at(0), active_at=None),
            session_doc("busy", "BBB333", created_at=at(1), updated_at=at(1), active_at=at(500)),
            session_doc("ended", "CCC444", created_at=at(2), updated_at=at(2), ended_at=at(2)),
            session_doc("new", "DDD555", created_at=at(3), updated_at=at(400)),
        ]
        for doc in docs:
            await run(backend, lambda tx, doc=doc: backend.sessions.add(doc, tx))
        newest = await backend.sessions.newest(3)
        assert [s["_id"] for s in newest] == ["new", "ended", "busy"]
        assert [s["_id"] for s in await backend.sessions.changed_since(at(100))] == ["new"]
        idle = await backend.sessions.idle_since(at(300))
        assert [s["_id"] for s in idle] == ["old"]

    async def test_a_failed_unit_of_work_leaves_no_session(self, backend: VotingBackend) -> None:
        first = session_doc("s1", "ABC234")
        await run(backend, lambda tx: backend.sessions.add(first, tx))

        async def work(tx: Transaction) -> None:
            await backend.sessions.add(session_doc("s2", "XYZ789"), tx)
            await backend.sessions.change(first, {"locked": True}, tx)
            await backend.sessions.mark_active("s1", at(90), tx)

        await fail_after(backend, work)
        assert await backend.sessions.get("s2") is None
        assert await backend.sessions.get("s1") == first


class PollStoreContract:
    """Subclasses provide the `backend` fixture."""

    async def test_polls_come_in_their_order_per_session(self, backend: VotingBackend) -> None:
        for doc in (poll_doc("p2", "s1", 1), poll_doc("p1", "s1", 0), poll_doc("q1", "s2", 0)):
            await run(backend, lambda tx, doc=doc: backend.polls.add(doc, tx))
        assert [p["_id"] for p in await backend.polls.of_session("s1")] == ["p1", "p2"]
        assert await backend.polls.get("p2") == poll_doc("p2", "s1", 1)
        assert await backend.polls.get("nope") is None
        assert await backend.polls.of_session("none") == []
        with pytest.raises(DuplicateKeyError):
            await run(backend, lambda tx: backend.polls.add(poll_doc("p1", "s3", 0), tx))

    async def test_a_change_applies_to_the_version_read_only(self, backend: VotingBackend) -> None:
        first = poll_doc("p1", "s1", 0)
        await run(backend, lambda tx: backend.polls.add(first, tx))
        changes = {"status": "open", "opened_at": at(1), "closes_at": at(31)}
        after = await run(backend, lambda tx: backend.polls.change(first, changes, tx))
        assert after == first | changes | {"version": 2}
        assert await run(backend, lambda tx: backend.polls.change(first, {"round": 1}, tx)) is None
        assert await backend.polls.get("p1") == after

    async def test_due_polls_are_open_with_their_deadline_passed(
        self, backend: VotingBackend
    ) -> None:
        docs = [
            poll_doc("late", "s1", 0, status="open", closes_at=at(10)),
            poll_doc("running", "s1", 1, status="open", closes_at=at(100)),
            poll_doc("untimed", "s1", 2, status="open"),
            poll_doc("closed", "s1", 3, status="closed", closes_at=at(5)),
        ]
        for doc in docs:
            await run(backend, lambda tx, doc=doc: backend.polls.add(doc, tx))
        assert [p["_id"] for p in await backend.polls.due(at(10))] == ["late"]

    async def test_a_batch_holds_a_poll_open_only_in_its_round(
        self, backend: VotingBackend
    ) -> None:
        await run(backend, lambda tx: backend.polls.add(poll_doc("p1", "s1", 0, status="open"), tx))
        await run(backend, lambda tx: backend.polls.add(poll_doc("p2", "s1", 1), tx))
        assert await run(backend, lambda tx: backend.polls.hold_open("p1", 0, tx)) is True
        assert await run(backend, lambda tx: backend.polls.hold_open("p1", 1, tx)) is False
        assert await run(backend, lambda tx: backend.polls.hold_open("p2", 0, tx)) is False
        assert await run(backend, lambda tx: backend.polls.hold_open("nope", 0, tx)) is False
        # Holding a poll open is no change a moderator's versioned write could miss.
        assert (await backend.polls.get("p1"))["version"] == 1

    async def test_a_failed_unit_of_work_leaves_no_poll(self, backend: VotingBackend) -> None:
        first = poll_doc("p1", "s1", 0)
        await run(backend, lambda tx: backend.polls.add(first, tx))

        async def work(tx: Transaction) -> None:
            await backend.polls.add(poll_doc("p2", "s1", 1), tx)
            await backend.polls.change(first, {"status": "open"}, tx)

        await fail_after(backend, work)
        assert await backend.polls.get("p2") is None
        assert await backend.polls.get("p1") == first


class MemberStoreContract:
    """Subclasses provide the `backend` fixture."""

    async def test_joining_twice_is_joining_once(self, backend: VotingBackend) -> None:
        assert await run(backend, lambda tx: backend.members.add("s1", "p:anna", at(1), tx))
        assert not await run(backend, lambda tx: backend.members.add("s1", "p:anna", at(2), tx))
        member = await backend.members.get("s1", "p:anna")
        assert (member["session_id"], member["participant"]) == ("s1", "p:anna")
        assert member["joined_at"] == at(1)
        assert await backend.members.get("s2", "p:anna") is None

    async def test_members_are_counted_per_session(self, backend: VotingBackend) -> None:
        assert await backend.members.count("s1") == 0
        assert await backend.members.latest_join("s1") is None
        for who, sid, when in (("a", "s1", 3), ("b", "s1", 7), ("c", "s2", 9)):
            await run(
                backend, lambda tx, w=who, s=sid, t=when: backend.members.add(s, w, at(t), tx)
            )
        assert await backend.members.count("s1") == 2
        assert await backend.members.latest_join("s1") == at(7)
        await run(backend, lambda tx: backend.members.remove("s1", "b", tx))
        assert await backend.members.count("s1") == 1
        assert await backend.members.get("s1", "b") is None

    async def test_a_failed_unit_of_work_leaves_no_member(self, backend: VotingBackend) -> None:
        await run(backend, lambda tx: backend.members.add("s1", "stays", at(1), tx))

        async def work(tx: Transaction) -> None:
            await backend.members.add("s1", "p:new", at(2), tx)
            await backend.members.remove("s1", "stays", tx)

        await fail_after(backend, work)
        assert await backend.members.get("s1", "p:new") is None
        assert await backend.members.get("s1", "stays") is not None


class VoteStoreContract:
    """Subclasses provide the `backend` fixture."""

    async def test_votes_are_written_and_found(self, backend: VotingBackend) -> None:
        anna, ben = vote_doc("p1", "anna", "o1"), vote_doc("p1", "ben", "o2")
        await run(backend, lambda tx: backend.votes.write([(anna, None), (ben, None)], tx))
        ids = [anna["_id"], ben["_id"], vote_id("p1", 0, "nobody")]
        assert await run(backend, lambda tx: backend.votes.find(ids, tx)) == {
            anna["_id"]: anna,
            ben["_id"]: ben,
        }
        assert await backend.votes.mine("p1", 0, "anna") == anna
        assert await backend.votes.mine("p1", 1, "anna") is None

    async def test_a_changed_vote_replaces_the_version_it_was_read_at(
        self, backend: VotingBackend
    ) -> None:
        first = vote_doc("p1", "anna", "o1")
        await run(backend, lambda tx: backend.votes.write([(first, None)], tx))
        second = first | {"choice": "o2", "version": 2, "updated_at": at(5)}
        await run(backend, lambda tx: backend.votes.write([(second, first)], tx))
        assert await backend.votes.mine("p1", 0, "anna") == second
        # Written from the first version again (another instance's stale read): refused.
        stale = first | {"choice": "o1", "version": 2, "updated_at": at(9)}
        with pytest.raises(VersionConflict):
            await run(backend, lambda tx: backend.votes.write([(stale, first)], tx))
        # A first vote that another batch stored meanwhile: refused as well.
        with pytest.raises(VersionConflict):
            await run(backend, lambda tx: backend.votes.write([(stale, None)], tx))
        assert await backend.votes.mine("p1", 0, "anna") == second

    async def test_voters_and_latest_vote_of_a_round(self, backend: VotingBackend) -> None:
        assert await backend.votes.voters("p1", 0) == set()
        assert await backend.votes.latest_at("p1", 0) is None
        docs = [
            vote_doc("p1", "anna", "o1", updated_at=at(4)),
            vote_doc("p1", "ben", "o2", updated_at=at(8)),
            vote_doc("p1", "carla", "o2", round=1, updated_at=at(20)),
            vote_doc("p2", "dora", "o1", updated_at=at(30)),
        ]
        await run(backend, lambda tx: backend.votes.write([(d, None) for d in docs], tx))
        assert await backend.votes.voters("p1", 0) == {"anna", "ben"}
        assert await backend.votes.voters("p1", 1) == {"carla"}
        assert await backend.votes.latest_at("p1", 0) == at(8)

    async def test_a_failed_unit_of_work_leaves_no_vote(self, backend: VotingBackend) -> None:
        first = vote_doc("p1", "anna", "o1")
        await run(backend, lambda tx: backend.votes.write([(first, None)], tx))
        second = first | {"choice": "o2", "version": 2}
        ben = vote_doc("p1", "ben", "o2")
        await fail_after(
            backend, lambda tx: backend.votes.write([(second, first), (ben, None)], tx)
        )
        assert await backend.votes.mine("p1", 0, "anna") == first
        assert await backend.votes.mine("p1", 0, "ben") is None


class TallyReaderContract:
    """Subclasses provide the `backend` fixture."""

    async def test_a_poll_has_no_tally_before_its_first_counted_vote(
        self, backend: VotingBackend
    ) -> None:
        assert await backend.tallies.tally("p1", 0) is None
        await backend.put_tally("p1", 1, {"c:o1": 2, "c:o2": 1}, 3)
        tally = await backend.tallies.tally("p1", 1)
        assert (tally["counts"], tally["voters"]) == ({"c:o1": 2, "c:o2": 1}, 3)
        assert await backend.tallies.tally("p1", 0) is None
