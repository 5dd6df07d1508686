"""The service runtime (ARCHITECTURE §7): what every service and worker is built on.

A service declares itself with a `Definition` (its routes, its rule codes' statuses, a `build`
function that makes its stores and handlers from the `Runtime` and registers its tasks); the
runtime makes the clients (waiting for the database and the broker), the outbox relay, the
unit of work, the Idempotency-Key store and the live publisher with the broker-reset watch, runs
everything, answers /healthz, /readyz and /metrics, and stops it all in reverse order.
Entrypoints: shared/runtime_entry.py.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field

from aiohttp import web
from aiokafka import AIOKafkaConsumer

from shared.auth import TokenVerifier
from shared.idempotency import MongoIdempotencyStore
from shared.kafka import (
    CONTRACT_TOPICS,
    ensure_topics,
    make_consumer,
    make_producer,
    wait_for_broker,
)
from shared.live import LivePublisher
from shared.live_wiring import watched_publisher
from shared.mongo import make_client, ping, wait_for_database
from shared.outbox import Outbox
from shared.relay import OutboxRelay
from shared.settings import Settings
from shared.unit_of_work import MongoUnitOfWork
from shared.web import add_readiness_check

log = logging.getLogger(__name__)
VERIFIER = web.AppKey("verifier", TokenVerifier)
Hook = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class Definition:
    """What a service or worker is; `name` is its registry name."""

    name: str
    build: Callable[[Runtime], Awaitable[None]]
    routes: tuple[Iterable[web.AbstractRouteDef], ...] = ()
    statuses: Mapping[str, int] = field(default_factory=dict)
    # Sets app keys that need no I/O (rate limiters), before the app starts.
    configure: Callable[[web.Application, Settings], None] | None = None
    # The CloudEvent source of its live.updates messages.
    live_source: str = ""
    # The registry name of the service whose database it uses (a worker uses its service's).
    database: str = ""
    # Workers leave the outbox to their service (two relays on one outbox would race), and
    # their readiness is their own checks (`configure` adds them before any I/O).
    relay: bool = True
    relay_poll_s: float = 0.5


class Runtime:
    """The resources of one running service or worker, handed to its `build`."""

    def __init__(self, definition: Definition, settings: Settings, app: web.Application) -> None:
        self.definition = definition
        self.settings = settings
        self.app = app
        self.tasks: list[asyncio.Task] = []
        self._task_factories: list[tuple[str, Hook]] = []
        self._stops: list[Hook] = []
        self._reset_hooks: list[Hook] = []
        self._connections = 0
        self.relay: OutboxRelay | None = None

    def task(self, name: str, run: Hook) -> None:
        """Run `run()` in the background once `build` is done; it is cancelled at the stop."""
        self._task_factories.append((name, run))

    def on_stop(self, hook: Hook) -> None:
        """Await `hook()` when stopping (in reverse order of registration)."""
        self._stops.append(hook)

    def on_broker_reset(self, hook: Hook) -> None:
        """Await `hook()` when the broker comes back after losing its data (the embedded one
        forgets everything on a restart): catch up what the lost events would have told."""
        self._reset_hooks.append(hook)

    def ready_check(self, name: str, check: Callable[[], Awaitable[bool]]) -> None:
        """Add a check to /readyz."""
        add_readiness_check(self.app, name, check)

    async def consumer(self, *topics: str, group_id: str | None = None) -> AIOKafkaConsumer:
        """A started consumer (outside any group unless `group_id`), stopped at the end."""
        consumer = make_consumer(self.settings, *topics, group_id=group_id)
        await consumer.start()
        self.on_stop(consumer.stop)
        return consumer

    def topic(self, name: str) -> str:
        """The broker-side name of a contract topic."""
        return self.settings.topic(name)

    async def start(self) -> None:
        """Connect, build the service, start its tasks (the order matters: see each step)."""
        settings = self.settings
        await wait_for_database(settings.mongodb_uri)
        self.client = make_client(settings.mongodb_uri)
        self.on_stop(self.client.close)
        self.db = self.client[settings.database(self.definition.database or self.definition.name)]
        self.outbox = Outbox(self.db)
        self.idempotency = MongoIdempotencyStore(self.db)
        self.uow = MongoUnitOfWork(self.client, self.outbox)
        await self.outbox.ensure_indexes()
        await self.idempotency.ensure_indexes()
        if self.definition.relay:
            self.ready_check("mongodb", lambda: ping(self.client))

        await wait_for_broker(settings)
        self.producer = make_producer(settings)
        await self.producer.start()
        self.on_stop(self.producer.stop)
        # Outside any group: it only asks for end offsets, to notice a broker that forgot.
        watcher = await self.consumer()
        self.live: LivePublisher = watched_publisher(
            settings, self.producer, watcher, self.definition.live_source, self._reconnected
        )
        if self.definition.relay:
            self.relay = OutboxRelay(
                self.outbox, self.producer, poll_interval_s=self.definition.relay_poll_s
            )
            self.task("outbox-relay", self.relay.run)
        self.task("live-publisher", self.live.run)
        await self.definition.build(self)
        # Extended in place: a worker's health holds this very list from its build on.
        self.tasks.extend(asyncio.create_task(run(), name=n) for n, run in self._task_factories)
        if self.definition.relay:
            self.ready_check("kafka", self._kafka_ready)

    async def _kafka_ready(self) -> bool:
        relay_ok = self.relay is None or self.relay.healthy
        return relay_ok and not any(task.done() for task in self.tasks)

    async def _reconnected(self) -> None:
        # The first connection is the start; any later one may follow a broker that lost
        # its data: the topics are made again, then each service catches up.
        await ensure_topics(self.settings, CONTRACT_TOPICS)
        self._connections += 1
        if self._connections > 1:
            for hook in self._reset_hooks:
                await hook()

    async def stop(self) -> None:
        """Cancel the tasks, then close what `start` opened, newest first."""
        for task in reversed(self.tasks):
            task.cancel()
        # gather, not suppress(CancelledError) around each: a cancellation of the stop itself
        # must still propagate.
        await asyncio.gather(*self.tasks, return_exceptions=True)
        for hook in reversed(self._stops):
            try:
                await hook()
            except Exception:
                log.exception("stopping %s: a clean-up step failed", self.definition.name)


RUNTIME = web.AppKey("runtime", Runtime)
