"""The consumer runner: idempotent processing, commit after the fact, retries, dead letters."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.errors import CommitFailedError, IllegalStateError
from pymongo import AsyncMongoClient
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import ConnectionFailure, DuplicateKeyError, PyMongoError

from shared.context import correlation_id
from shared.events import CloudEvent
from shared.mongo import in_transaction
from shared.outbox import FaultHook, _no_fault

log = logging.getLogger(__name__)

PROCESSED_RETENTION_S = 14 * 24 * 3600

EventHandler = Callable[[CloudEvent, AsyncClientSession], Awaitable[None]]


def _database_unavailable(exc: Exception) -> bool:
    return isinstance(exc, ConnectionFailure) or (
        isinstance(exc, PyMongoError) and exc.has_error_label("TransientTransactionError")
    )


class ConsumerRunner:
    """Feeds each event of `topics` to `handler` exactly once as far as MongoDB can tell.

    The event id is recorded in `processed_events` in the same transaction as the handler's
    writes; the offset is committed only after that transaction. A message that keeps failing is
    sent to `<topic>.dlq` with the error and then skipped, so it never blocks its partition.
    """

    def __init__(
        self,
        *,
        consumer: AIOKafkaConsumer,
        dlq_producer: AIOKafkaProducer,
        client: AsyncMongoClient,
        db: AsyncDatabase,
        group_id: str,
        handler: EventHandler,
        max_attempts: int = 4,
        backoff_s: float = 0.1,
        fault: FaultHook = _no_fault,
    ) -> None:
        self.consumer = consumer
        self.dlq_producer = dlq_producer
        self.client = client
        self.processed = db["processed_events"]
        self.group_id = group_id
        self.handler = handler
        self.max_attempts = max_attempts
        self.backoff_s = backoff_s
        self.fault = fault
        self.applied = 0
        self.duplicates = 0
        self.dead_lettered = 0

    async def ensure_indexes(self) -> None:
        """Processed-event records outlive any redelivery (Kafka keeps a week by default), then
        the database removes them."""
        await self.processed.create_index("at", expireAfterSeconds=PROCESSED_RETENTION_S)

    async def process(self, record: ConsumerRecord) -> None:
        """Apply one message, retrying transient failures, dead-lettering what cannot be applied."""
        try:
            event = CloudEvent.from_bytes(record.value)
        except ValueError as exc:
            await self._dead_letter(record, f"not a CloudEvent: {exc}")
            return
        token = correlation_id.set(event.correlationid)
        attempt = 0
        try:
            while True:
                try:
                    if await self._apply_once(event):
                        self.applied += 1
                    else:
                        self.duplicates += 1
                    return
                except Exception as exc:
                    # A database that is away is waited for: its events are fine, and sending
                    # them to the dead-letter topic would skip them.
                    if not _database_unavailable(exc):
                        attempt += 1
                        if attempt >= self.max_attempts:
                            await self._dead_letter(record, f"{type(exc).__name__}: {exc}")
                            return
                    log.warning("event %s failed (attempt %d): %s", event.id, attempt, exc)
                    await asyncio.sleep(min(5.0, self.backoff_s * 2 ** min(attempt, 6)))
        finally:
            correlation_id.reset(token)

    async def _apply_once(self, event: CloudEvent) -> bool:
        key = f"{self.group_id}:{event.id}"
        if await self.processed.find_one({"_id": key}, {"_id": 1}) is not None:
            return False

        async def work(session: AsyncClientSession) -> None:
            record = {"_id": key, "type": event.type, "at": datetime.now(UTC)}
            await self.processed.insert_one(record, session=session)
            await self.handler(event, session)

        try:
            await in_transaction(self.client, work)
        except DuplicateKeyError:
            # Another member applied it meanwhile (a rebalance), or the handler's own key clashed.
            if await self.processed.find_one({"_id": key}, {"_id": 1}) is not None:
                return False
            raise
        return True

    async def _dead_letter(self, record: ConsumerRecord, error: str) -> None:
        log.error(
            "dead-lettering %s[%d]@%d: %s", record.topic, record.partition, record.offset, error
        )
        headers = [
            ("error", error[:2000].encode()),
            ("original_topic", record.topic.encode()),
            ("original_partition", str(record.partition).encode()),
            ("original_offset", str(record.offset).encode()),
        ]
        fut = await self.dlq_producer.send(
            f"{record.topic}.dlq", value=record.value, key=record.key, headers=headers
        )
        await fut
        self.dead_lettered += 1

    async def run(self) -> None:
        """Consume until cancelled; offsets are committed after each processed batch."""
        while True:
            batches = await self.consumer.getmany(timeout_ms=500)
            for tp, records in batches.items():
                for record in records:
                    await self.process(record)
                self.fault("before_offset_commit")
                await self._commit(tp, records[-1].offset + 1)

    async def _commit(self, tp: TopicPartition, offset: int) -> None:
        """Commit `offset` for `tp`, unless a rebalance took the partition away meanwhile.

        The new owner then sees these messages again, and the processed-event records make them
        no-ops; raising here would end the worker instead.
        """
        try:
            await self.consumer.commit({tp: offset})
        except (CommitFailedError, IllegalStateError) as exc:
            log.warning("offset commit for %s lost to a rebalance: %s", tp, exc)
