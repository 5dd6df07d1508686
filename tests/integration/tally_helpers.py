"""Helpers for the tally worker's tests: a workshop whose vote events the tally never gets, the
worker in this process, its metrics, and live.updates read as a gateway reads it.

The voting service here publishes under its own topic prefix, on the same broker and into the
same database as the tally: its relay sends every event and marks it sent, yet the tally never
sees one. For the tally that is exactly what a restart of the memory-only broker does to events
relayed but not yet consumed. `forward` lets such events arrive late after all.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import aiohttp
from aiokafka import AIOKafkaConsumer
from prometheus_client.parser import text_string_to_metric_families

from devstack.embedded import free_port
from services.voting.app import create_app
from services.voting.storage import VotingStore
from services.voting.tally import serve
from shared.kafka import make_consumer, make_producer
from shared.mongo import make_client
from shared.settings import Settings
from shared.tokens import TokenIssuer
from tests.integration.voting_helpers import Client, bearer, issuer, start_app, verifier_for


@dataclass
class Workshop:
    """The voting service (HTTP, group commit, relay) with one session and open polls."""

    api: Client
    iss: TokenIssuer
    store: VotingStore
    session_id: str
    polls: dict[str, str]  # poll type -> poll id

    async def vote(self, kind: str, participant: int, choice: object) -> None:
        headers = bearer(
            self.iss.issue(f"p:{participant}", "participant", 600, session_id=self.session_id)
        )
        path = f"/api/voting/polls/{self.polls[kind]}/votes"
        await self.api.ok("POST", path, 202, json={"choice": choice}, headers=headers)

    async def relayed(self, timeout_s: float = 10) -> int:
        """Wait until the relay has marked every outbox entry sent; return the vote events."""
        deadline = time.monotonic() + timeout_s
        while await self.store.outbox.count_documents({"sent": False}):
            assert time.monotonic() < deadline, "the relay did not send the outbox"
            await asyncio.sleep(0.1)
        return await self.store.outbox.count_documents({"topic": {"$regex": r"voting\.votes$"}})


@contextlib.asynccontextmanager
async def workshop(settings: Settings, polls: dict[str, dict]) -> AsyncIterator[Workshop]:
    """The voting service with `settings`, a session and the polls `polls` (type -> extra body)."""
    iss = issuer()
    port = free_port()
    app = create_app(settings, verifier_for(iss), vote_burst=1000, vote_refill_per_s=1000)
    runner = await start_app(app, port)
    try:
        async with aiohttp.ClientSession() as http:
            api = Client(f"http://127.0.0.1:{port}", http)
            mod = bearer(iss.issue("u:moderator", "moderator", 600))
            session = await api.ok(
                "POST", "/api/voting/sessions", 201, json={"title": "Abgleich"}, headers=mod
            )
            ids = {}
            for kind, extra in polls.items():
                body = {"question": kind, "type": kind, **extra}
                path = f"/api/voting/sessions/{session['id']}/polls"
                poll = await api.ok("POST", path, 201, json=body, headers=mod)
                await api.ok("POST", f"/api/voting/polls/{poll['id']}/open", headers=mod)
                ids[kind] = poll["id"]
            mongo = make_client(settings.mongodb_uri)
            store = VotingStore(mongo[settings.database("voting")])
            try:
                yield Workshop(api, iss, store, session["id"], ids)
            finally:
                await mongo.close()
    finally:
        await runner.cleanup()


@contextlib.asynccontextmanager
async def tally_worker(settings: Settings, stop_by_cancel: bool = False) -> AsyncIterator[str]:
    """`serve` in this process; yields the URL of its HTTP endpoint. `stop_by_cancel` for a
    worker still starting (it looks at its stop event only once it runs)."""
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, stop))
    try:
        yield f"http://127.0.0.1:{settings.voting_tally_port}"
    finally:
        if stop_by_cancel:
            task.cancel()
        stop.set()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 20)


async def metrics(url: str) -> dict[str, float]:
    """The worker's /metrics as sample name -> value."""
    async with aiohttp.ClientSession() as http, http.get(f"{url}/metrics") as r:
        assert r.status == 200
        text = await r.text()
    return {s.name: s.value for f in text_string_to_metric_families(text) for s in f.samples}


async def wait_for_metric(url: str, name: str, at_least: float, timeout_s: float = 20) -> dict:
    """Wait until the metric `name` reaches `at_least`; return all metrics then."""
    deadline = time.monotonic() + timeout_s
    while True:
        with contextlib.suppress(aiohttp.ClientError):
            values = await metrics(url)
            if values.get(name, 0) >= at_least:
                return values
        assert time.monotonic() < deadline, f"{name} did not reach {at_least}"
        await asyncio.sleep(0.2)


async def forward(source: Settings, target: Settings, topic: str, count: int) -> None:
    """Copy the first `count` messages of `topic` from one prefix to another: the lost events
    arriving after all."""
    consumer = make_consumer(source, source.topic(topic), group_id=None)
    producer = make_producer(target)
    await consumer.start()
    await producer.start()
    try:
        copied = 0
        while copied < count:
            batches = await asyncio.wait_for(consumer.getmany(timeout_ms=500), 10)
            for records in batches.values():
                for r in records:
                    await producer.send_and_wait(target.topic(topic), r.value, key=r.key)
                    copied += 1
    finally:
        await consumer.stop()
        await producer.stop()


async def live_channels(
    settings: Settings,
    wanted: set[str],
    timeout_s: float,
    until: Callable[[dict[str, dict]], bool] = lambda _states: True,
) -> dict[str, dict]:
    """The newest state of each wanted channel on live.updates, read from the beginning as a
    gateway reads it at start, once all are there and `until` holds; fails after `timeout_s`."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        metadata_max_age_ms=300,  # the topic may appear only after a broker restart
    )
    await consumer.start()
    consumer.subscribe([settings.topic("live.updates")])
    states: dict[str, dict] = {}
    deadline = time.monotonic() + timeout_s
    try:
        while not (wanted <= states.keys() and until(states)):
            assert time.monotonic() < deadline, f"not on live.updates in time: {wanted}, {states}"
            for records in (await consumer.getmany(timeout_ms=200)).values():
                for r in records:
                    channel = r.key.decode()
                    if channel in wanted:
                        states[channel] = json.loads(r.value)["data"]["state"]
    finally:
        await consumer.stop()
    return states
