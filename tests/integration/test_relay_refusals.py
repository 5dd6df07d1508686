"""One outbox entry that Kafka refuses must not hold back every later event."""

from __future__ import annotations

import asyncio

import pytest

from shared.events import CloudEvent
from shared.kafka import make_producer
from shared.mongo import make_client
from shared.outbox import Outbox, outbox_entry
from shared.relay import OutboxRelay
from tests.integration.test_outbox_and_consumer import read_all


@pytest.fixture
async def mongo(settings):
    client = make_client(settings.mongodb_uri)
    yield client
    await client.close()


async def event_ids_on(settings, topic: str) -> list[str]:
    return [CloudEvent.from_bytes(r.value).id for r in await read_all(settings, topic)]


def vote_event(n: int, padding: str = "") -> CloudEvent:
    return CloudEvent(
        source="/test", type="de.oecherlab.test.voted", subject="p1", data={"n": n, "pad": padding}
    )


async def test_an_entry_kafka_refuses_is_parked_and_later_events_still_go_out(settings, mongo):
    topic = settings.topic("voting.votes")
    db = mongo[settings.database("relay")]
    outbox = Outbox(db)
    await outbox.ensure_indexes()
    before = vote_event(1)
    # Larger than the producer's max_request_size (1 MiB): refused before it leaves the client.
    too_large = vote_event(2, padding="x" * 1_200_000)
    after = [vote_event(n) for n in range(3, 6)]
    entries = [outbox_entry(topic, "p1", e) for e in (before, too_large, *after)]
    await outbox.collection.insert_many(entries)

    producer = make_producer(settings)
    await producer.start()
    relay = OutboxRelay(outbox, producer, poll_interval_s=0.05)
    task = asyncio.create_task(relay.run())
    try:
        deadline = asyncio.get_running_loop().time() + 20
        while await outbox.collection.count_documents({"sent": False}) > 0:
            assert asyncio.get_running_loop().time() < deadline, "the relay is stuck"
            await asyncio.sleep(0.1)
        # A vote committed after the refused one still reaches Kafka.
        later = vote_event(6)
        await outbox.collection.insert_one(outbox_entry(topic, "p1", later))
        outbox.committed()
        while await outbox.collection.count_documents({"sent": False}) > 0:
            assert asyncio.get_running_loop().time() < deadline, "the relay stopped after parking"
            await asyncio.sleep(0.1)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await producer.stop()

    published = await event_ids_on(settings, topic)
    assert published == [before.id, *(e.id for e in after), later.id]
    parked = await db["outbox_parked"].find().to_list()
    assert [p["event_id"] for p in parked] == [too_large.id]
    assert "MessageSizeTooLarge" in parked[0]["error"]
    assert relay.healthy and relay.parked_count == 1


async def test_an_outage_is_not_a_refusal_entries_wait_in_order(settings, mongo):
    """The broker away: nothing is parked, everything goes out once it answers."""
    topic = settings.topic("voting.votes")
    db = mongo[settings.database("relay_outage")]
    outbox = Outbox(db)
    await outbox.ensure_indexes()
    events = [vote_event(n) for n in range(3)]
    await outbox.collection.insert_many([outbox_entry(topic, "p1", e) for e in events])

    class Away:
        """A producer whose broker does not answer."""

        async def send(self, *_args, **_kwargs):
            raise ConnectionError("broker away")

    with pytest.raises(ConnectionError):
        await OutboxRelay(outbox, Away()).publish_pending()  # type: ignore[arg-type]
    assert await db["outbox_parked"].count_documents({}) == 0
    assert await outbox.collection.count_documents({"sent": False}) == 3

    producer = make_producer(settings)
    await producer.start()
    try:
        assert await OutboxRelay(outbox, producer).publish_pending() == 3
    finally:
        await producer.stop()
    assert await event_ids_on(settings, topic) == [e.id for e in events]
