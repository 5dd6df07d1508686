"""The voting service and the tally worker when the memory-only broker restarts.

Each test starts its own Tansu (the session's broker must not lose its memory under the other
tests) and restarts it; the database is the session's SecantusDB. Nothing is mocked.
"""

from __future__ import annotations

import asyncio
import time

from shared.kafka import CONTRACT_TOPICS, ensure_topics
from tests.integration.tally_helpers import (
    forward,
    live_channels,
    metrics,
    tally_worker,
    wait_for_metric,
    workshop,
)
from tests.integration.voting_helpers import tallies_equal_recounts, wait_until_exact

SINGLE = {"single": {"options": ["A", "B", "C"]}}


async def test_session_and_poll_channels_are_back_within_seconds_of_a_broker_restart(broker):
    settings = broker.settings
    await ensure_topics(settings, CONTRACT_TOPICS, partitions=1)
    async with workshop(settings, SINGLE) as w, tally_worker(settings):
        for i in range(3):
            await w.vote("single", i, "o2")
        session, poll = f"session:{w.session_id}", f"poll:{w.polls['single']}"

        def counted(states: dict) -> bool:
            return states[poll]["voters"] == 3

        before = await live_channels(settings, {session, poll}, 20, until=counted)
        broker.restart()
        back = time.monotonic()
        # Without the reset watch they would come back only with the periodic republish (15 s).
        after = await live_channels(settings, {session, poll}, 6, until=counted)
        elapsed = time.monotonic() - back
    assert after[session] == before[session]
    assert after[poll] == before[poll]
    assert elapsed < 6


async def test_a_broker_restart_makes_the_tally_count_the_votes_of_lost_events(broker):
    settings = broker.settings
    lost = settings.model_copy(update={"topic_prefix": f"{settings.topic_prefix}lost."})
    await ensure_topics(settings, CONTRACT_TOPICS, partitions=1)
    await ensure_topics(lost, CONTRACT_TOPICS, partitions=1)
    async with workshop(lost, SINGLE) as w, tally_worker(settings) as url:
        polls = list(w.polls.values())
        # Votes whose events reach the tally: counted the ordinary way (once they are, the
        # worker's reconcile at start lies behind it).
        for i in range(20):
            await w.vote("single", i, "o1")
        await forward(lost, settings, "voting.votes", await w.relayed())
        await wait_until_exact(w.store, polls, timeout_s=20)
        reconciled = (await metrics(url))["voting_tally_votes_reconciled_total"]
        # Changed and new votes whose events are sent, marked sent, and lost to the tally.
        for i in range(10):
            await w.vote("single", i, "o3")
        for i in range(20, 30):
            await w.vote("single", i, "o2")
        await w.relayed()
        await asyncio.sleep(1.0)
        assert not (await tallies_equal_recounts(w.store, polls))[0]

        broker.restart()
        await wait_until_exact(w.store, polls, timeout_s=15)
        values = await wait_for_metric(url, "voting_tally_reconciles_total", 2)
        assert (await w.store.tally(polls[0], 0))["voters"] == 30
    assert values["voting_tally_votes_reconciled_total"] == reconciled + 20
