"""Keeps this instance's read model current with changes made by other ideas instances.

Every ideas event carries the whole idea with its version, so applying one is idempotent: the
read model ignores versions it already has (this instance's own events included). An
idea.withdrawn event carries only the tombstone; the read model drops the idea for good.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord

from services.ideas.domain import is_withdrawn
from services.ideas.search import terms_of
from shared.events import CloudEvent
from shared.follower import Follower

DATE_FIELDS = ("created_at", "updated_at", "published_at", "withdrawn_at")


def idea_from_event(data: dict[str, Any]) -> dict[str, Any]:
    """The stored form of the idea an event carries (dates parsed, search terms derived; a
    tombstone has no text to derive them from)."""
    idea = dict(data["idea"])
    for name in DATE_FIELDS:
        if idea.get(name):
            idea[name] = datetime.fromisoformat(idea[name])
    if is_withdrawn(idea):
        return idea
    if idea.get("answer"):
        idea["answer"] = {**idea["answer"], "at": datetime.fromisoformat(idea["answer"]["at"])}
    idea["earlier_answers"] = [
        {**a, "at": datetime.fromisoformat(a["at"])} for a in idea.get("earlier_answers", [])
    ]
    idea["terms"] = terms_of(f"{idea['title']} {idea['body']}")
    return idea


class ModelFollower:
    """Reads ideas.events from its current end on and hands each idea to `apply`."""

    def __init__(
        self, consumer: AIOKafkaConsumer, topic: str, apply: Callable[[dict], None]
    ) -> None:
        self.topic = topic
        self.apply = apply
        self.applied = 0
        self.follower = Follower(consumer, on_record=self._apply_record, name=topic)

    async def start_at_end(self) -> None:
        """Position at the end before the model is loaded, so no change falls in between."""
        await self.follower.start_at_end(self.topic)

    async def run(self) -> None:
        """Apply every idea event until cancelled; a broken message is skipped with a log line."""
        await self.follower.run()

    def _apply_record(self, record: ConsumerRecord) -> None:
        event = CloudEvent.from_bytes(record.value)
        if "idea" in event.data:
            self.apply(idea_from_event(event.data))
            self.applied += 1
