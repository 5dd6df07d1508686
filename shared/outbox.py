"""The transactional outbox: events are stored with the state change, then relayed to Kafka."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from bson import ObjectId
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from shared.events import CloudEvent

log = logging.getLogger(__name__)

FaultHook = Callable[[str], None]
SENT_RETENTION_S = 7 * 24 * 3600


def _no_fault(_point: str) -> None:
    return None


def outbox_entry(topic: str, key: str, event: CloudEvent) -> dict:
    """The outbox document of one event (for `Outbox.add`, or for a bulk insert of many)."""
    return {
        "_id": ObjectId(),
        "event_id": event.id,
        "topic": topic,
        "key": key,
        "value": event.to_bytes(),
        "sent": False,
        "created_at": datetime.now(UTC),
    }


class Outbox:
    """Records events inside the caller's transaction."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.collection = db["outbox"]
        self._listeners: list[Callable[[], None]] = []

    async def ensure_indexes(self) -> None:
        """The relay reads only unsent entries, so its index range stays small; sent entries are
        kept for a week (for audits and replays), then the database removes them."""
        await self.collection.create_index([("sent", 1), ("_id", 1)])
        await self.collection.create_index("sent_at", expireAfterSeconds=SENT_RETENTION_S)

    async def add(
        self, session: AsyncClientSession, topic: str, key: str, event: CloudEvent
    ) -> None:
        """Store an event to be published; call inside the transaction that changes the state."""
        await self.collection.insert_one(outbox_entry(topic, key, event), session=session)

    def on_commit(self, listener: Callable[[], None]) -> None:
        """Register a callback (the relay's wake-up) for `committed`."""
        self._listeners.append(listener)

    def committed(self) -> None:
        """Tell the relay that new entries are waiting, so it does not sleep until its next poll."""
        for listener in self._listeners:
            listener()


class OutboxRelay:
    """Publishes unsent outbox entries with acks=all and marks them sent after the ack.

    A crash between publish and mark publishes again after restart: consumers are idempotent.
    """

    def __init__(
        self,
        outbox: Outbox,
        producer: AIOKafkaProducer,
        *,
        batch_size: int = 500,
        poll_interval_s: float = 0.5,
        fault: FaultHook = _no_fault,
    ) -> None:
        self.outbox = outbox
        self.producer = producer
        self.batch_size = batch_size
        self.poll_interval_s = poll_interval_s
        self.fault = fault
        self._wake = asyncio.Event()
        self.healthy = False
        outbox.on_commit(self._wake.set)

    async def publish_pending(self) -> int:
        """Publish one batch of unsent entries in order; return how many were sent."""
        entries = (
            await self.outbox.collection.find({"sent": False})
            .sort("_id", 1)
            .limit(self.batch_size)
            .to_list()
        )
        if not entries:
            return 0
        self.fault("before_publish")
        futures = [
            await self.producer.send(e["topic"], value=e["value"], key=e["key"].encode())
            for e in entries
        ]
        await asyncio.gather(*futures)
        self.fault("after_publish")
        await self.outbox.collection.update_many(
            {"_id": {"$in": [e["_id"] for e in entries]}},
            {"$set": {"sent": True, "sent_at": datetime.now(UTC)}},
        )
        return len(entries)

    async def run(self) -> None:
        """Relay forever; errors are logged and retried with backoff, never swallowed silently."""
        backoff = 0.2
        while True:
            # Cleared before reading, so a commit during the publish still wakes the next round.
            self._wake.clear()
            try:
                sent = await self.publish_pending()
                self.healthy = True
                backoff = 0.2
            except asyncio.CancelledError:
                raise
            except Exception:
                self.healthy = False
                log.exception("outbox relay failed; retrying in %.1fs", backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
                continue
            if sent < self.batch_size:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.poll_interval_s)
