"""How the tally worker tells others it works: its HTTP endpoint and its heartbeat document.

The endpoint listens on the worker's internal port (VOTING_TALLY_PORT, shared/runtime_entry.py):
/healthz answers while the process runs, /readyz says whether the worker is counting (its loop
moves, its tasks live, it has partitions), /metrics gives its counters in Prometheus' format.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from datetime import UTC, datetime

from aiohttp import web
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from services.voting.storage import VotingStore
from services.voting.tally_processor import HEARTBEAT, TallyProcessor
from shared.web import REGISTRY_KEY, add_readiness_check

log = logging.getLogger(__name__)
# A loop iteration waits at most 0.5 s for messages; this much silence means it hangs.
STUCK_AFTER_S = 15.0


class TallyHealth:
    """What /readyz and /metrics read; serve() fills it in as the worker comes up."""

    def __init__(self, stuck_after_s: float = STUCK_AFTER_S) -> None:
        self.stuck_after_s = stuck_after_s
        self.processor: TallyProcessor | None = None
        self.tasks: list[asyncio.Task] = []
        self.started = time.monotonic()

    def seconds_since_loop(self) -> float:
        """Seconds since the consume loop last moved (since the start while it has not run)."""
        if self.processor is None:
            return time.monotonic() - self.started
        return self.processor.seconds_since_progress()

    async def loop_moves(self) -> bool:
        """Readiness: the consume loop began an iteration within `stuck_after_s`."""
        return self.processor is not None and self.seconds_since_loop() < self.stuck_after_s

    async def tasks_alive(self) -> bool:
        """Readiness: every task of the worker runs (a dead one stops the process soon)."""
        return bool(self.tasks) and not any(task.done() for task in self.tasks)

    async def partitions_assigned(self) -> bool:
        """Readiness: the consumer group gave this worker partitions to count."""
        return self.processor is not None and bool(self.processor.consumer.assignment())


class TallyCollector(Collector):
    """The processor's counters, read when Prometheus scrapes (no second set of counters)."""

    def __init__(self, health: TallyHealth) -> None:
        self.health = health

    def collect(self) -> Iterator[Metric]:
        p = self.health.processor
        counters = {
            "voting_tally_events_applied": ("Vote events applied", p.applied if p else 0),
            "voting_tally_events_duplicate": ("Vote events seen before", p.duplicates if p else 0),
            "voting_tally_events_dead_lettered": (
                "Messages sent to a dead-letter topic",
                p.dead_lettered if p else 0,
            ),
            "voting_tally_batches": ("Vote batches committed", p.batches if p else 0),
            "voting_tally_reconciles": ("Reconciles from MongoDB", p.recovery.runs if p else 0),
            "voting_tally_votes_reconciled": (
                "Votes counted by a reconcile rather than by their event",
                p.recovery.votes if p else 0,
            ),
        }
        for name, (doc, value) in counters.items():
            yield CounterMetricFamily(name, doc, value=value)
        yield GaugeMetricFamily(
            "voting_tally_seconds_since_loop",
            "Seconds since the consume loop last moved",
            value=self.health.seconds_since_loop(),
        )


def install(app: web.Application, health: TallyHealth) -> None:
    """Add the worker's checks to /readyz and its counters to /metrics of the runtime's app."""
    add_readiness_check(app, "consume_loop", health.loop_moves)
    add_readiness_check(app, "tasks", health.tasks_alive)
    add_readiness_check(app, "partitions", health.partitions_assigned)
    app[REGISTRY_KEY].register(TallyCollector(health))


async def heartbeat(store: VotingStore, processor: TallyProcessor, every_s: float = 2.0) -> None:
    """Tell the voting service (its /api/voting/status) that tallies are being kept: once
    partitions are assigned, a status document is refreshed every `every_s`."""
    while True:
        assigned = sorted(f"{tp.topic}[{tp.partition}]" for tp in processor.consumer.assignment())
        if assigned:
            try:
                await store.db["status"].update_one(
                    {"_id": HEARTBEAT},
                    {"$set": {"at": datetime.now(UTC), "assigned": assigned}},
                    upsert=True,
                )
            except Exception as exc:
                log.warning("could not write the heartbeat: %s", exc)
        await asyncio.sleep(every_s)
