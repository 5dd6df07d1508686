"""The contract of the ideas storage ports (ideas, supports, comments), run against the in-memory
fakes (unit layer) and against SecantusDB (integration layer): one suite, the same assertions."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo.errors import DuplicateKeyError

from services.ideas import domain
from services.ideas.ports import CommentRepository, EventCopies, IdeaRepository, SupportRepository
from shared.unit_of_work import Transaction, UnitOfWork
from tests.contracts.ideas_store_own_data import OwnDataContract
from tests.contracts.ideas_store_withdrawal import WithdrawalContract
from tests.contracts.transactions import in_tx

T0 = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


class Backend:
    """What a backend gives the suite: the ports, the unit of work they take part in and the
    topic whose event copies `events` keeps."""

    uow: UnitOfWork
    ideas: IdeaRepository
    supports: SupportRepository
    comments: CommentRepository
    events: EventCopies
    topic: str


def an_idea(title: str = "Mehr Bäume am Markt", at: datetime = T0) -> dict[str, Any]:
    return domain.new_idea(
        title=title, body="Schatten", field="Wirtschaft", location=None, author="p:1", now=at
    )


def a_comment(idea_id: str, at: datetime = T0, status: str = "submitted") -> dict[str, Any]:
    return {
        "_id": uuid.uuid4().hex[:16],
        "idea_id": idea_id,
        "body": f"Kommentar {at.isoformat()}",
        "author": "p:2",
        "status": status,
        "created_at": at,
    }


class IdeaRepositoryContract:
    """Subclasses provide the `backend` fixture."""

    async def test_an_added_idea_is_got_back_as_it_was(self, backend: Backend) -> None:
        idea = an_idea()
        await in_tx(backend, lambda tx: backend.ideas.add(idea, tx))
        assert await backend.ideas.get(idea["_id"]) == idea
        assert await backend.ideas.get("no-such-idea") is None

    async def test_an_id_is_added_only_once(self, backend: Backend) -> None:
        idea = an_idea()
        await in_tx(backend, lambda tx: backend.ideas.add(idea, tx))
        with pytest.raises(DuplicateKeyError):
            await in_tx(backend, lambda tx: backend.ideas.add({**idea, "title": "Andere"}, tx))
        assert (await backend.ideas.get(idea["_id"]))["title"] == idea["title"]

    async def test_a_failed_work_adds_nothing(self, backend: Backend) -> None:
        idea = an_idea()

        async def fails(tx: Transaction) -> None:
            await backend.ideas.add(idea, tx)
            assert await backend.ideas.get(idea["_id"], tx) is not None  # its own write
            raise ValueError("a rule said no")

        with pytest.raises(ValueError):
            await in_tx(backend, fails)
        assert await backend.ideas.get(idea["_id"]) is None

    async def test_save_replaces_only_the_expected_version(self, backend: Backend) -> None:
        idea = an_idea()
        await in_tx(backend, lambda tx: backend.ideas.add(idea, tx))
        changed = {**idea, "status": "published", "published_at": T0, "version": 2}
        assert await in_tx(
            backend, lambda tx: backend.ideas.save(changed, expected_version=1, tx=tx)
        )
        stale = {**idea, "status": "rejected", "version": 2}
        assert not await in_tx(
            backend, lambda tx: backend.ideas.save(stale, expected_version=1, tx=tx)
        )
        assert await backend.ideas.get(idea["_id"]) == changed
        ghost = {**an_idea(), "version": 2}
        assert not await in_tx(
            backend, lambda tx: backend.ideas.save(ghost, expected_version=1, tx=tx)
        )
        assert await backend.ideas.get(ghost["_id"]) is None

    async def test_counts_add_up_and_bump_the_version(self, backend: Backend) -> None:
        idea = an_idea()
        await in_tx(backend, lambda tx: backend.ideas.add(idea, tx))
        after = await in_tx(
            backend, lambda tx: backend.ideas.add_to_counts(idea["_id"], tx, supports=1)
        )
        assert (after["supports"], after["comments"], after["version"]) == (1, 0, 2)
        after = await in_tx(
            backend,
            lambda tx: backend.ideas.add_to_counts(idea["_id"], tx, supports=-1, comments=2),
        )
        assert (after["supports"], after["comments"], after["version"]) == (0, 2, 3)
        assert await backend.ideas.get(idea["_id"]) == after
        assert (
            await in_tx(backend, lambda tx: backend.ideas.add_to_counts("none", tx, supports=1))
            is None
        )

    async def test_all_ideas_oldest_first_on_request(self, backend: Backend) -> None:
        ideas = [an_idea(f"Idee {n}", T0 + timedelta(minutes=n)) for n in (2, 0, 1)]
        for idea in ideas:
            await in_tx(backend, lambda tx, idea=idea: backend.ideas.add(idea, tx))
        listed = [i["title"] async for i in backend.ideas.all()]
        assert sorted(listed) == ["Idee 0", "Idee 1", "Idee 2"]
        ordered = [i["title"] async for i in backend.ideas.all(oldest_first=True)]
        assert ordered == ["Idee 0", "Idee 1", "Idee 2"]


class SupportRepositoryContract:
    """Subclasses provide the `backend` fixture."""

    async def test_a_participant_supports_an_idea_once(self, backend: Backend) -> None:
        assert await in_tx(backend, lambda tx: backend.supports.add("i1", "p:a", T0, tx))
        assert not await in_tx(backend, lambda tx: backend.supports.add("i1", "p:a", T0, tx))
        assert await backend.supports.exists("i1", "p:a")
        assert not await backend.supports.exists("i1", "p:b")
        assert not await backend.supports.exists("i2", "p:a")

    async def test_removing_twice_removes_once(self, backend: Backend) -> None:
        await in_tx(backend, lambda tx: backend.supports.add("i1", "p:a", T0, tx))
        assert await in_tx(backend, lambda tx: backend.supports.remove("i1", "p:a", tx))
        assert not await in_tx(backend, lambda tx: backend.supports.remove("i1", "p:a", tx))
        assert not await backend.supports.exists("i1", "p:a")
        assert await in_tx(backend, lambda tx: backend.supports.add("i1", "p:a", T0, tx))

    async def test_a_failed_work_leaves_the_supports_as_they_were(self, backend: Backend) -> None:
        await in_tx(backend, lambda tx: backend.supports.add("i1", "p:kept", T0, tx))

        async def fails(tx: Transaction) -> None:
            await backend.supports.add("i1", "p:new", T0, tx)
            await backend.supports.remove("i1", "p:kept", tx)
            raise ValueError("a rule said no")

        with pytest.raises(ValueError):
            await in_tx(backend, fails)
        assert await backend.supports.exists("i1", "p:kept")
        assert not await backend.supports.exists("i1", "p:new")


class CommentRepositoryContract:
    """Subclasses provide the `backend` fixture."""

    async def test_a_comment_belongs_to_its_idea(self, backend: Backend) -> None:
        comment = a_comment("i1")
        await in_tx(backend, lambda tx: backend.comments.add(comment, tx))
        assert await backend.comments.get(comment["_id"], "i1") == comment
        assert await backend.comments.get(comment["_id"], "i2") is None
        assert await backend.comments.get("no-such-comment", "i1") is None
        with pytest.raises(DuplicateKeyError):
            await in_tx(backend, lambda tx: backend.comments.add(comment, tx))

    async def test_moderation_needs_the_status_one_saw(self, backend: Backend) -> None:
        comment = a_comment("i1")
        await in_tx(backend, lambda tx: backend.comments.add(comment, tx))
        at = T0 + timedelta(hours=1)

        async def publish(tx: Transaction) -> bool:
            return await backend.comments.set_status(
                comment["_id"], expected="submitted", status="published", at=at, tx=tx
            )

        assert await in_tx(backend, publish)
        assert not await in_tx(backend, publish)
        stored = await backend.comments.get(comment["_id"], "i1")
        assert stored["status"] == "published" and stored["moderated_at"] == at

    async def test_an_ideas_comments_oldest_first(self, backend: Backend) -> None:
        late = a_comment("i1", T0 + timedelta(minutes=2), "published")
        early = a_comment("i1", T0, "published")
        held = a_comment("i1", T0 + timedelta(minutes=1))
        other = a_comment("i2", T0, "published")
        for comment in (late, early, held, other):
            await in_tx(backend, lambda tx, c=comment: backend.comments.add(c, tx))
        ids = [c["_id"] for c in await backend.comments.of_idea("i1", published_only=True)]
        assert ids == [early["_id"], late["_id"]]
        ids = [c["_id"] for c in await backend.comments.of_idea("i1", published_only=False)]
        assert ids == [early["_id"], held["_id"], late["_id"]]
        assert len(await backend.comments.of_idea("i1", published_only=False, limit=2)) == 2

    async def test_the_moderation_queue_oldest_first(self, backend: Backend) -> None:
        waiting = [a_comment(f"i{n}", T0 + timedelta(minutes=n)) for n in (3, 1, 2)]
        for comment in [*waiting, a_comment("i9", T0, "rejected")]:
            await in_tx(backend, lambda tx, c=comment: backend.comments.add(c, tx))
        queue = await backend.comments.with_status("submitted")
        assert [c["idea_id"] for c in queue] == ["i1", "i2", "i3"]
        assert [c["idea_id"] for c in await backend.comments.with_status("submitted", 1)] == ["i1"]
        assert [c["idea_id"] for c in await backend.comments.with_status("rejected")] == ["i9"]

    async def test_a_failed_moderation_changes_nothing(self, backend: Backend) -> None:
        comment = a_comment("i1")
        await in_tx(backend, lambda tx: backend.comments.add(comment, tx))

        async def fails(tx: Transaction) -> None:
            await backend.comments.set_status(
                comment["_id"], expected="submitted", status="rejected", at=T0, tx=tx
            )
            raise ValueError("a rule said no")

        with pytest.raises(ValueError):
            await in_tx(backend, fails)
        assert (await backend.comments.get(comment["_id"], "i1"))["status"] == "submitted"


class IdeasStoreContract(
    IdeaRepositoryContract,
    SupportRepositoryContract,
    CommentRepositoryContract,
    WithdrawalContract,
    OwnDataContract,
):
    """All the ports' contracts at once."""
