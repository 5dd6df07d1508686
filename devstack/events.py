"""python -m devstack.events TOPIC: print a topic's CloudEvents, one JSON document per line.

What `kcat -C -t TOPIC -e` shows, with aiokafka and the project's settings. Debian's kcat needs
a newer librdkafka for the embedded broker: use .venv/bin/kcat (docs/decisions/0003).
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from aiokafka import AIOKafkaConsumer, TopicPartition

from shared.settings import Settings


async def dump(topic: str, settings: Settings) -> int:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers, enable_auto_commit=False
    )
    await consumer.start()
    count = 0
    try:
        partitions = consumer.partitions_for_topic(topic) or set()
        if not partitions:
            await consumer._client.force_metadata_update()
            partitions = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        if not tps:
            print(f"no topic {topic!r}", file=sys.stderr)
            return 1
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        ends = await consumer.end_offsets(tps)
        for tp in tps:
            while await consumer.position(tp) < ends[tp]:
                batch = await consumer.getmany(tp, timeout_ms=1000)
                for record in batch.get(tp, []):
                    print(record.value.decode(errors="replace"), flush=True)
                    count += 1
    finally:
        await consumer.stop()
    print(f"% {count} messages", file=sys.stderr)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack.events")
    parser.add_argument("topic")
    return asyncio.run(dump(parser.parse_args().topic, Settings()))


if __name__ == "__main__":
    sys.exit(main())
