"""What the benchmark scenarios share: percentiles and the machine's raw Kafka round trip."""

from __future__ import annotations

import time
import uuid
from statistics import quantiles

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic


def _pct(values: list[float], *ps: int) -> dict[str, float]:
    if not values:
        return {f"p{p}": float("nan") for p in ps}
    if len(values) == 1:
        return {f"p{p}": round(values[0], 1) for p in ps}
    cuts = quantiles(values, n=100, method="inclusive")
    return {f"p{p}": round(cuts[p - 1], 1) for p in ps}


async def kafka_roundtrip(bootstrap: str, n: int = 300) -> dict[str, float]:
    """Produce one message, wait until a consumer has it, n times; project settings both sides."""
    topic = f"bench.roundtrip.{uuid.uuid4().hex[:6]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, 1, 1)])
    finally:
        await admin.close()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=2)
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        enable_auto_commit=False,
        auto_offset_reset="latest",
        fetch_max_wait_ms=20,
    )
    await producer.start()
    await consumer.start()
    try:
        await consumer.seek_to_end()
        await producer.send_and_wait(topic, b"warm-up")
        await consumer.getone()
        times = []
        for i in range(n):
            started = time.perf_counter()
            await producer.send_and_wait(topic, str(i).encode())
            while (await consumer.getone()).value != str(i).encode():
                pass
            times.append((time.perf_counter() - started) * 1000)
    finally:
        await consumer.stop()
        await producer.stop()
    return _pct(times, 50, 99)
