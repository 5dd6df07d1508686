"""The tally worker: `python -m services.voting.tally`, its own process.

It wires the tally processor (tally_processor.py) to MongoDB and the broker, runs it with the
live publisher, the heartbeat and the broker-reset watch, and serves its internal HTTP endpoint
(tally_health.py) from the first moment, so that a supervisor sees it alive while it waits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal

from services.voting.groupcommit import SOURCE
from services.voting.storage import VotingStore
from services.voting.tally_health import TallyHealth, heartbeat, start_http
from services.voting.tally_processor import TallyProcessor
from services.voting.tally_projection import PollProjector
from services.voting.tally_resets import watch_resets
from shared.kafka import (
    make_consumer,
    make_producer,
    wait_for_broker,
)
from shared.live import BrokerResetWatch
from shared.live_wiring import watched_publisher
from shared.logs import configure_logging
from shared.mongo import make_client, wait_for_database
from shared.outbox import FaultHook, _no_fault
from shared.settings import Settings

log = logging.getLogger(__name__)
GROUP = "voting-tally"


def crash_at(spec: str | None) -> FaultHook:
    """A fault hook that kills the process at a named point, e.g. "after_tally_commit:3".

    For the fault tests (ARCHITECTURE §8): the 3rd time the point is reached the process dies at
    once; after_tally_commit lies after a batch's MongoDB commit and before its offset commit.
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


async def serve(
    settings: Settings, stop: asyncio.Event | None = None, fault: FaultHook = _no_fault
) -> None:
    """Run the tally worker until `stop` is set (or the task is cancelled, or a task dies)."""
    health = TallyHealth()
    async with contextlib.AsyncExitStack() as resources:
        resources.push_async_callback((await start_http(settings, health)).cleanup)
        await wait_for_database(settings.mongodb_uri)
        client = make_client(settings.mongodb_uri)
        resources.push_async_callback(client.close)
        store = VotingStore(client[settings.database("voting")])
        await store.ensure_indexes()

        await wait_for_broker(settings)
        producer = make_producer(settings)
        await producer.start()
        resources.push_async_callback(producer.stop)
        votes_topic, events_topic = settings.topic("voting.votes"), settings.topic("voting.events")
        group = f"{settings.topic_prefix}{GROUP}"
        consumer = make_consumer(settings, votes_topic, events_topic, group_id=group)
        # Outside the group: it only asks for end offsets, to notice a broker that forgot.
        watcher = make_consumer(settings, group_id=None)
        live = watched_publisher(settings, producer, watcher, SOURCE)
        processor = TallyProcessor(
            store=store,
            projector=PollProjector(store, live),
            votes_topic=votes_topic,
            consumer=consumer,
            dlq_producer=producer,
            client=client,
            db=store.db,
            group_id=GROUP,
            fault=fault,
        )
        for kafka_consumer in (consumer, watcher):
            await kafka_consumer.start()
            resources.push_async_callback(kafka_consumer.stop)
        await processor.ensure_indexes()
        health.processor = processor
        # voting.votes, not live.updates: it is the topic whose loss costs votes.
        votes_watch = BrokerResetWatch(watcher, votes_topic)
        resets = watch_resets(votes_watch, processor.recovery.broker_reset)
        health.tasks = [
            asyncio.create_task(processor.run(), name="tally"),
            asyncio.create_task(live.run(), name="live-publisher"),
            asyncio.create_task(heartbeat(store, processor), name="heartbeat"),
            asyncio.create_task(resets, name="reset-watch"),
        ]
        log.info("tally worker started")
        await _run_until_stopped(health.tasks, stop or asyncio.Event())


async def _run_until_stopped(tasks: list[asyncio.Task], stop: asyncio.Event) -> None:
    """Wait for `stop`; a task that dies first ends the worker with its error (a supervisor
    starts it again), since a worker that counts nothing must not look alive."""
    stopping = asyncio.create_task(stop.wait())
    try:
        done, _ = await asyncio.wait([*tasks, stopping], return_when=asyncio.FIRST_COMPLETED)
        for task in done - {stopping}:
            if not task.cancelled() and task.exception() is not None:
                raise task.exception()
            raise RuntimeError(f"the task {task.get_name()} ended")
    finally:
        for task in [*tasks, stopping]:
            task.cancel()
        # gather, not `suppress(CancelledError)` around each await: that would also swallow a
        # cancellation of this worker itself and leave it running.
        await asyncio.gather(*tasks, stopping, return_exceptions=True)


def main() -> None:
    """Run the worker until SIGTERM or Ctrl-C."""
    settings = Settings()
    configure_logging("voting-tally", settings.log_level)

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        worker = asyncio.create_task(
            serve(settings, stop, crash_at(os.environ.get("VOTING_TALLY_CRASH_AT")))
        )

        def on_signal() -> None:
            stop.set()
            # A worker still waiting for the database or the broker does not look at `stop`;
            # a running one gets a moment to end its batch (an aborted batch is read again).
            loop.call_later(3, worker.cancel)

        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, on_signal)
        with contextlib.suppress(asyncio.CancelledError):
            await worker

    asyncio.run(run())


if __name__ == "__main__":
    main()
