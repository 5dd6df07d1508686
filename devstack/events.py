"""python -m devstack.events TOPIC: print a topic's CloudEvents, one JSON document per line.

What `kcat -C -t TOPIC -e` shows, with aiokafka and the project's settings. Debian's kcat needs
a newer librdkafka for the embedded broker: use .venv/bin/kcat (docs/decisions/0003).
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from aiokafka import ConsumerRecord

from shared.follower import Follower
from shared.kafka import make_consumer
from shared.settings import Settings


async def dump(topic: str, settings: Settings) -> int:
    """Print every message `topic` holds now, from the oldest on; 1 when there is no topic."""
    consumer = make_consumer(settings, group_id=None)
    await consumer.start()
    count = 0

    def show(record: ConsumerRecord) -> None:
        nonlocal count
        print(record.value.decode(errors="replace"), flush=True)
        count += 1

    try:
        follower = Follower(consumer, on_record=show, name=topic)
        if not await follower.start_at_beginning(topic):
            print(f"no topic {topic!r}", file=sys.stderr)
            return 1
        await follower.run(until_end=True)
    finally:
        await consumer.stop()
    print(f"% {count} messages", file=sys.stderr)
    return 0


def main() -> int:
    """Parse the command line and dump the topic."""
    parser = argparse.ArgumentParser(prog="python -m devstack.events")
    parser.add_argument("topic")
    return asyncio.run(dump(parser.parse_args().topic, Settings()))


if __name__ == "__main__":
    sys.exit(main())
