"""The tally processor: voting.votes → exact tallies in MongoDB → poll:<id> on live.updates.

Per consumed batch, one transaction (ConsumerRunner.apply_batch) records the events as processed
(processed_events, keyed by group and event id), reads what was counted for each vote
(`applied`, keyed by vote id, with the vote's version), folds the changes (counting.fold: only a
newer version of a vote counts, and it replaces what was counted before), writes the applied
versions with one bulk write and the tally deltas with one $inc per tally (VotingStore.count).
The offset is committed after that. A replay, a duplicate or a crash anywhere in between
therefore cannot change a tally.

Between batches, the same loop reconciles from MongoDB when due (at start, and after the broker
lost its data): see tally_resets.py. In this loop it cannot race a batch.
"""

from __future__ import annotations

import time
from typing import Any

from aiokafka import ConsumerRecord, TopicPartition
from pydantic import BaseModel

from services.voting.counting import VoteChange
from services.voting.storage import VotingStore
from services.voting.tally_projection import PollProjector
from services.voting.tally_resets import Recovery
from shared.consumer import ConsumerRunner
from shared.events import CloudEvent

# The status document the processor refreshes for the voting service's /api/voting/status.
HEARTBEAT = "tally-processor"


class VoteChangedData(BaseModel):
    vote_id: str
    poll_id: str
    round: int
    tally_id: str
    version: int
    contribution: dict[str, int]
    withdrawn: bool = False


class TallyProcessor:
    """Applies vote changes in batches and projects the touched polls after each poll: the
    batch handler of its ConsumerRunner, which reads, dead-letters and commits."""

    def __init__(
        self,
        *,
        store: VotingStore,
        projector: PollProjector,
        votes_topic: str,
        **runner: Any,
    ) -> None:
        """`runner`: the ConsumerRunner's arguments (consumer, dlq_producer, client, db,
        group_id, fault)."""
        self.store = store
        self.projector = projector
        self.votes_topic = votes_topic
        self.runner = ConsumerRunner(batch_handler=self, max_records=2000, **runner)
        self.consumer = self.runner.consumer
        self.last_progress = time.monotonic()
        self.recovery = Recovery(self.runner.client, store, self.consumer, progress=self._progress)
        self._touched: set[str] = set()

    # The runner's counters, where the health endpoint reads them (tally_health.py).
    @property
    def applied(self) -> int:
        return self.runner.applied

    @property
    def duplicates(self) -> int:
        return self.runner.duplicates

    @property
    def dead_lettered(self) -> int:
        return self.runner.dead_lettered

    @property
    def batches(self) -> int:
        return self.runner.batches

    def seconds_since_progress(self) -> float:
        """How long ago the loop last began an iteration (or a reconcile step)."""
        return time.monotonic() - self.last_progress

    def _progress(self) -> None:
        self.last_progress = time.monotonic()

    async def ensure_indexes(self) -> None:
        """The runner's indexes (the voting store makes its own)."""
        await self.runner.ensure_indexes()

    async def run(self) -> None:
        """Consume until cancelled: reconcile when due, apply batches, project touched polls."""
        await self.runner.run()

    async def before_poll(self) -> None:
        """Reconcile from MongoDB when due: here, between batches, it cannot race one."""
        self._progress()
        self._touched = await self.recovery.run_if_due()
        for poll_id in self._touched:
            self.projector.forget(poll_id)  # their events may be lost too: read them again

    async def handle(self, tp: TopicPartition, records: list[ConsumerRecord]) -> None:
        """Count a batch of votes (once each) or note the polls voting.events changed."""
        if tp.topic == self.votes_topic:
            changes = await self.runner.apply_batch(records, _vote_change, self.store.count)
            self._touched |= {c.tally_id.rsplit(":", 1)[0] for c in changes}
            self.runner.fault("after_tally_commit")
        else:
            self._touched |= self.projector.changed_polls(records)

    async def after_poll(self) -> None:
        """Project the polls the poll's batches touched (committed already: at least once)."""
        for poll_id in self._touched:
            await self.projector.project(poll_id)


def _vote_change(event: CloudEvent) -> VoteChange:
    data = VoteChangedData.model_validate(event.data)
    return VoteChange(
        event_id=event.id,
        vote_id=data.vote_id,
        tally_id=data.tally_id,
        version=data.version,
        contribution=data.contribution,
        withdrawn=data.withdrawn,
    )
