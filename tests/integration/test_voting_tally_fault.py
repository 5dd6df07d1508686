"""Exactness under faults: the tally processor is killed mid-burst and restarted (issue 4, point 5).

The voting service runs in this process; the tally processor runs as `python -m
services.voting.tally` in a subprocess, against the real Tansu broker and SecantusDB.
Afterwards every tally must equal the recount of the stored votes: none lost, none counted twice.
"""

from __future__ import annotations

import asyncio
import random
import signal

import aiohttp
import pytest

from devstack import embedded
from services.voting.app import create_app
from services.voting.storage import VotingStore
from shared.mongo import make_client
from tests.integration.voting_helpers import (
    Client,
    bearer,
    issuer,
    start_app,
    start_tally,
    verifier_for,
    wait_until_exact,
)

VOTERS = 240


@pytest.fixture
async def workshop(settings, tmp_path):
    """The voting service with an open single, points and ranking poll; 240 bound participants."""
    iss = issuer()
    port = embedded.free_port()
    app = create_app(settings, verifier_for(iss), vote_burst=1000, vote_refill_per_s=1000)
    runner = await start_app(app, port)
    mongo = make_client(settings.mongodb_uri)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=64)) as http:
        api = Client(f"http://127.0.0.1:{port}", http)
        mod = bearer(iss.issue("u:moderator", "moderator", 600))
        session = await api.ok(
            "POST", "/api/voting/sessions", 201, json={"title": "Fehler"}, headers=mod
        )
        polls = {}
        for kind, extra in (
            ("single", {"options": ["A", "B", "C", "D"]}),
            ("points", {"options": ["A", "B", "C"], "settings": {"budget": 10}}),
            ("ranking", {"options": ["A", "B", "C"]}),
        ):
            body = {"question": kind, "type": kind, **extra}
            poll = await api.ok(
                "POST", f"/api/voting/sessions/{session['id']}/polls", 201, json=body, headers=mod
            )
            await api.ok("POST", f"/api/voting/polls/{poll['id']}/open", headers=mod)
            polls[kind] = poll["id"]
        phones = [
            bearer(iss.issue(f"p:fault{i}", "participant", 600, session_id=session["id"]))
            for i in range(VOTERS)
        ]
        yield api, polls, phones, VotingStore(mongo[settings.database("voting")])
    await mongo.close()
    await runner.cleanup()


def random_choice(rng: random.Random, kind: str):
    if kind == "single":
        return rng.choice(["o1", "o2", "o3", "o4"])
    if kind == "points":
        a = rng.randint(0, 10)
        return {"o1": a, "o2": rng.randint(0, 10 - a), "o3": 0} if a else {"o3": 10}
    return rng.sample(["o1", "o2", "o3"], 3)


async def burst(api, polls, phones, rng, who: range) -> int:
    """Every phone in `who` votes on every poll, 48 at a time; returns the number accepted."""
    sem = asyncio.Semaphore(48)

    async def one(i: int, kind: str) -> None:
        async with sem:
            body = {"choice": random_choice(rng, kind)}
            await api.ok(
                "POST", f"/api/voting/polls/{polls[kind]}/votes", 202, json=body, headers=phones[i]
            )

    jobs = [one(i, kind) for i in who for kind in polls]
    rng.shuffle(jobs)
    await asyncio.gather(*jobs)
    return len(jobs)


async def voters_counted(store: VotingStore, poll_id: str) -> int:
    tally = await store.tally(poll_id, 0)
    return (tally or {}).get("voters", 0)


async def test_sigkill_mid_burst_loses_and_doubles_nothing(settings, workshop, tmp_path):
    api, polls, phones, store = workshop
    rng = random.Random(4)
    log = tmp_path / "tally.log"
    proc = start_tally(settings, log)
    try:
        # Until the processor has joined its group and counts, nothing can be killed mid-burst.
        accepted = await burst(api, polls, phones, rng, range(0, 5))
        for _ in range(600):
            if await voters_counted(store, polls["single"]) == 5:
                break
            await asyncio.sleep(0.05)
        first = asyncio.create_task(burst(api, polls, phones, rng, range(5, VOTERS)))
        # Kill it once it has counted part of the burst, while votes keep coming in.
        for _ in range(600):
            if await voters_counted(store, polls["single"]) >= 45 or first.done():
                break
            await asyncio.sleep(0.05)
        assert not first.done(), "the burst ended before the processor counted anything"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        counted_at_kill = await voters_counted(store, polls["single"])
        accepted += await first
        # Changed votes while the processor is down, then a restart and more changes.
        accepted += await burst(api, polls, phones, rng, range(0, 60))
        processed_before = await store.processed.count_documents({})
        proc = start_tally(settings, log)
        accepted += await burst(api, polls, phones, rng, range(30, 90))
        # Once more at a random point, after the new process has resumed counting the backlog.
        for _ in range(600):
            if await store.processed.count_documents({}) > processed_before:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(rng.uniform(0.0, 0.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        proc = start_tally(settings, log)
        report = await wait_until_exact(store, list(polls.values()), timeout_s=120)
    finally:
        proc.kill()
        proc.wait(10)
    assert 0 < counted_at_kill < VOTERS
    assert accepted == 3 * (VOTERS + 60 + 60)
    for tally, _recount in report.values():
        assert tally["voters"] == VOTERS
    # Every vote is counted at its newest version.
    async for vote in store.votes.find({"poll_id": {"$in": list(polls.values())}}):
        applied = await store.applied.find_one({"_id": vote["_id"]})
        assert applied["version"] == vote["version"], vote["_id"]


async def test_crash_after_the_database_commit_before_the_offset_commit(
    settings, workshop, tmp_path
):
    """The processor dies right after its MongoDB commit: the batch comes again and adds nothing."""
    api, polls, phones, store = workshop
    rng = random.Random(9)
    log = tmp_path / "tally.log"
    proc = start_tally(settings, log, VOTING_TALLY_CRASH_AT="after_tally_commit:1")
    try:
        await burst(api, polls, phones, rng, range(0, 120))
        assert proc.wait(60) == 137, log.read_text()[-2000:]
        await burst(api, polls, phones, rng, range(60, 160))
        proc = start_tally(settings, log)
        await wait_until_exact(store, list(polls.values()), timeout_s=120)
        # Exact already after the restart's reconcile from MongoDB; every event is still
        # consumed and recorded once (the re-delivered batch included).
        events = await store.outbox.count_documents({"topic": settings.topic("voting.votes")})
        for _ in range(600):
            if await store.processed.count_documents({}) >= events:
                break
            await asyncio.sleep(0.1)
    finally:
        proc.kill()
        proc.wait(10)
    assert "fault injection: dying at after_tally_commit" in log.read_text()
    assert await store.processed.count_documents({}) == events
