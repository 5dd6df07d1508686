"""Reading outside any consumer group: every instance reads everything and commits nothing.

For what each process keeps for itself (the hub's channel states, an ideas instance's read
model) and for tools. The consumer is either subscribed to its topic (make_consumer with
group_id=None: it starts at the beginning) or placed by start_at_end / start_at_beginning.

A broker that restarts empty (the embedded one keeps nothing) recreates the topic: a subscribed
consumer notices that with its next metadata update (metadata_max_age_ms) and reads the new
partitions from the beginning by itself; assigned partitions whose end now lies below the
position are rewound here. While the broker is away, reads fail and are retried; `following`
says whether the last one worked.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Awaitable, Callable

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import KafkaError

from shared.kafka import topic_partitions

log = logging.getLogger(__name__)

RecordCallback = Callable[[ConsumerRecord], Awaitable[None] | None]
BatchCallback = Callable[[list[ConsumerRecord]], Awaitable[None] | None]
# What a record callback raises for a message it cannot use: it is skipped, with a log line.
UNUSABLE = (ValueError, KeyError, TypeError)


class Follower:
    """Hands what `consumer` reads to `on_record` (record by record; a message it cannot use is
    skipped) or to `on_batch` (a partition's records at once); `name` is for log lines."""

    def __init__(
        self,
        consumer: AIOKafkaConsumer,
        *,
        on_record: RecordCallback | None = None,
        on_batch: BatchCallback | None = None,
        name: str = "a topic",
        poll_ms: int = 1000,
        retry_s: float = 1.0,
        reset_check_s: float = 1.0,
    ) -> None:
        if (on_record is None) == (on_batch is None):
            raise TypeError("give either on_record or on_batch")
        self.consumer = consumer
        self.on_record = on_record
        self.on_batch = on_batch
        self.name = name
        self.poll_ms = poll_ms
        self.retry_s = retry_s
        self.reset_check_s = reset_check_s
        self.following = False
        self._next_check = 0.0
        self._assigned: list[TopicPartition] = []  # by start_at_*, not by a subscription

    async def start_at_end(self, topic: str) -> list[TopicPartition]:
        """Read `topic` from its current end on; returns its partitions (none: no such topic,
        and nothing is read)."""
        tps = await self._assign(topic)
        if tps:
            await self.consumer.seek_to_end(*tps)
        # Resolved now, not at the first read: what is written after this call is not skipped
        # (the ideas read model loads its state from MongoDB right after it).
        for tp in tps:
            await self.consumer.position(tp)
        return tps

    async def start_at_beginning(self, topic: str) -> list[TopicPartition]:
        """Read `topic` from its oldest message on; returns its partitions (none: no topic)."""
        tps = await self._assign(topic)
        if tps:
            await self.consumer.seek_to_beginning(*tps)
        return tps

    async def run(self, *, until_end: bool = False) -> None:
        """Read until cancelled; with `until_end`, only up to the ends that the partitions
        placed by start_at_* have at the call (a dump, not a follow)."""
        ends = await self.consumer.end_offsets(self._assigned) if until_end else None
        while ends is None or not await self._reached(ends):
            try:
                polled = await self.consumer.getmany(timeout_ms=self.poll_ms)
                if not polled:
                    await self._rewind_recreated()
            except (KafkaError, TimeoutError) as exc:
                # Readers keep what they have meanwhile; the consumer reconnects by itself.
                log.warning("%s not readable (%s); retrying", self.name, exc)
                self.following = False
                await asyncio.sleep(self.retry_s)
                continue
            self.following = True
            for records in polled.values():
                await self._hand(records)

    async def _hand(self, records: list[ConsumerRecord]) -> None:
        if self.on_batch is not None:
            await _awaited(self.on_batch(records))
            return
        assert self.on_record is not None
        for record in records:
            try:
                await _awaited(self.on_record(record))
            except UNUSABLE as exc:
                log.warning("skipping a message of %s that cannot be used: %s", self.name, exc)

    async def _rewind_recreated(self) -> None:
        # An assigned partition keeps its position across a broker restart, and the embedded
        # broker answers a fetch beyond the new end with nothing, not an out-of-range error: the
        # follower would wait there until the new log grew past it, skipping all below.
        tps = self._assigned
        if not tps or time.monotonic() < self._next_check:
            return
        self._next_check = time.monotonic() + self.reset_check_s
        async with asyncio.timeout(3):  # a broker that is away makes the client retry for long
            ends = await self.consumer.end_offsets(tps)
            behind = [tp for tp in tps if ends[tp] < await self.consumer.position(tp)]
        if behind:
            log.warning("%s was recreated by the broker; reading it from the start", self.name)
            await self.consumer.seek_to_beginning(*behind)

    async def _assign(self, topic: str) -> list[TopicPartition]:
        tps = await topic_partitions(self.consumer, topic)
        if tps:
            self.consumer.assign(tps)
        self._assigned = tps
        return tps

    async def _reached(self, ends: dict[TopicPartition, int]) -> bool:
        for tp, end in ends.items():
            if await self.consumer.position(tp) < end:
                return False
        return True


async def _awaited(result: Awaitable[None] | None) -> None:
    # Callbacks may be plain functions (the hub's, the read model's) or coroutines.
    if inspect.isawaitable(result):
        await result
