"""The follower (readers outside any consumer group), against the real broker: where it starts,
what it hands on, messages it cannot use, a dump to the end, and a broker that restarts empty."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable

from aiokafka import AIOKafkaConsumer, ConsumerRecord

from devstack.events import dump
from shared.follower import Follower
from shared.kafka import (
    CONTRACT_TOPICS,
    ensure_topics,
    make_consumer,
    make_producer,
    topic_partitions,
)


async def publish(settings, topic: str, *values: bytes) -> None:
    producer = make_producer(settings)
    await producer.start()
    try:
        for value in values:
            await producer.send_and_wait(topic, value, key=b"k")
    finally:
        await producer.stop()


@contextlib.asynccontextmanager
async def started(settings, *topics: str) -> AsyncIterator[AIOKafkaConsumer]:
    consumer = make_consumer(settings, *topics, group_id=None)
    await consumer.start()
    try:
        yield consumer
    finally:
        await consumer.stop()


@contextlib.asynccontextmanager
async def following(follower: Follower) -> AsyncIterator[asyncio.Task]:
    task = asyncio.create_task(follower.run())
    try:
        yield task
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def eventually(check: Callable[[], bool], timeout_s: float = 10) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, "not within the time"
        await asyncio.sleep(0.05)


async def test_at_the_end_it_hands_on_only_what_comes_after_and_skips_what_it_cannot_use(
    settings,
):
    topic = settings.topic("ideas.events")
    await publish(settings, topic, b"before")
    seen: list[bytes] = []

    def on_record(record: ConsumerRecord) -> None:
        if record.value == b"broken":
            raise ValueError("not a usable message")
        seen.append(record.value)

    async with started(settings) as consumer:
        follower = Follower(consumer, on_record=on_record, name="ideas.events")
        assert [tp.topic for tp in await follower.start_at_end(topic)] == [topic]
        async with following(follower) as task:
            await publish(settings, topic, b"one", b"broken", b"two")
            await eventually(lambda: len(seen) == 2)
            assert follower.following and not task.done()
    assert seen == [b"one", b"two"]


async def test_a_subscribed_consumer_is_followed_from_the_beginning_batch_by_batch(settings):
    topic = settings.topic("live.updates")
    await publish(settings, topic, b"a", b"b")
    batches: list[list[bytes]] = []

    async def on_batch(records: list[ConsumerRecord]) -> None:
        batches.append([r.value for r in records])

    async with (
        started(settings, topic) as consumer,
        following(Follower(consumer, on_batch=on_batch)),
    ):
        await publish(settings, topic, b"c")
        await eventually(lambda: sum(len(b) for b in batches) == 3)
    assert [value for batch in batches for value in batch] == [b"a", b"b", b"c"]


async def test_a_topic_created_after_the_consumer_started_is_found(settings):
    later = settings.model_copy(update={"topic_prefix": settings.topic("later.")})
    async with started(settings) as consumer:
        assert await topic_partitions(consumer, later.topic("x")) == []
        await ensure_topics(later, ["x"], partitions=2)
        found = await topic_partitions(consumer, later.topic("x"))
        assert [tp.partition for tp in found] == [0, 1]


async def test_the_dump_prints_what_a_topic_holds_and_ends(settings, capsys):
    topic = settings.topic("voting.events")
    await publish(settings, topic, b'{"n": 1}', b'{"n": 2}')
    assert await asyncio.wait_for(dump(topic, settings), 20) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == ['{"n": 1}', '{"n": 2}'] and "% 2 messages" in err
    assert await asyncio.wait_for(dump(settings.topic("no.such"), settings), 20) == 1


async def test_both_kinds_keep_following_after_the_broker_restarts_empty(broker):
    """The embedded broker forgets every topic; once they are recreated, the followers read the
    new messages (their positions lie beyond the new ends and are reset to the beginning)."""
    settings = broker.settings
    await ensure_topics(settings, CONTRACT_TOPICS, partitions=1)
    topic = settings.topic("live.updates")
    await publish(settings, topic, b"old-1", b"old-2")
    at_end: list[bytes] = []
    subscribed: list[bytes] = []
    async with started(settings) as assigned, started(settings, topic) as subscriber:
        first = Follower(assigned, on_record=lambda r: at_end.append(r.value))
        await first.start_at_end(topic)
        second = Follower(subscriber, on_record=lambda r: subscribed.append(r.value))
        async with following(first), following(second):
            await eventually(lambda: subscribed == [b"old-1", b"old-2"])
            broker.restart()
            await ensure_topics(settings, CONTRACT_TOPICS, partitions=1)
            await publish(settings, topic, b"new")
            await eventually(lambda: at_end == [b"new"], timeout_s=30)
            await eventually(lambda: subscribed[-1:] == [b"new"], timeout_s=30)
            assert first.following and second.following
