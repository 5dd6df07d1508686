"""The outbox relay: unsent outbox entries → Kafka (acks=all), marked sent after the ack.

A crash between publish and mark publishes again after a restart: consumers are idempotent.
An entry that Kafka refuses for what it is (too large, an invalid topic, not allowed) would be
refused for ever; it must not hold back every later event, so it is parked in `outbox_parked`
with the error, for an operator, and the relay goes on. An outage (the broker away, a timeout)
is no reason to park: those entries wait in order and go out when the broker is back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.errors import (
    ClusterAuthorizationFailedError,
    CorruptRecordException,
    InvalidTopicError,
    MessageSizeTooLargeError,
    RecordListTooLargeError,
    RecordTooLargeError,
    TopicAuthorizationFailedError,
    UnsupportedForMessageFormatError,
)

from shared.outbox import FaultHook, Outbox, _no_fault

log = logging.getLogger(__name__)

# Errors about the entry itself: sending it again cannot succeed.
REFUSED = (
    MessageSizeTooLargeError,
    RecordTooLargeError,
    RecordListTooLargeError,
    InvalidTopicError,
    CorruptRecordException,
    UnsupportedForMessageFormatError,
    TopicAuthorizationFailedError,
    ClusterAuthorizationFailedError,
    TypeError,
    ValueError,
)


class OutboxRelay:
    """Publishes unsent outbox entries in order; parks the ones Kafka refuses."""

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
        self.parked = outbox.collection.database["outbox_parked"]
        self.producer = producer
        self.batch_size = batch_size
        self.poll_interval_s = poll_interval_s
        self.fault = fault
        self._wake = asyncio.Event()
        self.healthy = False
        self.published = 0
        self.parked_count = 0
        outbox.on_commit(self._wake.set)

    async def _enqueue(self, entry: dict[str, Any]) -> asyncio.Future:
        return await self.producer.send(
            entry["topic"], value=entry["value"], key=entry["key"].encode()
        )

    async def publish_pending(self) -> int:
        """Publish one batch of unsent entries in order; return how many left the outbox.

        Raises the first error that is not the entry's own fault (an outage), after marking
        what went out before it.
        """
        entries = (
            await self.outbox.collection.find({"sent": False})
            .sort("_id", 1)
            .limit(self.batch_size)
            .to_list()
        )
        if not entries:
            return 0
        self.fault("before_publish")
        # Enqueued one after the other, so Kafka gets them in the outbox's order.
        pending: list[tuple[dict[str, Any], Any]] = []
        refused: list[tuple[dict[str, Any], BaseException]] = []
        outage: BaseException | None = None
        for entry in entries:
            try:
                pending.append((entry, await self._enqueue(entry)))
            except REFUSED as exc:
                refused.append((entry, exc))
            except Exception as exc:
                outage = exc  # the rest waits for the next round, in order
                break
        results = await asyncio.gather(*(f for _, f in pending), return_exceptions=True)
        self.fault("after_publish")
        sent = []
        for (entry, _), result in zip(pending, results, strict=True):
            if not isinstance(result, BaseException):
                sent.append(entry)
            elif isinstance(result, REFUSED):
                refused.append((entry, result))
            elif outage is None:
                outage = result
        if sent:
            await self.outbox.collection.update_many(
                {"_id": {"$in": [e["_id"] for e in sent]}},
                {"$set": {"sent": True, "sent_at": datetime.now(UTC)}},
            )
            self.published += len(sent)
        for entry, error in refused:
            await self._park(entry, error)
        if outage is not None:
            raise outage
        return len(sent) + len(refused)

    async def _park(self, entry: dict[str, Any], error: BaseException) -> None:
        """Move an entry Kafka refuses out of the way, keeping it and the reason."""
        reason = f"{type(error).__name__}: {error}"[:2000]
        log.error(
            "outbox entry %s (event %s, topic %s) refused by Kafka and parked: %s",
            entry["_id"],
            entry.get("event_id"),
            entry["topic"],
            reason,
        )
        parked = {**entry, "error": reason, "parked_at": datetime.now(UTC)}
        # Replace, then delete: a crash in between leaves it in both, and the next round parks
        # it again (same _id), so it is never lost and never blocks.
        await self.parked.replace_one({"_id": entry["_id"]}, parked, upsert=True)
        await self.outbox.collection.delete_one({"_id": entry["_id"]})
        self.parked_count += 1

    async def run(self) -> None:
        """Relay forever; errors are logged and retried with backoff, never swallowed silently."""
        backoff = 0.2
        while True:
            # Cleared before reading, so a commit during the publish still wakes the next round.
            self._wake.clear()
            try:
                handled = await self.publish_pending()
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
            if handled < self.batch_size:
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.poll_interval_s):  # not wait_for: live.py
                        await self._wake.wait()
