"""A ConsumerRunner's handler when it is given an EventHandler: one event per transaction."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from aiokafka import ConsumerRecord, TopicPartition
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import ConnectionFailure, DuplicateKeyError, PyMongoError

from shared.context import correlation_id
from shared.events import CloudEvent
from shared.mongo import in_transaction

if TYPE_CHECKING:
    from shared.consumer import ConsumerRunner

log = logging.getLogger(__name__)

EventHandler = Callable[[CloudEvent, AsyncClientSession], Awaitable[None]]


def _database_unavailable(exc: Exception) -> bool:
    return isinstance(exc, ConnectionFailure) or (
        isinstance(exc, PyMongoError) and exc.has_error_label("TransientTransactionError")
    )


class EachEvent:
    """Applies each record's event with `handler` in a transaction of its own, retrying
    failures; an event that fails `max_attempts` times (for other reasons than a database that
    is away) is dead-lettered, so that it does not block its partition."""

    def __init__(self, runner: ConsumerRunner, handler: EventHandler, max_attempts: int) -> None:
        self.runner = runner
        self.handler = handler
        self.max_attempts = max_attempts

    async def before_poll(self) -> None:
        """Nothing to do between batches."""

    async def handle(self, tp: TopicPartition, records: list[ConsumerRecord]) -> None:
        """Apply the records one by one, in order."""
        for record in records:
            await self.process(record)

    async def after_poll(self) -> None:
        """Nothing to do after a poll."""

    async def process(self, record: ConsumerRecord) -> None:
        """Apply one message, retrying failures, dead-lettering what cannot be applied."""
        runner = self.runner
        event = await runner.read_event(record)
        if event is None:
            return
        token = correlation_id.set(event.correlationid)
        attempt = 0
        try:
            while True:
                try:
                    if await self._apply_once(event):
                        runner.applied += 1
                    else:
                        runner.duplicates += 1
                    return
                except Exception as exc:
                    # A database that is away is waited for: its events are fine, and sending
                    # them to the dead-letter topic would skip them.
                    if not _database_unavailable(exc):
                        attempt += 1
                        if attempt >= self.max_attempts:
                            await runner.dead_letter(record, f"{type(exc).__name__}: {exc}")
                            return
                    log.warning("event %s failed (attempt %d): %s", event.id, attempt, exc)
                    await runner.pause(attempt)
        finally:
            correlation_id.reset(token)

    async def _apply_once(self, event: CloudEvent) -> bool:
        processed = self.runner.processed
        # Most duplicates are redeliveries long after the fact: they need no transaction.
        if await processed.seen(event.id):
            return False

        async def work(session: AsyncClientSession) -> bool:
            if not await processed.claim({event.id: event.type}, session):
                return False
            await self.handler(event, session)
            return True

        try:
            return await in_transaction(self.runner.client, work)
        except DuplicateKeyError:
            # Another member applied it meanwhile (a rebalance), or the handler's own key clashed.
            if await processed.seen(event.id):
                return False
            raise
