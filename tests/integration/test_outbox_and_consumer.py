"""The event backbone under faults: outbox relay crashes, consumer crashes, poison messages."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from shared.consumer import ConsumerRunner
from shared.events import CloudEvent
from shared.kafka import make_consumer, make_producer
from shared.mongo import in_transaction, make_client
from shared.outbox import Outbox
from shared.relay import OutboxRelay


class Crash(Exception):
    """A crash injected at a named point."""


def crash_at(point: str):
    def fault(name: str) -> None:
        if name == point:
            raise Crash(name)

    return fault


async def read_all(settings, topic: str) -> list:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers, enable_auto_commit=False
    )
    await consumer.start()
    try:
        tp = TopicPartition(topic, 0)
        consumer.assign([tp])
        await consumer.seek_to_beginning(tp)
        end = (await consumer.end_offsets([tp]))[tp]
        records = []
        while await consumer.position(tp) < end:
            records.extend((await consumer.getmany(tp, timeout_ms=1000)).get(tp, []))
        return records
    finally:
        await consumer.stop()


@pytest.fixture
async def mongo(settings):
    client = make_client(settings.mongodb_uri)
    yield client
    await client.close()


async def store_with_event(client, db, outbox, topic, n: int) -> CloudEvent:
    """A state change (a counter for the example) and its event, in one transaction."""
    event = CloudEvent(
        source="/test", type="de.oecherlab.test.counted", subject="c1", data={"n": n}
    )

    async def work(session):
        await db.state.update_one({"_id": "c1"}, {"$inc": {"n": n}}, upsert=True, session=session)
        await outbox.add(session, topic, "c1", event)

    await in_transaction(client, work)
    return event


@pytest.mark.parametrize("point", ["before_publish", "after_publish"])
async def test_relay_crash_between_commit_and_publish_publishes_after_restart_and_consumer_applies_once(
    settings, mongo, point
):
    topic = settings.topic("ideas.events")
    db = mongo[settings.database("producer")]
    outbox = Outbox(db)
    await outbox.ensure_indexes()
    event = await store_with_event(mongo, db, outbox, topic, 5)

    producer = make_producer(settings)
    await producer.start()
    try:
        with pytest.raises(Crash):
            await OutboxRelay(outbox, producer, fault=crash_at(point)).publish_pending()
        published_before_restart = len(await read_all(settings, topic))
        assert published_before_restart == (1 if point == "after_publish" else 0)
        # The restarted relay finds the entry still unsent and publishes it.
        assert await OutboxRelay(outbox, producer).publish_pending() == 1
        assert await OutboxRelay(outbox, producer).publish_pending() == 0
    finally:
        await producer.stop()
    records = await read_all(settings, topic)
    assert [CloudEvent.from_bytes(r.value).id for r in records] == [event.id] * len(records)
    assert len(records) == (2 if point == "after_publish" else 1)

    # A consumer that projects the events applies the duplicate once.
    view = mongo[settings.database("consumer")]
    applied = await run_consumer_until_idle(settings, mongo, view, topic, group="projector")
    assert applied.applied == 1 and applied.duplicates == len(records) - 1
    assert (await view.totals.find_one({"_id": "c1"}))["n"] == 5


async def run_consumer_until_idle(
    settings, client, view_db, topic, group, fault=None, handler=None
):
    async def add_to_total(event, session):
        await view_db.totals.update_one(
            {"_id": event.subject}, {"$inc": {"n": event.data["n"]}}, upsert=True, session=session
        )

    consumer = make_consumer(settings, topic, group_id=group)
    dlq = make_producer(settings)
    await consumer.start()
    await dlq.start()
    runner = ConsumerRunner(
        consumer=consumer,
        dlq_producer=dlq,
        client=client,
        db=view_db,
        group_id=group,
        handler=handler or add_to_total,
        backoff_s=0.01,
        **({"fault": fault} if fault else {}),
    )
    task = asyncio.create_task(runner.run())
    try:
        for _ in range(100):
            await asyncio.sleep(0.1)
            if task.done():
                break
            tp = TopicPartition(topic, 0)
            end = (await consumer.end_offsets([tp]))[tp]
            committed = await consumer.committed(tp)
            if committed == end and end > 0:
                break
        if task.done() and task.exception():
            raise task.exception()
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await consumer.stop()
        await dlq.stop()
    return runner


async def test_consumer_crash_after_the_database_commit_applies_each_event_once(settings, mongo):
    topic = settings.topic("ideas.events")
    producer = make_producer(settings)
    await producer.start()
    events = [
        CloudEvent(source="/t", type="t.counted", subject="c1", data={"n": i}) for i in range(1, 6)
    ]
    for e in events:
        await producer.send_and_wait(topic, e.to_bytes(), key=b"c1")
    await producer.stop()
    view = mongo[settings.database("crashy")]
    with pytest.raises(Crash):
        await run_consumer_until_idle(
            settings, mongo, view, topic, "g1", fault=crash_at("before_offset_commit")
        )
    assert (await view.totals.find_one({"_id": "c1"}))["n"] == 15  # applied, offsets not committed
    again = await run_consumer_until_idle(settings, mongo, view, topic, "g1")
    assert again.applied == 0 and again.duplicates == 5
    assert (await view.totals.find_one({"_id": "c1"}))["n"] == 15


async def test_poison_messages_go_to_the_dead_letter_topic_and_do_not_block_the_partition(
    settings, mongo
):
    topic = settings.topic("ideas.events")
    producer = make_producer(settings)
    await producer.start()
    good = CloudEvent(source="/t", type="t.counted", subject="c1", data={"n": 2})
    failing = CloudEvent(source="/t", type="t.counted", subject="c1", data={"n": "not a number"})
    await producer.send_and_wait(topic, b"this is not json", key=b"c1")
    await producer.send_and_wait(topic, failing.to_bytes(), key=b"c1")
    await producer.send_and_wait(topic, good.to_bytes(), key=b"c1")
    await producer.stop()
    view = mongo[settings.database("dlq")]

    async def strict_handler(event, session):
        n = event.data["n"]
        if not isinstance(n, int):
            raise ValueError(f"n must be a number, got {n!r}")
        await view.totals.update_one(
            {"_id": "c1"}, {"$inc": {"n": n}}, upsert=True, session=session
        )

    runner = await run_consumer_until_idle(
        settings, mongo, view, topic, "g-dlq", handler=strict_handler
    )
    assert runner.dead_lettered == 2 and runner.applied == 1
    assert (await view.totals.find_one({"_id": "c1"}))["n"] == 2
    dead = await read_all(settings, f"{topic}.dlq")
    assert [r.value for r in dead][0] == b"this is not json"
    errors = [dict(r.headers)["error"].decode() for r in dead]
    assert "not a CloudEvent" in errors[0] and "must be a number" in errors[1]
    # The failed event left no partial state behind.
    assert await view.processed_events.count_documents({"_id": f"g-dlq:{failing.id}"}) == 0


async def test_events_of_the_ideas_service_are_cloudevents_carrying_the_correlation_id(api):
    citizen = await api.participant()
    cid = uuid.uuid4().hex
    body = {"title": "Korrelation", "field": "Wirtschaft und Technologie"}
    status, idea, headers = await api.call(
        "POST", "/api/ideas", json=body, headers={**citizen, "X-Correlation-ID": cid}
    )
    assert status == 201 and headers["X-Correlation-ID"] == cid
    for _ in range(50):
        records = await read_all(api.settings, api.settings.topic("ideas.events"))
        mine = [json.loads(r.value) for r in records if r.key == idea["id"].encode()]
        if mine:
            break
        await asyncio.sleep(0.1)
    [event] = mine
    assert event["specversion"] == "1.0" and event["type"] == "de.oecherlab.ideas.idea.submitted"
    assert event["correlationid"] == cid and event["subject"] == idea["id"]
    assert event["data"]["idea"]["author"].startswith("p:")  # pseudonymous id, nothing else
    assert not {"ip", "email", "name"} & set(event["data"]["idea"])


async def test_committing_a_partition_that_a_rebalance_took_away_does_not_end_the_consumer(
    settings, mongo
):
    """After a rebalance the batch in hand may belong to a partition this member lost; its
    commit must be skipped (the new owner re-reads it idempotently), not raise and end the
    worker."""
    topic = settings.topic("ideas.events")
    consumer = make_consumer(settings, topic, group_id="rebalanced")
    dlq = make_producer(settings)
    await consumer.start()
    await dlq.start()
    try:
        runner = ConsumerRunner(
            consumer=consumer,
            dlq_producer=dlq,
            client=mongo,
            db=mongo[settings.database("rebalanced")],
            group_id="rebalanced",
            handler=lambda event, session: asyncio.sleep(0),
        )
        for _ in range(100):
            if consumer.assignment():
                break
            await consumer.getmany(timeout_ms=100)
        assert TopicPartition(topic, 0) in consumer.assignment()
        revoked = TopicPartition(topic, 7)  # not this member's (the topic has one partition)
        await runner._commit(revoked, 3)
        # The partition it still owns commits as before.
        await runner._commit(TopicPartition(topic, 0), 0)
        assert await consumer.committed(TopicPartition(topic, 0)) == 0
    finally:
        await consumer.stop()
        await dlq.stop()
