"""The contract of the unit of work and the idempotency store, run against the fakes (unit layer)
and against SecantusDB (integration layer): one suite, two backends, the same assertions."""

from __future__ import annotations

from typing import Any

import pytest
from pymongo.errors import DuplicateKeyError

from shared.events import CloudEvent
from shared.idempotency import IdempotencyStore
from shared.unit_of_work import Transaction, UnitOfWork


class Backend:
    """What a backend gives the suite: a unit of work, the store, and what was published."""

    uow: UnitOfWork
    store: IdempotencyStore

    async def published(self) -> list[str]:
        """Types of the events that reached the outbox (committed ones only)."""
        raise NotImplementedError


def _event(kind: str) -> CloudEvent:
    return CloudEvent(source="/test", type=f"de.oecherlab.test.{kind}", subject="k", data={})


class UnitOfWorkContract:
    """Subclasses provide the `backend` fixture."""

    async def test_a_committed_answer_is_found_again(self, backend: Backend) -> None:
        async def work(tx: Transaction) -> str:
            await backend.store.remember("idea:alice:k1", 201, {"idea_id": "i1"}, tx)
            tx.record("t.events", "i1", _event("submitted"))
            return "done"

        assert await backend.uow.run(work) == "done"
        assert await backend.store.find("idea:alice:k1") == {
            "status": 201,
            "body": {"idea_id": "i1"},
        }
        assert await backend.published() == ["de.oecherlab.test.submitted"]

    async def test_a_failed_work_leaves_nothing_behind(self, backend: Backend) -> None:
        ran: list[str] = []

        async def work(tx: Transaction) -> None:
            await backend.store.remember("idea:bob:k1", 201, {"idea_id": "i2"}, tx)
            tx.record("t.events", "i2", _event("submitted"))
            tx.after_commit(lambda: ran.append("after"))
            raise ValueError("a rule said no")

        with pytest.raises(ValueError):
            await backend.uow.run(work)
        assert await backend.store.find("idea:bob:k1") is None
        assert await backend.published() == []
        assert ran == []

    async def test_after_commit_actions_run_once_after_the_commit(self, backend: Backend) -> None:
        seen: list[Any] = []

        async def work(tx: Transaction) -> None:
            await backend.store.remember("k-after", 200, {}, tx)
            tx.after_commit(lambda: seen.append("first"))
            tx.after_commit(lambda: seen.append("second"))

        await backend.uow.run(work)
        assert seen == ["first", "second"]

    async def test_forgetting_a_participant_erases_the_copies_that_name_them(
        self, backend: Backend
    ) -> None:
        def named(kind: str, **data: Any) -> CloudEvent:
            return CloudEvent(source="/t", type=f"de.oecherlab.test.{kind}", subject="k", data=data)

        async def gave(tx: Transaction) -> None:
            tx.record("t.events", "i1", named("supported", participant="p:anna"))
            tx.record("t.events", "i1", named("submitted", idea={"author": "p:anna"}))
            tx.record("t.events", "i2", named("supported", participant="p:ben"))
            # Her words without her name (a kiosk comment's event): erased with her as well.
            tx.record("t.events", "i3", named("commented", body="Hallo"), about=["p:anna"])

        async def erase(tx: Transaction) -> None:
            tx.forget("p:anna")
            tx.record("t.events", "i1", named("erased"))

        await backend.uow.run(gave)
        await backend.uow.run(erase)
        assert await backend.published() == [
            "de.oecherlab.test.supported",  # Ben's
            "de.oecherlab.test.erased",
        ]

    async def test_a_key_answers_only_once(self, backend: Backend) -> None:
        async def remember(tx: Transaction) -> None:
            await backend.store.remember("k-twice", 201, {"n": 1}, tx)

        await backend.uow.run(remember)
        with pytest.raises(DuplicateKeyError):
            await backend.uow.run(remember)
        assert await backend.store.find("k-twice") == {"status": 201, "body": {"n": 1}}

    async def test_an_unknown_key_is_none(self, backend: Backend) -> None:
        assert await backend.store.find("never-used") is None
