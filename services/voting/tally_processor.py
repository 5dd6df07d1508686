"""The tally processor: voting.votes → exact tallies in MongoDB → poll:<id> on live.updates.

Per consumed batch, one transaction records the events as processed (ConsumerRunner's
processed_events, keyed by event id), reads what was counted for each vote (`applied`, keyed by
vote id, with the vote's version), folds the changes (counting.fold: only a newer version of a
vote counts, and it replaces what was counted before), writes the applied versions with one bulk
write and the tally deltas with one $inc per tally (VotingStore.count). The offset is committed
after that. A replay, a duplicate or a crash anywhere in between therefore cannot change a tally.

Between batches, the same loop reconciles from MongoDB when due (at start, and after the broker
lost its data): see tally_resets.py. In this loop it cannot race a batch.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime
from typing import Any

from aiokafka import ConsumerRecord
from pydantic import BaseModel, ValidationError
from pymongo.asynchronous.client_session import AsyncClientSession

from services.voting.counting import VoteChange
from services.voting.storage import VotingStore
from services.voting.tally_projection import PollProjector
from services.voting.tally_resets import Recovery
from shared.consumer import ConsumerRunner
from shared.events import CloudEvent
from shared.mongo import in_transaction

log = logging.getLogger(__name__)
# The status document the processor refreshes for the voting service's /api/voting/status.
HEARTBEAT = "tally-processor"


class VoteChangedData(BaseModel):
    vote_id: str
    poll_id: str
    round: int
    tally_id: str
    version: int
    contribution: dict[str, int]


class TallyProcessor(ConsumerRunner):
    """Applies vote changes in batches; projects the touched polls after each batch."""

    def __init__(
        self,
        *,
        store: VotingStore,
        projector: PollProjector,
        votes_topic: str,
        **runner: Any,
    ) -> None:
        super().__init__(handler=self._unused, **runner)
        self.store = store
        self.projector = projector
        self.votes_topic = votes_topic
        self.batches = 0
        self.last_progress = time.monotonic()
        self.recovery = Recovery(self.client, store, self.consumer, progress=self._progress)

    async def _unused(self, _event: CloudEvent, _session: AsyncClientSession) -> None:
        raise NotImplementedError  # batches are applied by apply_votes

    def seconds_since_progress(self) -> float:
        """How long ago the loop last began an iteration (or a reconcile step)."""
        return time.monotonic() - self.last_progress

    def _progress(self) -> None:
        self.last_progress = time.monotonic()

    async def run(self) -> None:
        """Consume until cancelled: reconcile when due, apply batches, project touched polls."""
        while True:
            self._progress()
            touched = await self.recovery.run_if_due()
            for poll_id in touched:
                self.projector.forget(poll_id)  # their events may be lost too: read them again
            batches = await self.consumer.getmany(timeout_ms=500, max_records=2000)
            for tp, records in batches.items():
                if tp.topic == self.votes_topic:
                    touched |= await self.apply_votes(records)
                    self.fault("after_tally_commit")
                else:
                    touched |= self.projector.changed_polls(records)
                self.fault("before_offset_commit")
                await self._commit(tp, records[-1].offset + 1)
            for poll_id in touched:
                await self.projector.project(poll_id)

    def _parse(self, record: ConsumerRecord) -> VoteChange:
        event = CloudEvent.from_bytes(record.value)
        data = VoteChangedData.model_validate(event.data)
        return VoteChange(
            event_id=event.id,
            vote_id=data.vote_id,
            tally_id=data.tally_id,
            version=data.version,
            contribution=data.contribution,
        )

    async def apply_votes(self, records: list[ConsumerRecord]) -> set[str]:
        """Apply a batch exactly once; poison messages go to the dead-letter topic first."""
        changes: dict[str, VoteChange] = {}
        for record in records:
            try:
                change = self._parse(record)
            except (ValueError, ValidationError) as exc:
                await self._dead_letter(record, f"{type(exc).__name__}: {exc}")
                continue
            changes.setdefault(change.event_id, change)
        if not changes:
            return set()
        backoff = 0.1
        while True:
            try:
                fresh = await in_transaction(self.client, lambda s: self._apply(changes, s))
                break
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                # Only the database can fail here (the events are valid): wait and retry, so
                # that an outage delays the tally but never drops a vote.
                log.warning("tally batch of %d failed, retrying: %s", len(changes), exc)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
        self.batches += 1
        self.applied += fresh
        self.duplicates += len(changes) - fresh
        return {c.tally_id.rsplit(":", 1)[0] for c in changes.values()}

    async def _apply(self, changes: dict[str, VoteChange], s: AsyncClientSession) -> int:
        keys = {f"{self.group_id}:{eid}": eid for eid in changes}
        done = {
            d["_id"]
            async for d in self.processed.find({"_id": {"$in": list(keys)}}, {"_id": 1}, session=s)
        }
        fresh = [changes[eid] for key, eid in keys.items() if key not in done]
        if not fresh:
            return 0
        now = datetime.now(UTC)
        await self.processed.insert_many(
            [{"_id": f"{self.group_id}:{c.event_id}", "type": "vote", "at": now} for c in fresh],
            session=s,
        )
        await self.store.count(fresh, s)
        return len(fresh)
