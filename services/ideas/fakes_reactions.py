"""The in-memory fakes of the ideas service's reactions to ideas: supports and comments
(fakes.py has the ideas and a whole service on fakes). They behave as the MongoDB classes do;
tests/contracts/ideas_store.py holds both to one contract."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from pymongo.errors import DuplicateKeyError

from services.ideas.domain import support_key
from services.ideas.ports import Comment
from shared.unit_of_work import Transaction


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

    async def of_participant(self, participant: str) -> list[dict[str, Any]]:
        """See `SupportRepository.of_participant`."""
        found = [s for s in self.supports.values() if s["participant"] == participant]
        return copy.deepcopy(sorted(found, key=lambda s: (s["at"], s["idea_id"])))

    async def remove_all(self, idea_id: str, tx: Transaction) -> int:
        """See `SupportRepository.remove_all`."""
        keys = [k for k, s in self.supports.items() if s["idea_id"] == idea_id]
        return len([self.supports.pop(k) for k in keys])

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

    async def of_author(self, author: str) -> list[Comment]:
        """See `CommentRepository.of_author`."""
        found = [c for c in self.comments.values() if c["author"] == author]
        return self._oldest_first(found, len(found))

    async def remove_of_author(self, author: str, tx: Transaction) -> list[Comment]:
        """See `CommentRepository.remove_of_author`."""
        keys = [k for k, c in self.comments.items() if c["author"] == author]
        return [self.comments.pop(k) for k in keys]

    async def remove_all(self, idea_id: str, tx: Transaction) -> int:
        """See `CommentRepository.remove_all`."""
        keys = [k for k, c in self.comments.items() if c["idea_id"] == idea_id]
        return len([self.comments.pop(k) for k in keys])

    @staticmethod
    def _oldest_first(comments: list[Comment], limit: int) -> list[Comment]:
        return copy.deepcopy(sorted(comments, key=lambda c: c["created_at"])[:limit])

    def snapshot(self) -> dict[str, Comment]:
        """For the fake unit of work."""
        return self.comments

    def restore(self, state: dict[str, Comment]) -> None:
        """For the fake unit of work."""
        self.comments = state
