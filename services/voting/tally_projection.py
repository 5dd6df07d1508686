"""What the tally processor shows: poll:<id> and poll:<id>:moderator on live.updates."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from aiokafka import ConsumerRecord

from services.voting import views
from services.voting.storage import VotingStore, tally_id
from shared.events import CloudEvent
from shared.live import LivePublisher

log = logging.getLogger(__name__)


class PollProjector:
    """Projects polls with their tallies; keeps the polls it read, until they change."""

    def __init__(self, store: VotingStore, live: LivePublisher) -> None:
        self.store = store
        self.live = live
        self.polls: dict[str, dict[str, Any]] = {}

    def forget(self, poll_id: str) -> None:
        """Read the poll again at its next projection (it changed, or its change may be lost)."""
        self.polls.pop(poll_id, None)

    def changed_polls(self, records: list[ConsumerRecord]) -> set[str]:
        """Polls that voting.events records changed (open, close, reveal, reset, words)."""
        touched = set()
        for record in records:
            try:
                event = CloudEvent.from_bytes(record.value)
            except ValueError:
                continue  # not ours to dead-letter: the voting service writes this topic
            poll = event.data.get("poll")
            if isinstance(poll, dict) and "id" in poll:
                self.forget(poll["id"])
                touched.add(poll["id"])
        return touched

    async def project(self, poll_id: str) -> None:
        """Set poll:<id> (public) and poll:<id>:moderator from the stored poll and tally."""
        try:
            poll = self.polls.get(poll_id) or await self.store.poll(poll_id)
            if poll is None:
                return
            tally = await self.store.tallies.find_one({"_id": tally_id(poll_id, poll["round"])})
        except Exception as exc:
            log.warning("could not project poll %s: %s", poll_id, exc)
            return
        self.polls[poll_id] = poll
        now = datetime.now(UTC)
        self.live.set(
            f"poll:{poll_id}", views.poll_channel_state(poll, tally, now, moderator=False)
        )
        self.live.set(
            f"poll:{poll_id}:moderator", views.poll_channel_state(poll, tally, now, moderator=True)
        )
