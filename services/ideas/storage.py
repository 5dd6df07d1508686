"""MongoDB collections of the ideas service and the queries on them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase


class IdeaStore:
    """Ideas, supports, comments and idempotency records, each keyed so duplicates cannot exist."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.db = db
        self.ideas = db["ideas"]
        self.supports = db["supports"]
        self.comments = db["comments"]
        self.idempotency = db["idempotency"]

    async def ensure_indexes(self) -> None:
        """Indexes for the queries that run against the database rather than the read model."""
        await self.ideas.create_index([("status", ASCENDING), ("created_at", DESCENDING)])
        await self.ideas.create_index([("terms", ASCENDING)])
        await self.comments.create_index(
            [("idea_id", ASCENDING), ("status", ASCENDING), ("created_at", ASCENDING)]
        )
        await self.comments.create_index([("status", ASCENDING), ("created_at", ASCENDING)])
        # A phone retries within minutes; a day is plenty.
        await self.idempotency.create_index("created_at", expireAfterSeconds=24 * 3600)

    def all_ideas(self) -> AsyncIterator[dict[str, Any]]:
        return self.ideas.find({})

    async def get(self, idea_id: str, session: AsyncClientSession | None = None) -> dict | None:
        return await self.ideas.find_one({"_id": idea_id}, session=session)

    async def update(
        self,
        idea_id: str,
        changes: dict[str, Any],
        session: AsyncClientSession,
        inc: dict[str, int] | None = None,
        expect_version: int | None = None,
    ) -> dict[str, Any] | None:
        """Apply changes and bump the version; None when the idea changed meanwhile."""
        flt: dict[str, Any] = {"_id": idea_id}
        if expect_version is not None:
            flt["version"] = expect_version
        update: dict[str, Any] = {"$inc": {"version": 1, **(inc or {})}}
        if changes:
            update["$set"] = changes
        return await self.ideas.find_one_and_update(
            flt, update, session=session, return_document=ReturnDocument.AFTER
        )

    async def find_idempotent(self, key: str) -> dict[str, Any] | None:
        return await self.idempotency.find_one({"_id": key})

    async def remember_idempotent(
        self, key: str, status: int, body: dict[str, Any], session: AsyncClientSession
    ) -> None:
        await self.idempotency.insert_one(
            {"_id": key, "status": status, "body": body, "created_at": datetime.now(UTC)},
            session=session,
        )
