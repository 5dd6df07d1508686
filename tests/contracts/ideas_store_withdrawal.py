"""The storage contract of withdrawing an idea (tombstone, comments, supports, event copies), run
against the in-memory fakes and against SecantusDB as part of `IdeasStoreContract`."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pytest

from services.ideas import domain
from shared.events import CloudEvent
from shared.unit_of_work import Transaction
from tests.contracts.transactions import in_tx

if TYPE_CHECKING:
    from tests.contracts.ideas_store import Backend


T0 = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def _idea(title: str) -> dict[str, Any]:
    return domain.new_idea(
        title=title, body="Geheim", field="Wirtschaft", location=None, author="p:1", now=T0
    )


def _comment(idea_id: str, status: str = "submitted") -> dict[str, Any]:
    return {
        "_id": uuid.uuid4().hex[:16],
        "idea_id": idea_id,
        "body": "Geheim",
        "author": "p:2",
        "status": status,
        "created_at": T0,
    }


class WithdrawalContract:
    """Subclasses provide the `backend` fixture."""

    async def test_a_tombstone_replaces_the_whole_idea(self, backend: Backend) -> None:
        idea = _idea("Zurückgezogen")
        await in_tx(backend, lambda tx: backend.ideas.add(idea, tx))
        tombstone = domain.withdrawn_form(idea, "p:1", T0)
        assert await in_tx(
            backend, lambda tx: backend.ideas.save(tombstone, expected_version=1, tx=tx)
        )
        assert await backend.ideas.get(idea["_id"]) == tombstone

    async def test_tombstones_are_listed_only_on_request_and_never_count(
        self, backend: Backend
    ) -> None:
        kept, gone = _idea("Bleibt"), _idea("Geht")
        for idea in (kept, gone):
            await in_tx(backend, lambda tx, idea=idea: backend.ideas.add(idea, tx))
        tombstone = domain.withdrawn_form(gone, "p:1", T0)
        await in_tx(backend, lambda tx: backend.ideas.save(tombstone, expected_version=1, tx=tx))
        ids = {i["_id"] async for i in backend.ideas.all()}
        assert kept["_id"] in ids and gone["_id"] not in ids
        assert gone["_id"] not in {i["_id"] async for i in backend.ideas.all(oldest_first=True)}
        everything = [i async for i in backend.ideas.all(include_withdrawn=True)]
        assert tombstone in everything and kept["_id"] in {i["_id"] for i in everything}
        counted = await in_tx(
            backend, lambda tx: backend.ideas.add_to_counts(gone["_id"], tx, supports=1)
        )
        assert counted is None and await backend.ideas.get(gone["_id"]) == tombstone

    async def test_all_supports_of_one_idea_go_at_once(self, backend: Backend) -> None:
        idea, other = uuid.uuid4().hex, uuid.uuid4().hex
        for who, which in (("p:a", idea), ("p:b", idea), ("p:a", other)):
            await in_tx(backend, lambda tx, w=who, i=which: backend.supports.add(i, w, T0, tx))
        assert await in_tx(backend, lambda tx: backend.supports.remove_all(idea, tx)) == 2
        assert not await backend.supports.exists(idea, "p:a")
        assert not await backend.supports.exists(idea, "p:b")
        assert await backend.supports.exists(other, "p:a")
        assert await in_tx(backend, lambda tx: backend.supports.remove_all(idea, tx)) == 0

    async def test_all_comments_of_one_idea_go_in_every_status(self, backend: Backend) -> None:
        idea, other = uuid.uuid4().hex, uuid.uuid4().hex
        comments = [_comment(idea, status=s) for s in ("submitted", "published", "rejected")]
        for comment in [*comments, _comment(other)]:
            await in_tx(backend, lambda tx, c=comment: backend.comments.add(c, tx))
        assert await in_tx(backend, lambda tx: backend.comments.remove_all(idea, tx)) == 3
        assert await backend.comments.of_idea(idea, published_only=False) == []
        assert await backend.comments.get(comments[0]["_id"], idea) is None
        queue = {c["idea_id"] for c in await backend.comments.with_status("submitted", 10_000)}
        assert idea not in queue and other in queue

    async def test_the_kept_copies_of_one_ideas_events_are_erased(self, backend: Backend) -> None:
        idea, other = uuid.uuid4().hex, uuid.uuid4().hex

        async def record(tx: Transaction) -> None:
            for key in (idea, idea, other):
                event = CloudEvent(source="/test", type="t", subject=key, data={"t": "Geheim"})
                tx.record(backend.topic, key, event)

        await in_tx(backend, record)
        assert await backend.events.count(idea) == 2
        assert await in_tx(backend, lambda tx: backend.events.erase(idea, tx)) == 2
        assert await backend.events.count(idea) == 0 and await backend.events.count(other) == 1

    async def test_a_failed_erasure_keeps_the_copies(self, backend: Backend) -> None:
        idea = uuid.uuid4().hex

        async def record(tx: Transaction) -> None:
            tx.record(backend.topic, idea, CloudEvent(source="/t", type="t", subject=idea, data={}))

        await in_tx(backend, record)

        async def fails(tx: Transaction) -> None:
            await backend.events.erase(idea, tx)
            raise ValueError("a rule said no")

        with pytest.raises(ValueError):
            await in_tx(backend, fails)
        assert await backend.events.count(idea) == 1
