"""The ideas ports on MongoDB: the `ideas`, `supports` and `comments` collections.

Every document is keyed so that duplicates cannot exist (a support's _id is idea:participant), so
correctness does not rest on the transaction alone.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from services.ideas.domain import WITHDRAWN, support_key
from services.ideas.ports import Comment, Idea
from shared.unit_of_work import Transaction, session_of


class MongoIdeas:
    """`IdeaRepository` on the `ideas` collection."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.collection = db["ideas"]

    async def ensure_indexes(self) -> None:
        """Indexes for the queries that run against the database rather than the read model."""
        await self.collection.create_index([("status", ASCENDING), ("created_at", DESCENDING)])
        await self.collection.create_index([("terms", ASCENDING)])
        await self.collection.create_index([("author", ASCENDING), ("created_at", ASCENDING)])

    async def get(self, idea_id: str, tx: Transaction | None = None) -> Idea | None:
        """See `IdeaRepository.get`."""
        return await self.collection.find_one({"_id": idea_id}, session=session_of(tx))

    async def add(self, idea: Idea, tx: Transaction) -> None:
        """See `IdeaRepository.add`."""
        await self.collection.insert_one(idea, session=tx.session)

    async def save(self, idea: Idea, *, expected_version: int, tx: Transaction) -> bool:
        """See `IdeaRepository.save`."""
        guard = {"_id": idea["_id"], "version": expected_version}
        result = await self.collection.replace_one(guard, idea, session=tx.session)
        return result.matched_count == 1

    async def add_to_counts(
        self, idea_id: str, tx: Transaction, *, supports: int = 0, comments: int = 0
    ) -> Idea | None:
        """See `IdeaRepository.add_to_counts`."""
        inc = {"version": 1, "supports": supports, "comments": comments}
        return await self.collection.find_one_and_update(
            {"_id": idea_id, "status": {"$ne": WITHDRAWN}},
            {"$inc": inc},
            session=tx.session,
            return_document=ReturnDocument.AFTER,
        )

    async def of_author(self, author: str) -> list[Idea]:
        """See `IdeaRepository.of_author`."""
        cursor = self.collection.find({"author": author})
        return await cursor.sort([("created_at", ASCENDING), ("_id", ASCENDING)]).to_list()

    async def all(
        self, *, oldest_first: bool = False, include_withdrawn: bool = False
    ) -> AsyncIterator[Idea]:
        """See `IdeaRepository.all`."""
        cursor = self.collection.find({} if include_withdrawn else {"status": {"$ne": WITHDRAWN}})
        if oldest_first:
            cursor = cursor.sort("created_at", ASCENDING)
        async for idea in cursor:
            yield idea


class MongoSupports:
    """`SupportRepository` on the `supports` collection (one document per support)."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.collection = db["supports"]

    async def ensure_indexes(self) -> None:
        """A participant's supports (their own data)."""
        await self.collection.create_index([("participant", ASCENDING), ("at", ASCENDING)])

    async def of_participant(self, participant: str) -> list[dict]:
        """See `SupportRepository.of_participant`."""
        cursor = self.collection.find({"participant": participant}, {"_id": 0})
        return await cursor.sort([("at", ASCENDING), ("idea_id", ASCENDING)]).to_list()

    async def add(self, idea_id: str, participant: str, at: datetime, tx: Transaction) -> bool:
        """See `SupportRepository.add`."""
        # An upsert, not an insert: a duplicate insert would abort the whole transaction, while
        # an upsert that finds the support simply reports that nothing was added.
        document = {"idea_id": idea_id, "participant": participant, "at": at}
        result = await self.collection.update_one(
            {"_id": support_key(idea_id, participant)},
            {"$setOnInsert": document},
            upsert=True,
            session=tx.session,
        )
        return result.upserted_id is not None

    async def remove(self, idea_id: str, participant: str, tx: Transaction) -> bool:
        """See `SupportRepository.remove`."""
        key = support_key(idea_id, participant)
        result = await self.collection.delete_one({"_id": key}, session=tx.session)
        return result.deleted_count == 1

    async def exists(self, idea_id: str, participant: str) -> bool:
        """See `SupportRepository.exists`."""
        key = support_key(idea_id, participant)
        return await self.collection.find_one({"_id": key}, projection={"_id": 1}) is not None

    async def remove_all(self, idea_id: str, tx: Transaction) -> int:
        """See `SupportRepository.remove_all`."""
        # No index on idea_id: withdrawals are rare, supports the hottest writes; one scan per
        # withdrawal costs less than an index every support has to maintain.
        result = await self.collection.delete_many({"idea_id": idea_id}, session=tx.session)
        return result.deleted_count


class MongoComments:
    """`CommentRepository` on the `comments` collection."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.collection = db["comments"]

    async def ensure_indexes(self) -> None:
        """An idea's comments by status and date; the moderation queue by status and date; an
        author's comments."""
        await self.collection.create_index(
            [("idea_id", ASCENDING), ("status", ASCENDING), ("created_at", ASCENDING)]
        )
        await self.collection.create_index([("status", ASCENDING), ("created_at", ASCENDING)])
        await self.collection.create_index([("author", ASCENDING), ("created_at", ASCENDING)])

    async def of_author(self, author: str) -> list[Comment]:
        """See `CommentRepository.of_author`."""
        cursor = self.collection.find({"author": author})
        return await cursor.sort([("created_at", ASCENDING), ("_id", ASCENDING)]).to_list()

    async def add(self, comment: Comment, tx: Transaction) -> None:
        """See `CommentRepository.add`."""
        await self.collection.insert_one(comment, session=tx.session)

    async def get(
        self, comment_id: str, idea_id: str, tx: Transaction | None = None
    ) -> Comment | None:
        """See `CommentRepository.get`."""
        flt = {"_id": comment_id, "idea_id": idea_id}
        return await self.collection.find_one(flt, session=session_of(tx))

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

    async def of_idea(
        self, idea_id: str, *, published_only: bool, limit: int = 500
    ) -> list[Comment]:
        """See `CommentRepository.of_idea`."""
        flt: dict[str, Any] = {"idea_id": idea_id}
        if published_only:
            flt["status"] = "published"
        return await self.collection.find(flt).sort("created_at", 1).limit(limit).to_list()

    async def with_status(self, status: str, limit: int = 200) -> list[Comment]:
        """See `CommentRepository.with_status`."""
        cursor = self.collection.find({"status": status}).sort("created_at", 1).limit(limit)
        return await cursor.to_list()

    async def remove_of_author(self, author: str, tx: Transaction) -> list[Comment]:
        """See `CommentRepository.remove_of_author`."""
        found = await self.collection.find({"author": author}, session=tx.session).to_list()
        await self.collection.delete_many({"author": author}, session=tx.session)
        return found

    async def remove_all(self, idea_id: str, tx: Transaction) -> int:
        """See `CommentRepository.remove_all`."""
        result = await self.collection.delete_many({"idea_id": idea_id}, session=tx.session)
        return result.deleted_count
