"""A join code must not stay valid for ever: a session without activity ends by itself after
SESSION_MAX_IDLE_S (here 1 s), while one that people keep joining stays open."""

from __future__ import annotations

import asyncio
import time

from shared.kafka import CONTRACT_TOPICS, ensure_topics
from tests.conftest import make_settings
from tests.security.voting_sessions_helpers import assert_problem, voting_service


async def test_an_idle_session_ends_by_itself_and_a_busy_one_does_not(servers):
    settings = make_settings(servers, session_max_idle_s=1)
    await ensure_topics(settings, CONTRACT_TOPICS, partitions=1)
    async with voting_service(settings) as voting:
        idle = await voting.session("Vergessen")
        poll = await voting.poll(idle["id"])
        busy = await voting.session("Voller Saal")
        # People keep joining the busy one (each join is activity), for three idle periods.
        deadline = time.monotonic() + 3.0
        n = 0
        while time.monotonic() < deadline:
            n += 1
            status, body, _ = await voting.join(busy["id"], voting.phone(f"g{n}", busy["id"]))
            assert status == 200, body
            await asyncio.sleep(0.3)

        state = await voting.state(idle["id"])
        assert state["status"] == "ended", state
        stored = await voting.store.sessions.find_one({"_id": idle["id"]})
        assert stored["ended_reason"] == "idle"
        assert (await voting.api.ok("GET", f"/api/voting/polls/{poll['id']}"))["status"] == "closed"
        status, body, headers = await voting.api.call(
            "GET", f"/api/voting/join/{idle['join_code']}"
        )
        assert_problem(status, body, headers, 404, "session-ended")

        assert (await voting.state(busy["id"]))["status"] == "open"
        await voting.api.ok("GET", f"/api/voting/join/{busy['join_code']}")
        # Left alone, the busy one ends too.
        for _ in range(40):
            if (await voting.state(busy["id"]))["status"] == "ended":
                break
            await asyncio.sleep(0.1)
        assert (await voting.state(busy["id"]))["status"] == "ended"
