"""The feedback ports in memory (ratings, comments, counters).

They behave as the MongoDB classes do (tests/contracts/exhibitions_store.py holds both to one
contract) and hand out copies, so a handler that changes what it read changes nothing stored.
`snapshot` and `restore` let `FakeUnitOfWork` undo a failed handler's writes.
"""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

from services.exhibitions.domain import Doc
from shared.memory_docs import MemoryDocs
from shared.unit_of_work import Transaction


class FakeRatings(MemoryDocs):
    """`RatingRepository` in a dict."""

    async def get(self, rating_id: str, tx: Transaction | None = None) -> Doc | None:
        """See `RatingRepository.get`."""
        return self._get(rating_id)

    async def put(self, rating: Doc, tx: Transaction) -> None:
        """See `RatingRepository.put`."""
        self.docs[rating["_id"]] = copy.deepcopy(rating)

    async def nearest_of_kiosk(
        self, kiosk_id: str, given_at: datetime, within_s: float, tx: Transaction
    ) -> datetime | None:
        """See `RatingRepository.nearest_of_kiosk`."""
        within = timedelta(seconds=within_s)
        near = [
            r["given_at"]
            for r in self.docs.values()
            if r["by"] == kiosk_id
            and r["source"] == "kiosk"
            and given_at - within < r["given_at"] < given_at + within
        ]
        return max(near, default=None)

    async def latest(self, exhibit_id: str, n: int, tx: Transaction) -> list[int]:
        """See `RatingRepository.latest`."""
        mine = self._sorted(lambda r: r["exhibit_id"] == exhibit_id, "given_at", newest=True)
        return [r["rating"] for r in mine[:n]]

    async def of_exhibition(self, exhibition_id: str) -> AsyncIterator[Doc]:
        """See `RatingRepository.of_exhibition`."""
        for rating in self._sorted(
            lambda r: r["exhibition_id"] == exhibition_id, "given_at", newest=False
        ):
            yield rating

    async def of_participant(self, participant: str) -> list[Doc]:
        """See `RatingRepository.of_participant`."""
        return self._sorted(
            lambda r: r["by"] == participant and r["source"] == "phone", "given_at", newest=False
        )

    async def remove(self, rating_ids: list[str], tx: Transaction) -> None:
        """See `RatingRepository.remove`."""
        for rating_id in rating_ids:
            self.docs.pop(rating_id, None)


class FakeComments(MemoryDocs):
    """`CommentRepository` in a dict."""

    async def add(self, comment: Doc, tx: Transaction) -> None:
        """See `CommentRepository.add`."""
        self._insert(comment)

    async def get(self, comment_id: str, tx: Transaction | None = None) -> Doc | None:
        """See `CommentRepository.get`."""
        return self._get(comment_id)

    async def set_status(
        self, comment_id: str, *, expected: str, status: str, at: datetime, tx: Transaction
    ) -> bool:
        """See `CommentRepository.set_status`."""
        comment = self.docs.get(comment_id)
        if comment is None or comment["status"] != expected:
            return False
        comment.update(status=status, moderated_at=at)
        return True

    async def of_ratings(self, rating_ids: list[str]) -> list[Doc]:
        """See `CommentRepository.of_ratings`."""
        wanted = set(rating_ids)
        return self._sorted(lambda c: c["rating_id"] in wanted, "created_at", newest=False)

    async def remove(self, comment_ids: list[str], tx: Transaction) -> None:
        """See `CommentRepository.remove`."""
        for comment_id in comment_ids:
            self.docs.pop(comment_id, None)

    async def with_status(self, status: str, limit: int = 200) -> list[Doc]:
        """See `CommentRepository.with_status`."""
        return self._sorted(
            lambda c: c["status"] == status, "created_at", newest=False, limit=limit
        )

    async def published_of_exhibit(self, exhibit_id: str, limit: int) -> list[Doc]:
        """See `CommentRepository.published_of_exhibit`."""
        return self._published("exhibit_id", exhibit_id, limit)

    async def published_of_exhibition(self, exhibition_id: str, limit: int) -> list[Doc]:
        """See `CommentRepository.published_of_exhibition`."""
        return self._published("exhibition_id", exhibition_id, limit)

    def _published(self, owner: str, owner_id: str, limit: int) -> list[Doc]:
        def keep(c: Doc) -> bool:
            return c[owner] == owner_id and c["status"] == "published"

        return self._sorted(keep, "created_at", newest=True, limit=limit)


class FakeCounters(MemoryDocs):
    """`CounterRepository` in a dict of nested dicts, incremented as MongoDB's $inc does."""

    async def add(
        self, exhibit_id: str, exhibition_id: str, deltas: dict[str, int], tx: Transaction
    ) -> Doc:
        """See `CounterRepository.add`."""
        counters = self.docs.setdefault(
            exhibit_id, {"_id": exhibit_id, "exhibition_id": exhibition_id}
        )
        for path, amount in {**deltas, "version": 1}.items():
            *parents, leaf = path.split(".")
            node: dict[str, Any] = counters
            for part in parents:
                node = node.setdefault(part, {})
            node[leaf] = node.get(leaf, 0) + amount
        return copy.deepcopy(counters)

    async def get(self, exhibit_id: str) -> Doc | None:
        """See `CounterRepository.get`."""
        return self._get(exhibit_id)

    async def of_exhibition(self, exhibition_id: str) -> list[Doc]:
        """See `CounterRepository.of_exhibition`."""
        return [copy.deepcopy(c) for c in self.docs.values() if c["exhibition_id"] == exhibition_id]

    async def set_alert(self, exhibit_id: str, alert: Doc | None, tx: Transaction) -> None:
        """See `CounterRepository.set_alert`."""
        if exhibit_id in self.docs:
            self.docs[exhibit_id]["alert"] = copy.deepcopy(alert)
