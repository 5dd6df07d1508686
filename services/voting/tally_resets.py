"""The tally worker after the broker lost its data: noticing it, and counting what was lost.

The embedded broker keeps nothing across a restart. The tally then (1) reconciles from MongoDB
(reconcile.py), since events relayed but not yet consumed are gone, and (2) reads its partitions
from the start again, since its positions point into the lost log and a new broker may already
hold messages below them. The consume loop does both between batches (Recovery.run_if_due);
watch_resets tells it when.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from aiokafka import AIOKafkaConsumer
from aiokafka.errors import KafkaError
from pymongo import AsyncMongoClient

from services.voting.reconcile import reconcile
from services.voting.storage import VotingStore
from shared.live import BrokerResetWatch

log = logging.getLogger(__name__)


class Recovery:
    """Reconciles when due: at start (the broker may have lost events whose votes MongoDB has)
    and after each broker reset, then with a rewind of the assigned partitions too."""

    def __init__(
        self,
        client: AsyncMongoClient,
        store: VotingStore,
        consumer: AIOKafkaConsumer,
        *,
        progress: Callable[[], None],
    ) -> None:
        self.client = client
        self.store = store
        self.consumer = consumer
        self.progress = progress
        self.due = True
        self.rewind = False
        self.runs = 0
        self.votes = 0

    def broker_reset(self) -> None:
        """Reconcile and rewind before the next batch."""
        self.due = self.rewind = True

    async def run_if_due(self) -> set[str]:
        """Reconcile if due; returns the polls looked at, which deserve a fresh projection."""
        if not self.due:
            return set()
        if self.rewind:
            await self._rewind_partitions()
        self.due = self.rewind = False
        try:
            result = await reconcile(self.client, self.store, progress=self.progress)
        except Exception as exc:
            log.warning("reconcile from MongoDB failed, will retry: %s", exc)
            self.due = True
            return set()
        self.runs += 1
        self.votes += result.votes
        log.info(
            "reconciled %d votes of %d recent polls from MongoDB", result.votes, len(result.polls)
        )
        return set(result.polls)

    async def _rewind_partitions(self) -> None:
        # Re-read messages are no-ops; skipped ones would be lost votes. A partition assigned
        # anew starts from the committed offsets, which the broker lost too: from the start.
        assigned = self.consumer.assignment()
        if not assigned:
            return
        try:
            # The reset is requested at once; waiting for its answer is bounded, so that a
            # broker that is still coming up does not stall the loop.
            await asyncio.wait_for(self.consumer.seek_to_beginning(*assigned), 5)
        except (KafkaError, TimeoutError) as exc:
            log.warning("could not rewind %s: %s", sorted(map(str, assigned)), exc)


async def watch_resets(
    watch: BrokerResetWatch, on_reset: Callable[[], None], every_s: float = 1.0
) -> None:
    """Call `on_reset` once each time the broker is seen to have lost the watched topic.

    The watch reports a reset for as long as the topic is missing; one reconcile per reset is
    enough. A topic missing at start is not reported: the start's own reconcile covers it.
    """
    armed = False
    while True:
        await asyncio.sleep(every_s)
        try:
            async with asyncio.timeout(3):  # not wait_for: see shared/live.py
                reset = await watch.reset_happened()
        except Exception as exc:
            # The broker is away: only what it holds once it is back tells whether it reset.
            log.debug("broker reset watch: %s", exc)
            continue
        if reset and armed:
            log.warning("the broker lost %s; reconciling the tallies from MongoDB", watch.topic)
            on_reset()
        armed = not reset
