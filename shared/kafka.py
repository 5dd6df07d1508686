"""Kafka clients configured safely (aiokafka's defaults are not: acks=1, auto-commit on)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError

from shared.settings import Settings

log = logging.getLogger(__name__)

CONTRACT_TOPICS = [
    "ideas.events",
    "voting.votes",
    "voting.events",
    "exhibitions.events",
    "hackathons.events",
    "live.updates",
]


def make_producer(settings: Settings) -> AIOKafkaProducer:
    """A producer that waits for all in-sync replicas; idempotence as the settings say."""
    return AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        acks="all",
        enable_idempotence=settings.kafka_idempotence,
        linger_ms=2,
        request_timeout_ms=15000,
    )


def make_consumer(settings: Settings, *topics: str, group_id: str | None) -> AIOKafkaConsumer:
    """A consumer that never commits by itself and does not wait half a second per fetch."""
    return AIOKafkaConsumer(
        *topics,
        bootstrap_servers=settings.kafka_bootstrap_servers,
        group_id=group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        # 5 ms kept Tansu busy at idle (ARCHITECTURE §3); 20 ms is nearly free and still quick.
        fetch_max_wait_ms=20,
        max_poll_records=500,
        # Tansu ignores LeaveGroup: a restarted member waits for the old one's session to
        # expire. 6 s is Kafka's smallest allowed session timeout (group.min.session.timeout.ms).
        session_timeout_ms=6000,
        heartbeat_interval_ms=1000,
        rebalance_timeout_ms=6000,
        # Notice topics that (re)appear soon: the embedded broker loses them on a restart.
        metadata_max_age_ms=5000,
    )


async def topic_partitions(consumer: AIOKafkaConsumer, topic: str) -> list[TopicPartition]:
    """The topic's partitions, asking the broker when the consumer knows none yet (a topic
    created or recreated since its last metadata update); empty when the topic does not exist."""
    partitions = consumer.partitions_for_topic(topic)
    if not partitions:
        # The one use of aiokafka's private API: no public call refreshes the metadata that
        # partitions_for_topic reads (topics() fetches into a copy of its own), and waiting for
        # metadata_max_age_ms would delay every start and every reset check by seconds.
        await consumer._client.force_metadata_update()
        partitions = consumer.partitions_for_topic(topic)
    return [TopicPartition(topic, p) for p in sorted(partitions or ())]


async def dead_letter(producer: AIOKafkaProducer, record: ConsumerRecord, error: str) -> None:
    """Send `record` to `<topic>.dlq`, with the error and where it came from in its headers."""
    log.error("dead-lettering %s[%d]@%d: %s", record.topic, record.partition, record.offset, error)
    headers = [
        ("error", error[:2000].encode()),
        ("original_topic", record.topic.encode()),
        ("original_partition", str(record.partition).encode()),
        ("original_offset", str(record.offset).encode()),
    ]
    fut = await producer.send(
        f"{record.topic}.dlq", value=record.value, key=record.key, headers=headers
    )
    await fut


async def ensure_topics(settings: Settings, names: list[str], partitions: int = 3) -> None:
    """Create the topics (and their dead-letter twins) that do not exist yet."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = []
        for name in names:
            topic = settings.topic(name)
            if topic not in existing:
                cfg = {"cleanup.policy": "compact"} if name == "live.updates" else {}
                wanted.append(NewTopic(topic, partitions, 1, topic_configs=cfg))
            if f"{topic}.dlq" not in existing:
                wanted.append(NewTopic(f"{topic}.dlq", 1, 1))
        if wanted:
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(wanted)
    finally:
        await admin.close()


async def wait_for_broker(settings: Settings, timeout_s: float = 60.0) -> None:
    """Wait until the broker answers metadata requests, telling the operator what it waits for."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    announced = 0
    while True:
        admin = AIOKafkaAdminClient(
            bootstrap_servers=settings.kafka_bootstrap_servers, request_timeout_ms=3000
        )
        try:
            await admin.start()
            await admin.list_topics()
            return
        except (KafkaError, OSError) as exc:
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(
                    f"Kafka broker at {settings.kafka_bootstrap_servers} did not answer "
                    f"within {timeout_s:.0f}s: {exc}"
                ) from None
            waited = timeout_s - (deadline - asyncio.get_running_loop().time())
            if waited - announced >= 5 or not announced:
                log.warning(
                    "waiting for the Kafka broker at %s (%.0fs)",
                    settings.kafka_bootstrap_servers,
                    waited,
                )
                announced = max(1, int(waited))
            await asyncio.sleep(0.5)
        finally:
            await admin.close()


async def broker_ready(settings: Settings) -> bool:
    """True when the broker answers a metadata request within a second or two."""
    admin = AIOKafkaAdminClient(
        bootstrap_servers=settings.kafka_bootstrap_servers, request_timeout_ms=2000
    )
    try:
        await asyncio.wait_for(admin.start(), 3)
        return True
    except (KafkaError, OSError, TimeoutError):
        return False
    finally:
        await admin.close()
