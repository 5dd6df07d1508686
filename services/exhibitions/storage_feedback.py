"""The feedback ports on MongoDB: the `ratings`, `comments` and `counters` collections."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from services.exhibitions.domain import Doc
from shared.unit_of_work import Transaction, session_of

NEWEST = [("given_at", DESCENDING), ("_id", DESCENDING)]


class MongoRatings:
    """`RatingRepository` on the `ratings` collection."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.collection = db["ratings"]

    async def ensure_indexes(self) -> None:
        """An exhibit's latest, a kiosk's near ones and a participant's own, an exhibition's for
        the export."""
        await self.collection.create_index([("exhibit_id", ASCENDING), ("given_at", DESCENDING)])
        # `by` first: it finds a kiosk's ratings and a participant's alike (they never share an
        # id), so GET /api/exhibitions/me reads no one else's.
        await self.collection.create_index([("by", ASCENDING), ("given_at", ASCENDING)])
        await self.collection.create_index([("exhibition_id", ASCENDING), ("given_at", ASCENDING)])

    async def get(self, rating_id: str, tx: Transaction | None = None) -> Doc | None:
        """See `RatingRepository.get`."""
        return await self.collection.find_one({"_id": rating_id}, session=session_of(tx))

    async def put(self, rating: Doc, tx: Transaction) -> None:
        """See `RatingRepository.put`."""
        await self.collection.replace_one(
            {"_id": rating["_id"]}, rating, upsert=True, session=tx.session
        )

    async def nearest_of_kiosk(
        self, kiosk_id: str, given_at: datetime, within_s: float, tx: Transaction
    ) -> datetime | None:
        """See `RatingRepository.nearest_of_kiosk`."""
        within = timedelta(seconds=within_s)
        found = await self.collection.find_one(
            {
                "by": kiosk_id,
                "source": "kiosk",
                "given_at": {"$gt": given_at - within, "$lt": given_at + within},
            },
            projection={"given_at": 1},
            sort=NEWEST,
            session=tx.session,
        )
        return found["given_at"] if found else None

    async def latest(self, exhibit_id: str, n: int, tx: Transaction) -> list[int]:
        """See `RatingRepository.latest`."""
        cursor = self.collection.find(
            {"exhibit_id": exhibit_id}, projection={"rating": 1}, session=tx.session
        )
        return [r["rating"] async for r in cursor.sort(NEWEST).limit(n)]

    async def of_exhibition(self, exhibition_id: str) -> AsyncIterator[Doc]:
        """See `RatingRepository.of_exhibition`."""
        cursor = self.collection.find({"exhibition_id": exhibition_id})
        async for rating in cursor.sort([("given_at", ASCENDING), ("_id", ASCENDING)]):
            yield rating

    async def of_participant(self, participant: str) -> list[Doc]:
        """See `RatingRepository.of_participant` (on the index of `by`)."""
        # `by` alone: with `source` in the filter too, SecantusDB's planner scans the whole
        # collection instead of the index. A kiosk id is never a participant's subject, so
        # the kiosk ratings this check drops are none in practice; it keeps the contract.
        cursor = self.collection.find({"by": participant})
        found = cursor.sort([("given_at", ASCENDING), ("_id", ASCENDING)])
        return [r async for r in found if r["source"] == "phone"]

    async def remove(self, rating_ids: list[str], tx: Transaction) -> None:
        """See `RatingRepository.remove`."""
        await self.collection.delete_many({"_id": {"$in": rating_ids}}, session=tx.session)


class MongoComments:
    """`CommentRepository` on the `comments` collection."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.collection = db["comments"]

    async def ensure_indexes(self) -> None:
        """The moderation queue, the published ones of an exhibit and of an exhibition, and a
        rating's (a participant's own data)."""
        await self.collection.create_index([("status", ASCENDING), ("created_at", ASCENDING)])
        await self.collection.create_index([("rating_id", ASCENDING)])
        for owner in ("exhibit_id", "exhibition_id"):
            await self.collection.create_index(
                [(owner, ASCENDING), ("status", ASCENDING), ("created_at", DESCENDING)]
            )

    async def add(self, comment: Doc, tx: Transaction) -> None:
        """See `CommentRepository.add`."""
        await self.collection.insert_one(comment, session=tx.session)

    async def get(self, comment_id: str, tx: Transaction | None = None) -> Doc | None:
        """See `CommentRepository.get`."""
        return await self.collection.find_one({"_id": comment_id}, session=session_of(tx))

    async def set_status(
        self, comment_id: str, *, expected: str, status: str, at: datetime, tx: Transaction
    ) -> bool:
        """See `CommentRepository.set_status`."""
        result = await self.collection.update_one(
            {"_id": comment_id, "status": expected},
            {"$set": {"status": status, "moderated_at": at}},
            session=tx.session,
        )
        return result.modified_count == 1

    async def of_ratings(self, rating_ids: list[str]) -> list[Doc]:
        """See `CommentRepository.of_ratings`."""
        cursor = self.collection.find({"rating_id": {"$in": rating_ids}})
        return await cursor.sort([("created_at", ASCENDING), ("_id", ASCENDING)]).to_list()

    async def remove(self, comment_ids: list[str], tx: Transaction) -> None:
        """See `CommentRepository.remove`."""
        await self.collection.delete_many({"_id": {"$in": comment_ids}}, session=tx.session)

    async def with_status(self, status: str, limit: int = 200) -> list[Doc]:
        """See `CommentRepository.with_status`."""
        cursor = self.collection.find({"status": status})
        return (
            await cursor.sort([("created_at", ASCENDING), ("_id", ASCENDING)])
            .limit(limit)
            .to_list()
        )

    async def published_of_exhibit(self, exhibit_id: str, limit: int) -> list[Doc]:
        """See `CommentRepository.published_of_exhibit`."""
        return await self._newest({"exhibit_id": exhibit_id, "status": "published"}, limit)

    async def published_of_exhibition(self, exhibition_id: str, limit: int) -> list[Doc]:
        """See `CommentRepository.published_of_exhibition`."""
        return await self._newest({"exhibition_id": exhibition_id, "status": "published"}, limit)

    async def _newest(self, flt: dict[str, Any], limit: int) -> list[Doc]:
        cursor = self.collection.find(flt).sort([("created_at", DESCENDING), ("_id", DESCENDING)])
        return await cursor.limit(limit).to_list()


class MongoCounters:
    """`CounterRepository` on the `counters` collection (one document per exhibit)."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.collection = db["counters"]

    async def ensure_indexes(self) -> None:
        """An exhibition's counters."""
        await self.collection.create_index([("exhibition_id", ASCENDING)])

    async def add(
        self, exhibit_id: str, exhibition_id: str, deltas: dict[str, int], tx: Transaction
    ) -> Doc:
        """See `CounterRepository.add`."""
        # `version` always moves, so the update is a write even when a replaced rating leaves
        # every count as it was: concurrent ratings of one exhibit then always conflict, and the
        # database retries one of them instead of letting both read stale latest ratings.
        counters = await self.collection.find_one_and_update(
            {"_id": exhibit_id},
            {"$inc": {**deltas, "version": 1}, "$setOnInsert": {"exhibition_id": exhibition_id}},
            upsert=True,
            session=tx.session,
            return_document=ReturnDocument.AFTER,
        )
        assert counters is not None  # an upsert always returns the document afterwards
        return counters

    async def get(self, exhibit_id: str) -> Doc | None:
        """See `CounterRepository.get`."""
        return await self.collection.find_one({"_id": exhibit_id})

    async def of_exhibition(self, exhibition_id: str) -> list[Doc]:
        """See `CounterRepository.of_exhibition`."""
        return await self.collection.find({"exhibition_id": exhibition_id}).to_list()

    async def set_alert(self, exhibit_id: str, alert: Doc | None, tx: Transaction) -> None:
        """See `CounterRepository.set_alert`."""
        await self.collection.update_one(
            {"_id": exhibit_id}, {"$set": {"alert": alert}}, session=tx.session
        )
