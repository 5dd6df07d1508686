"""The consumer runner with a batch handler, against the real broker and database: a partition's
records in one transaction, each event once, unreadable ones dead-lettered, offsets committed
only after the database commit, the database waited for rather than events dropped."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest
from aiokafka import ConsumerRecord, TopicPartition
from pymongo.errors import ConnectionFailure

from shared.consumer import ConsumerRunner
from shared.events import CloudEvent
from shared.kafka import make_consumer, make_producer
from shared.mongo import make_client
from tests.integration.test_outbox_and_consumer import Crash, crash_at, read_all


@pytest.fixture
async def mongo(settings):
    client = make_client(settings.mongodb_uri)
    yield client
    await client.close()


def number(event: CloudEvent) -> int:
    n = event.data["n"]
    if not isinstance(n, int):
        raise ValueError(f"n must be a number, got {n!r}")
    return n


class Totals:
    """A batch handler: adds the numbers of a partition's new events to one total, at once."""

    def __init__(self, view, failures: int = 0) -> None:
        self.view = view
        self.failures = failures  # transactions that fail as if the database were away
        self.runner: ConsumerRunner | None = None
        self.polls = 0
        self.numbers: list[int] = []
        self.handled: list[tuple[TopicPartition, int]] = []
        self.committed_by_after_poll: list[tuple[int, int]] = []  # (end of batch, committed)

    async def before_poll(self) -> None:
        self.polls += 1

    async def handle(self, tp: TopicPartition, records: list[ConsumerRecord]) -> None:
        self.numbers += await self.runner.apply_batch(records, number, self.add)
        self.handled.append((tp, records[-1].offset + 1))

    async def after_poll(self) -> None:
        for tp, end in self.handled:
            self.committed_by_after_poll.append((end, await self.runner.consumer.committed(tp)))
        self.handled.clear()

    async def add(self, numbers: list[int], session) -> None:
        await self.view.totals.update_one(
            {"_id": "c1"}, {"$inc": {"n": sum(numbers)}}, upsert=True, session=session
        )
        if self.failures:
            self.failures -= 1
            raise ConnectionFailure("the database is away")


@contextlib.asynccontextmanager
async def runner_for(settings, mongo, handler: Totals, group: str, **options) -> AsyncIterator:
    topic = settings.topic("ideas.events")
    consumer = make_consumer(settings, topic, group_id=group)
    dlq = make_producer(settings)
    await consumer.start()
    await dlq.start()
    handler.runner = ConsumerRunner(
        consumer=consumer,
        dlq_producer=dlq,
        client=mongo,
        db=handler.view,
        group_id=group,
        batch_handler=handler,
        backoff_s=0.01,
        **options,
    )
    try:
        yield handler.runner
    finally:
        await consumer.stop()
        await dlq.stop()


async def run_until_committed(runner: ConsumerRunner, topic: str) -> None:
    """Run until the partition's offset is committed up to its end (or the runner fails)."""
    task = asyncio.create_task(runner.run())
    tp = TopicPartition(topic, 0)
    try:
        for _ in range(150):
            await asyncio.sleep(0.1)
            if task.done():
                break
            end = (await runner.consumer.end_offsets([tp]))[tp]
            if end and await runner.consumer.committed(tp) == end:
                break
        if task.done() and task.exception():
            raise task.exception()
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def publish(settings, *values: bytes) -> None:
    producer = make_producer(settings)
    await producer.start()
    try:
        for value in values:
            await producer.send_and_wait(settings.topic("ideas.events"), value, key=b"c1")
    finally:
        await producer.stop()


def counted(n) -> CloudEvent:
    return CloudEvent(source="/t", type="t.counted", subject="c1", data={"n": n})


async def test_a_batch_is_applied_once_in_one_transaction_and_poison_goes_to_the_dlq(
    settings, mongo
):
    topic = settings.topic("ideas.events")
    two, three, bad = counted(2), counted(3), counted("not a number")
    await publish(
        settings, b"not json", bad.to_bytes(), two.to_bytes(), three.to_bytes(), two.to_bytes()
    )
    view = mongo[settings.database("batches")]
    totals = Totals(view)
    async with runner_for(settings, mongo, totals, "g-batch") as runner:
        await run_until_committed(runner, topic)
    assert runner.applied == 2 and runner.dead_lettered == 2 and runner.duplicates == 0
    assert (await view.totals.find_one({"_id": "c1"}))["n"] == 5  # the repeat counted once
    assert sorted(totals.numbers) == [2, 3]
    # The offsets are committed before after_poll runs.
    assert totals.polls >= 1 and totals.committed_by_after_poll
    assert all(end == committed for end, committed in totals.committed_by_after_poll)
    dead = await read_all(settings, f"{topic}.dlq")
    assert [r.value for r in dead] == [b"not json", bad.to_bytes()]
    errors = [dict(r.headers)["error"].decode() for r in dead]
    assert "not a CloudEvent" in errors[0] and "must be a number" in errors[1]
    assert await view.processed_events.count_documents({}) == 2
    assert await view.processed_events.count_documents({"_id": f"g-batch:{bad.id}"}) == 0


async def test_a_crash_after_the_batch_commit_redelivers_the_batch_and_it_adds_nothing(
    settings, mongo
):
    topic = settings.topic("ideas.events")
    await publish(settings, *(counted(i).to_bytes() for i in range(1, 6)))
    view = mongo[settings.database("batch_crash")]
    async with runner_for(
        settings, mongo, Totals(view), "g-crash", fault=crash_at("before_offset_commit")
    ) as runner:
        with pytest.raises(Crash):
            await run_until_committed(runner, topic)
    assert (await view.totals.find_one({"_id": "c1"}))["n"] == 15  # applied, not committed
    async with runner_for(settings, mongo, Totals(view), "g-crash") as again:
        await run_until_committed(again, topic)
    assert again.applied == 0 and again.duplicates == 5
    assert (await view.totals.find_one({"_id": "c1"}))["n"] == 15


async def test_a_database_outage_delays_a_batch_and_drops_nothing(settings, mongo):
    topic = settings.topic("ideas.events")
    await publish(settings, counted(4).to_bytes(), counted(6).to_bytes())
    view = mongo[settings.database("batch_outage")]
    totals = Totals(view, failures=3)
    async with runner_for(settings, mongo, totals, "g-outage") as runner:
        await run_until_committed(runner, topic)
    assert totals.failures == 0
    assert runner.applied == 2 and runner.dead_lettered == 0
    # The failed transactions left nothing behind: neither the total nor processed records.
    assert (await view.totals.find_one({"_id": "c1"}))["n"] == 10
    assert await view.processed_events.count_documents({}) == 2


def test_a_runner_takes_exactly_one_kind_of_handler():
    async def handler(event, session) -> None:
        return None

    common = {"consumer": None, "dlq_producer": None, "client": None, "db": None, "group_id": "g"}
    with pytest.raises(TypeError):
        ConsumerRunner(**common)
    with pytest.raises(TypeError):
        ConsumerRunner(**common, handler=handler, batch_handler=Totals(None))
