"""The tally worker: `python -m services.voting.tally`, its own process on the shared runtime.

It counts voting.votes into exact tallies (tally_processor.py), projects them live, writes the
heartbeat the voting service shows, and reconciles from MongoDB when the broker lost its data.
Its internal port (VOTING_TALLY_PORT) answers /healthz, /readyz and /metrics (tally_health.py)
from the first moment, so that a supervisor sees it alive while it waits.
"""

from __future__ import annotations

import asyncio
import logging
import os

from aiohttp import web

from services.voting.groupcommit import SOURCE
from services.voting.storage import VotingStore
from services.voting.tally_health import TallyHealth, heartbeat, install
from services.voting.tally_processor import TallyProcessor
from services.voting.tally_projection import PollProjector
from services.voting.tally_resets import watch_resets
from shared.live import BrokerResetWatch
from shared.outbox import FaultHook, _no_fault
from shared.runtime import Definition, Runtime
from shared.runtime_entry import run_worker, serve_worker
from shared.settings import Settings

log = logging.getLogger(__name__)
GROUP = "voting-tally"
HEALTH = web.AppKey("tally_health", TallyHealth)


def crash_at(spec: str | None) -> FaultHook:
    """A fault hook that kills the process at a named point, e.g. "after_tally_commit:3".

    For the fault tests: the 3rd time the point is reached the process dies at once;
    after_tally_commit lies after a batch's MongoDB commit and before its offset commit.
    """
    if not spec:
        return _no_fault
    point, _, nth = spec.partition(":")
    seen = 0

    def hook(name: str) -> None:
        nonlocal seen
        if name == point:
            seen += 1
            if seen >= int(nth or 1):
                log.warning("fault injection: dying at %s", name)
                os._exit(137)

    return hook


def _configure(app: web.Application, _settings: Settings) -> None:
    app[HEALTH] = TallyHealth()
    install(app, app[HEALTH])


async def _build(rt: Runtime) -> None:
    store = VotingStore(rt.db)
    await store.ensure_indexes()
    votes_topic = rt.topic("voting.votes")
    group = f"{rt.settings.topic_prefix}{GROUP}"
    consumer = await rt.consumer(votes_topic, rt.topic("voting.events"), group_id=group)
    processor = TallyProcessor(
        store=store,
        projector=PollProjector(store, rt.live),
        votes_topic=votes_topic,
        consumer=consumer,
        dlq_producer=rt.producer,
        client=rt.client,
        db=store.db,
        group_id=GROUP,
        fault=crash_at(os.environ.get("VOTING_TALLY_CRASH_AT")),
    )
    await processor.ensure_indexes()
    health = rt.app[HEALTH]
    health.processor = processor
    health.tasks = rt.tasks
    # voting.votes, not live.updates: it is the topic whose loss costs votes.
    votes_watch = BrokerResetWatch(await rt.consumer(), votes_topic)
    rt.task("tally", processor.run)
    rt.task("heartbeat", lambda: heartbeat(store, processor))
    rt.task("reset-watch", lambda: watch_resets(votes_watch, processor.recovery.broker_reset))


DEFINITION = Definition(
    name="voting-tally",
    build=_build,
    configure=_configure,
    live_source=SOURCE,
    database="voting",
    relay=False,
)


async def serve(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """Run the tally worker in this process until `stop` is set (the tests' way)."""
    await serve_worker(DEFINITION, settings, stop)


def main() -> None:
    """Run the worker until SIGTERM or Ctrl-C."""
    run_worker(DEFINITION)


if __name__ == "__main__":
    main()
