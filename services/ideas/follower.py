"""Keeps this instance's read model current with changes made by other ideas instances.

Every ideas event carries the whole idea with its version, so applying one is idempotent: the
read model ignores versions it already has (this instance's own events included).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import KafkaError

from services.ideas.search import terms_of
from shared.events import CloudEvent

log = logging.getLogger(__name__)

DATE_FIELDS = ("created_at", "updated_at", "published_at")


def idea_from_event(data: dict[str, Any]) -> dict[str, Any]:
    """The stored form of the idea an event carries (dates parsed, search terms derived)."""
    idea = dict(data["idea"])
    for name in DATE_FIELDS:
        if idea.get(name):
            idea[name] = datetime.fromisoformat(idea[name])
    if idea.get("answer"):
        idea["answer"] = {**idea["answer"], "at": datetime.fromisoformat(idea["answer"]["at"])}
    idea["terms"] = terms_of(f"{idea['title']} {idea['body']}")
    return idea


class ModelFollower:
    """Reads ideas.events from its current end on and hands each idea to `apply`."""

    def __init__(
        self, consumer: AIOKafkaConsumer, topic: str, apply: Callable[[dict], None]
    ) -> None:
        self.consumer = consumer
        self.topic = topic
        self.apply = apply
        self.applied = 0

    async def start_at_end(self) -> None:
        """Position at the end before the model is loaded, so no change falls in between."""
        partitions = self.consumer.partitions_for_topic(self.topic) or set()
        if not partitions:
            await self.consumer._client.force_metadata_update()
            partitions = self.consumer.partitions_for_topic(self.topic) or set()
        tps = [TopicPartition(self.topic, p) for p in sorted(partitions)]
        self.consumer.assign(tps)
        await self.consumer.seek_to_end(*tps)
        for tp in tps:
            await self.consumer.position(tp)

    async def run(self) -> None:
        """Apply every idea event until cancelled; a broken message is skipped with a log line."""
        while True:
            try:
                batches = await self.consumer.getmany(timeout_ms=1000)
            except KafkaError as exc:
                log.warning("ideas.events not readable (%s); retrying", exc)
                await asyncio.sleep(1)
                continue
            for records in batches.values():
                for record in records:
                    try:
                        event = CloudEvent.from_bytes(record.value)
                        if "idea" in event.data:
                            self.apply(idea_from_event(event.data))
                            self.applied += 1
                    except (ValueError, KeyError, TypeError) as exc:
                        log.warning("skipping an ideas event the model cannot use: %s", exc)
