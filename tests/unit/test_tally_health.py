"""The tally worker's /readyz and /metrics, with a stand-in for the processor (no I/O).

The integration tests run the real worker; a loop that hangs or a task that dies is hard to
bring about there on purpose, so those answers are checked here.
"""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

from aiohttp.test_utils import TestClient, TestServer
from prometheus_client.parser import text_string_to_metric_families

from services.voting.tally_health import TallyHealth, install
from shared.web import make_app


class StandIn:
    """What the endpoint reads of a TallyProcessor."""

    def __init__(self, since_progress: float, assigned: set[str]) -> None:
        self.since_progress = since_progress
        self.consumer = SimpleNamespace(assignment=lambda: assigned)
        self.applied, self.duplicates, self.dead_lettered, self.batches = 7, 2, 1, 3
        self.recovery = SimpleNamespace(runs=2, votes=5)

    def seconds_since_progress(self) -> float:
        return self.since_progress


async def answers(health: TallyHealth) -> tuple[int, dict, dict[str, float]]:
    app = make_app("voting-tally")  # as the runtime makes it for the worker
    install(app, health)
    async with TestClient(TestServer(app)) as client:
        ready = await client.get("/readyz")
        body = await ready.json()
        text = await (await client.get("/metrics")).text()
    samples = {s.name: s.value for f in text_string_to_metric_families(text) for s in f.samples}
    return ready.status, body, samples


async def running_task() -> asyncio.Task:
    return asyncio.create_task(asyncio.sleep(60))


async def test_ready_while_the_loop_moves_with_partitions_and_live_tasks():
    health = TallyHealth()
    health.processor = StandIn(since_progress=0.4, assigned={"voting.votes[0]"})
    health.tasks = [await running_task()]
    status, body, samples = await answers(health)
    health.tasks[0].cancel()
    assert status == 200
    assert body["checks"] == {"consume_loop": True, "tasks": True, "partitions": True}
    assert samples["voting_tally_events_applied_total"] == 7
    assert samples["voting_tally_events_duplicate_total"] == 2
    assert samples["voting_tally_events_dead_lettered_total"] == 1
    assert samples["voting_tally_batches_total"] == 3
    assert samples["voting_tally_reconciles_total"] == 2
    assert samples["voting_tally_votes_reconciled_total"] == 5
    assert samples["voting_tally_seconds_since_loop"] == 0.4


async def test_a_loop_that_has_not_moved_for_15_s_is_stuck():
    health = TallyHealth()
    health.processor = StandIn(since_progress=15.5, assigned={"voting.votes[0]"})
    health.tasks = [await running_task()]
    status, body, samples = await answers(health)
    health.tasks[0].cancel()
    assert status == 503
    assert body["checks"] == {"consume_loop": False, "tasks": True, "partitions": True}
    assert samples["voting_tally_seconds_since_loop"] == 15.5


async def test_a_dead_task_or_no_partitions_is_not_ready():
    health = TallyHealth()
    health.processor = StandIn(since_progress=0.1, assigned=set())
    dead = await running_task()
    dead.cancel()
    health.tasks = [dead]
    await asyncio.sleep(0)
    status, body, _ = await answers(health)
    assert status == 503
    assert body["checks"] == {"consume_loop": True, "tasks": False, "partitions": False}
