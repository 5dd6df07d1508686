"""What a consumer group has applied: the record that turns a redelivered event into a no-op.

Kafka delivers at least once (offsets are committed after the state is written), so every event
id a group applies is recorded in `processed_events`, keyed by group and event id, in the same
transaction as the event's own writes. Either both are there or neither is.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

PROCESSED_RETENTION_S = 14 * 24 * 3600


class ProcessedEvents:
    """The `processed_events` records of one consumer group."""

    def __init__(self, db: AsyncDatabase, group_id: str) -> None:
        self.collection = db["processed_events"]
        self.group_id = group_id

    def key(self, event_id: str) -> str:
        """The record's id: groups apply the same event independently of each other."""
        return f"{self.group_id}:{event_id}"

    async def ensure_indexes(self) -> None:
        """Records outlive any redelivery (Kafka keeps a week by default), then the database
        removes them."""
        await self.collection.create_index("at", expireAfterSeconds=PROCESSED_RETENTION_S)

    async def seen(self, event_id: str) -> bool:
        """True when the group has applied the event (committed, outside any transaction)."""
        return await self.collection.find_one({"_id": self.key(event_id)}, {"_id": 1}) is not None

    async def claim(self, events: Mapping[str, str], session: AsyncClientSession) -> list[str]:
        """Record the events (id -> type) not recorded yet, inside the caller's transaction, and
        return their ids: the caller applies exactly those.

        A member that claims the same event at the same moment (after a rebalance) makes one of
        the two transactions fail, with a write conflict or a duplicate key.
        """
        keys = {self.key(event_id): event_id for event_id in events}
        cursor = self.collection.find({"_id": {"$in": list(keys)}}, {"_id": 1}, session=session)
        done = {d["_id"] async for d in cursor}
        fresh = [event_id for key, event_id in keys.items() if key not in done]
        if fresh:
            now = datetime.now(UTC)
            records = [{"_id": self.key(e), "type": events[e], "at": now} for e in fresh]
            await self.collection.insert_many(records, session=session)
        return fresh
