"""The tally worker as an operator runs it: its HTTP endpoint, and its reconcile at start.

Against the session's real Tansu broker and SecantusDB; nothing is mocked. The votes of the
reconcile test are cast through the real voting service, whose events never reach the tally
(see tally_helpers): they stand for events the memory-only broker lost in a restart.
"""

from __future__ import annotations

import asyncio
import time

import aiohttp

from devstack.embedded import free_port
from shared.kafka import CONTRACT_TOPICS, ensure_topics
from tests.conftest import make_settings
from tests.integration.tally_helpers import (
    forward,
    metrics,
    tally_worker,
    wait_for_metric,
    workshop,
)
from tests.integration.voting_helpers import tallies_equal_recounts, wait_until_exact

POLLS = {
    "single": {"options": ["A", "B", "C"]},
    "points": {"options": ["A", "B", "C"], "settings": {"budget": 10}},
}


async def get(url: str) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as http, http.get(url) as r:
        return r.status, await r.json()


async def test_endpoint_answers_and_says_why_it_is_not_ready_while_waiting_for_kafka(servers):
    # A broker address where nothing listens: the worker waits for it (as after a crash loop).
    settings = make_settings(servers).model_copy(
        update={"kafka_bootstrap_servers": f"127.0.0.1:{free_port()}"}
    )
    settings = settings.model_copy(update={"voting_tally_port": free_port()})
    url = f"http://127.0.0.1:{settings.voting_tally_port}"
    async with tally_worker(settings, stop_by_cancel=True):
        deadline = time.monotonic() + 10
        while True:
            try:
                status, body = await get(f"{url}/healthz")
                break
            except aiohttp.ClientError:
                assert time.monotonic() < deadline, "no /healthz"
                await asyncio.sleep(0.1)
        assert status == 200
        status, body = await get(f"{url}/readyz")
        assert status == 503
        assert body["checks"] == {"consume_loop": False, "tasks": False, "partitions": False}
        values = await metrics(url)
        assert values["voting_tally_events_applied_total"] == 0
        assert values["voting_tally_seconds_since_loop"] >= 0


async def test_votes_whose_events_were_lost_are_counted_from_mongodb_at_start(
    settings, monkeypatch
):
    monkeypatch.setattr("services.voting.reconcile.CHUNK", 7)  # several chunks per poll
    lost = settings.model_copy(update={"topic_prefix": f"{settings.topic_prefix}lost."})
    await ensure_topics(lost, CONTRACT_TOPICS, partitions=1)
    tally = settings.model_copy(update={"voting_tally_port": free_port()})
    async with workshop(lost, POLLS) as w:
        for i in range(30):
            await w.vote("single", i, f"o{1 + i % 3}")
            await w.vote("points", i, {"o1": i % 11, "o2": 10 - i % 11})
        for i in range(10):  # changed votes: version 2
            await w.vote("single", i, "o3" if i % 3 != 2 else "o1")
        events = await w.relayed()
        assert events == 70
        assert await w.store.tallies.count_documents({}) == 0

        async with tally_worker(tally) as url:
            await wait_until_exact(w.store, list(w.polls.values()), timeout_s=20)
            values = await wait_for_metric(url, "voting_tally_reconciles_total", 1)
            assert values["voting_tally_votes_reconciled_total"] == 60
            assert values["voting_tally_events_applied_total"] == 0
            async for vote in w.store.votes.find({}):
                applied = await w.store.applied.find_one({"_id": vote["_id"]})
                assert applied["version"] == vote["version"], vote["_id"]

            # The lost events arrive after all: each is recorded and changes nothing.
            await forward(lost, settings, "voting.votes", events)
            values = await wait_for_metric(url, "voting_tally_events_applied_total", events)
            ok, report = await tallies_equal_recounts(w.store, list(w.polls.values()))
            assert ok, report
            assert values["voting_tally_votes_reconciled_total"] == 60
            assert values["voting_tally_batches_total"] >= 1

            # Counting and assigned partitions: ready, with every check named in the answer.
            deadline = time.monotonic() + 20
            while (answer := await get(f"{url}/readyz"))[0] != 200:
                assert time.monotonic() < deadline, answer
                await asyncio.sleep(0.2)
            assert answer[1]["checks"] == {"consume_loop": True, "tasks": True, "partitions": True}
            status, body = await get(f"{url}/healthz")
            assert (status, body["service"]) == (200, "voting-tally")
