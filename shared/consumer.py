"""The consumer runner: reading as a consumer group, exactly-once effects, commits after the fact.

Each partition's records go to the handler, then its offset is committed: a crash in between
redelivers them, and `processed_events` (processed.py), written in the transaction of the
handler's writes, makes a redelivered event change nothing. An EventHandler applies one event per
transaction (consumer_events.py: retries, then the dead-letter topic); a BatchHandler gets a
partition's records at once and applies them in one transaction with `apply_batch` (the tally: one
bulk write per batch). A message that is no readable event goes to `<topic>.dlq` at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.errors import CommitFailedError, IllegalStateError
from pymongo import AsyncMongoClient
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from shared.consumer_events import EachEvent, EventHandler
from shared.events import CloudEvent
from shared.kafka import dead_letter
from shared.mongo import in_transaction
from shared.outbox import FaultHook, _no_fault
from shared.processed import ProcessedEvents

log = logging.getLogger(__name__)
T = TypeVar("T")


class BatchHandler(Protocol):
    """Handles a poll's records partition by partition; the runner commits after each `handle`."""

    async def before_poll(self) -> None:
        """Runs before each poll, between batches: nothing else runs meanwhile."""

    async def handle(self, tp: TopicPartition, records: list[ConsumerRecord]) -> None:
        """Apply one partition's records (all of them, or dead-letter some) before the commit."""

    async def after_poll(self) -> None:
        """Runs after every partition of the poll was handled and committed."""


class ConsumerRunner:
    """Feeds what `consumer` (a group member) reads to `handler` (one event at a time) or
    `batch_handler`, and commits each partition's offset after its records are applied."""

    def __init__(
        self,
        *,
        consumer: AIOKafkaConsumer,
        dlq_producer: AIOKafkaProducer,
        client: AsyncMongoClient,
        db: AsyncDatabase,
        group_id: str,
        handler: EventHandler | None = None,
        batch_handler: BatchHandler | None = None,
        max_records: int | None = None,
        max_attempts: int = 4,
        backoff_s: float = 0.1,
        fault: FaultHook = _no_fault,
    ) -> None:
        if handler is not None and batch_handler is None:
            batch_handler = EachEvent(self, handler, max_attempts)
        elif batch_handler is None or handler is not None:
            raise TypeError("give either handler or batch_handler")
        self.batch_handler: BatchHandler = batch_handler
        self.consumer = consumer
        self.dlq_producer = dlq_producer
        self.client = client
        self.processed = ProcessedEvents(db, group_id)
        self.max_records = max_records
        self.backoff_s = backoff_s
        self.fault = fault
        self.applied = 0
        self.duplicates = 0
        self.dead_lettered = 0
        self.batches = 0

    async def ensure_indexes(self) -> None:
        """The indexes of `processed_events`."""
        await self.processed.ensure_indexes()

    async def run(self) -> None:
        """Consume until cancelled; each partition's offset is committed after its records."""
        while True:
            await self.batch_handler.before_poll()
            polled = await self.consumer.getmany(timeout_ms=500, max_records=self.max_records)
            for tp, records in polled.items():
                await self.batch_handler.handle(tp, records)
                self.fault("before_offset_commit")
                await self._commit(tp, records[-1].offset + 1)
            await self.batch_handler.after_poll()

    async def apply_batch(
        self,
        records: list[ConsumerRecord],
        decode: Callable[[CloudEvent], T],
        work: Callable[[list[T], AsyncClientSession], Awaitable[object]],
    ) -> list[T]:
        """Apply `records` in one transaction with `work`, each event once; return all decoded.

        `decode` raises ValueError for an event it cannot use: that message is dead-lettered
        first. `work` gets only the events not applied before. The transaction is retried until
        the database takes it: the events are valid, so only the database can fail here, and an
        outage must delay them, never drop them.
        """
        decoded: dict[str, tuple[str, T]] = {}
        for record in records:
            event = await self.read_event(record)
            if event is None:
                continue
            try:
                decoded.setdefault(event.id, (event.type, decode(event)))
            except ValueError as exc:
                await self.dead_letter(record, f"{type(exc).__name__}: {exc}")
        if not decoded:
            return []

        async def transaction(session: AsyncClientSession) -> int:
            fresh = await self.processed.claim({k: v[0] for k, v in decoded.items()}, session)
            if fresh:
                await work([decoded[event_id][1] for event_id in fresh], session)
            return len(fresh)

        attempt = 0
        while True:
            try:
                fresh = await in_transaction(self.client, transaction)
                break
            except Exception as exc:
                log.warning("batch of %d events failed, retrying: %s", len(decoded), exc)
                await self.pause(attempt)
                attempt += 1
        self.batches += 1
        self.applied += fresh
        self.duplicates += len(decoded) - fresh
        return [item for _type, item in decoded.values()]

    async def dead_letter(self, record: ConsumerRecord, error: str) -> None:
        """Send a message that cannot be applied to `<topic>.dlq`, so that it is skipped."""
        await dead_letter(self.dlq_producer, record, error)
        self.dead_lettered += 1

    async def read_event(self, record: ConsumerRecord) -> CloudEvent | None:
        """The record's event; None, after dead-lettering it, for a message that is not one."""
        try:
            return CloudEvent.from_bytes(record.value)
        except ValueError as exc:
            await self.dead_letter(record, f"not a CloudEvent: {exc}")
            return None

    async def pause(self, attempt: int) -> None:
        """Wait before retry number `attempt` (from 0): exponential, at most 5 s."""
        await asyncio.sleep(min(5.0, self.backoff_s * 2 ** min(attempt, 6)))

    async def _commit(self, tp: TopicPartition, offset: int) -> None:
        """Commit `offset` for `tp`, unless a rebalance took the partition away meanwhile.

        The new owner then sees these messages again, and the processed-event records make them
        no-ops; raising here would end the worker instead.
        """
        try:
            await self.consumer.commit({tp: offset})
        except (CommitFailedError, IllegalStateError) as exc:
            log.warning("offset commit for %s lost to a rebalance: %s", tp, exc)
