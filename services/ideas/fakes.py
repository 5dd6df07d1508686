"""The ideas ports in memory, for handler tests without servers.

They behave as the MongoDB classes do (tests/contracts/ideas_store.py holds both to the same
contract) and hand out copies, so a handler that changes what it read changes nothing stored.
`snapshot` and `restore` let `FakeUnitOfWork` undo a failed handler's writes.
"""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from pymongo.errors import DuplicateKeyError

from services.ideas.domain import support_key
from services.ideas.handlers import IdeasService
from services.ideas.ports import Comment, Idea
from services.ideas.readmodel import IdeaReadModel
from shared.idempotency import FakeIdempotencyStore
from shared.settings import DEFAULT_FIELDS_OF_ACTION, Settings
from shared.unit_of_work import FakeUnitOfWork, Transaction


class FakeIdeas:
    """`IdeaRepository` in a dict."""

    def __init__(self) -> None:
        self.ideas: dict[str, Idea] = {}

    async def get(self, idea_id: str, tx: Transaction | None = None) -> Idea | None:
        """See `IdeaRepository.get`."""
        return copy.deepcopy(self.ideas.get(idea_id))

    async def add(self, idea: Idea, tx: Transaction) -> None:
        """See `IdeaRepository.add`."""
        if idea["_id"] in self.ideas:
            raise DuplicateKeyError(f"idea {idea['_id']} exists")
        self.ideas[idea["_id"]] = copy.deepcopy(idea)

    async def save(self, idea: Idea, *, expected_version: int, tx: Transaction) -> bool:
        """See `IdeaRepository.save`."""
        stored = self.ideas.get(idea["_id"])
        if stored is None or stored["version"] != expected_version:
            return False
        self.ideas[idea["_id"]] = copy.deepcopy(idea)
        return True

    async def add_to_counts(
        self, idea_id: str, tx: Transaction, *, supports: int = 0, comments: int = 0
    ) -> Idea | None:
        """See `IdeaRepository.add_to_counts`."""
        stored = self.ideas.get(idea_id)
        if stored is None:
            return None
        stored["supports"] = stored.get("supports", 0) + supports
        stored["comments"] = stored.get("comments", 0) + comments
        stored["version"] += 1
        return copy.deepcopy(stored)

    async def all(self, *, oldest_first: bool = False) -> AsyncIterator[Idea]:
        """See `IdeaRepository.all`."""
        ideas = list(self.ideas.values())
        if oldest_first:
            ideas.sort(key=lambda idea: idea["created_at"])
        for idea in ideas:
            yield copy.deepcopy(idea)

    def snapshot(self) -> dict[str, Idea]:
        """For the fake unit of work."""
        return self.ideas

    def restore(self, state: dict[str, Idea]) -> None:
        """For the fake unit of work."""
        self.ideas = state


class FakeSupports:
    """`SupportRepository` in a dict keyed as the database keys it."""

    def __init__(self) -> None:
        self.supports: dict[str, dict[str, Any]] = {}

    async def add(self, idea_id: str, participant: str, at: datetime, tx: Transaction) -> bool:
        """See `SupportRepository.add`."""
        key = support_key(idea_id, participant)
        if key in self.supports:
            return False
        self.supports[key] = {"idea_id": idea_id, "participant": participant, "at": at}
        return True

    async def remove(self, idea_id: str, participant: str, tx: Transaction) -> bool:
        """See `SupportRepository.remove`."""
        return self.supports.pop(support_key(idea_id, participant), None) is not None

    async def exists(self, idea_id: str, participant: str) -> bool:
        """See `SupportRepository.exists`."""
        return support_key(idea_id, participant) in self.supports

    def snapshot(self) -> dict[str, dict[str, Any]]:
        """For the fake unit of work."""
        return self.supports

    def restore(self, state: dict[str, dict[str, Any]]) -> None:
        """For the fake unit of work."""
        self.supports = state


class FakeComments:
    """`CommentRepository` in a dict (insertion order breaks ties of equal times)."""

    def __init__(self) -> None:
        self.comments: dict[str, Comment] = {}

    async def add(self, comment: Comment, tx: Transaction) -> None:
        """See `CommentRepository.add`."""
        if comment["_id"] in self.comments:
            raise DuplicateKeyError(f"comment {comment['_id']} exists")
        self.comments[comment["_id"]] = copy.deepcopy(comment)

    async def get(
        self, comment_id: str, idea_id: str, tx: Transaction | None = None
    ) -> Comment | None:
        """See `CommentRepository.get`."""
        comment = self.comments.get(comment_id)
        return copy.deepcopy(comment) if comment and comment["idea_id"] == idea_id else None

    async def set_status(
        self, comment_id: str, *, expected: str, status: str, at: datetime, tx: Transaction
    ) -> bool:
        """See `CommentRepository.set_status`."""
        comment = self.comments.get(comment_id)
        if comment is None or comment["status"] != expected:
            return False
        comment.update(status=status, moderated_at=at)
        return True

    async def of_idea(
        self, idea_id: str, *, published_only: bool, limit: int = 500
    ) -> list[Comment]:
        """See `CommentRepository.of_idea`."""
        found = [
            c
            for c in self.comments.values()
            if c["idea_id"] == idea_id and (not published_only or c["status"] == "published")
        ]
        return self._oldest_first(found, limit)

    async def with_status(self, status: str, limit: int = 200) -> list[Comment]:
        """See `CommentRepository.with_status`."""
        found = [c for c in self.comments.values() if c["status"] == status]
        return self._oldest_first(found, limit)

    @staticmethod
    def _oldest_first(comments: list[Comment], limit: int) -> list[Comment]:
        return copy.deepcopy(sorted(comments, key=lambda c: c["created_at"])[:limit])

    def snapshot(self) -> dict[str, Comment]:
        """For the fake unit of work."""
        return self.comments

    def restore(self, state: dict[str, Comment]) -> None:
        """For the fake unit of work."""
        self.comments = state


def in_memory_service(topic: str = "ideas.events") -> tuple[IdeasService, FakeUnitOfWork]:
    """An ideas service on fakes, with the default fields of action and region; the unit of work
    tells what was published."""
    stores = FakeIdeas(), FakeSupports(), FakeComments(), FakeIdempotencyStore()
    uow = FakeUnitOfWork(*stores)
    ideas, supports, comments, idempotency = stores
    service = IdeasService(
        uow=uow,
        ideas=ideas,
        supports=supports,
        comments=comments,
        idempotency=idempotency,
        model=IdeaReadModel(),
        topic=topic,
        fields_of_action=list(DEFAULT_FIELDS_OF_ACTION),
        region_bbox=Settings.model_fields["region_bbox"].default,
    )
    return service, uow
