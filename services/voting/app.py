"""The composition root of the voting service: clients, store, group commit, relay, live states."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

from aiohttp import web

from services.voting import api, api_sessions, appkeys
from services.voting.groupcommit import SOURCE, VoteCommitter
from services.voting.handlers import VotingService, now_ms
from services.voting.membership import MemberStore
from services.voting.session_wiring import wire_sessions
from services.voting.storage import VotingStore
from services.voting.tally_processor import HEARTBEAT
from shared.auth import TokenVerifier
from shared.kafka import (
    make_consumer,
    make_producer,
    wait_for_broker,
)
from shared.live import LivePublisher
from shared.live_wiring import watched_publisher
from shared.mongo import make_client, ping, wait_for_database
from shared.outbox import Outbox
from shared.ratelimit import RateLimiter
from shared.relay import OutboxRelay
from shared.settings import Settings
from shared.web import add_readiness_check, make_app

log = logging.getLogger(__name__)
RELAY = web.AppKey("relay", OutboxRelay)
LIVE = web.AppKey("live", LivePublisher)

# Sessions younger than this get their session:<id> channel republished after a (re)start.
RECENT = timedelta(days=7)


def create_app(
    settings: Settings,
    verifier: TokenVerifier | None = None,
    *,
    vote_burst: int = 30,
    vote_refill_per_s: float = 2.0,
) -> web.Application:
    """Build the voting app; I/O starts only when the app starts."""
    app = make_app("voting", statuses=api.STATUSES)
    app[api.VERIFIER] = verifier or TokenVerifier(
        settings.jwt_issuer, settings.jwt_audience, jwks_url=settings.jwks_url
    )
    # Generous: a phone may change its mind often, but not hammer the store.
    app[api.VOTE_LIMIT] = RateLimiter(vote_burst, vote_refill_per_s)
    app[appkeys.JOIN_LIMIT] = RateLimiter(10, 1.0)
    app.router.add_routes(api.routes)
    app.router.add_routes(api_sessions.routes)

    async def resources(app: web.Application) -> AsyncIterator[None]:
        await wait_for_database(settings.mongodb_uri)
        client = make_client(settings.mongodb_uri)
        db = client[settings.database("voting")]
        store = VotingStore(db)
        outbox = Outbox(db)
        members = MemberStore(db, store)
        await store.ensure_indexes()
        await members.ensure_indexes()
        await outbox.ensure_indexes()

        await wait_for_broker(settings)
        producer = make_producer(settings)
        await producer.start()
        # The embedded broker forgets everything when it restarts: the watch notices that at
        # once (instead of at the next periodic republish), recreates the topics and republishes.
        watch_consumer = make_consumer(settings, group_id=None)
        await watch_consumer.start()
        live = watched_publisher(settings, producer, watch_consumer, SOURCE)
        app[LIVE] = live
        service = VotingService(
            client=client,
            store=store,
            outbox=outbox,
            topic=settings.topic("voting.events"),
            public_url=settings.public_url,
        )

        app[api.SERVICE] = service
        attendance, lifecycle = wire_sessions(app, service, members, live)
        committer = VoteCommitter(
            client, store, settings.topic("voting.votes"), on_commit=outbox.committed
        )
        app[api.COMMITTER] = committer
        relay = OutboxRelay(outbox, producer, poll_interval_s=0.2)
        app[RELAY] = relay

        recent = store.sessions.find({"updated_at": {"$gte": now_ms() - RECENT}})
        async for session in recent:
            await service.publish_session(session)

        tasks = [
            asyncio.create_task(relay.run(), name="outbox-relay"),
            asyncio.create_task(committer.run(), name="vote-group-commit"),
            asyncio.create_task(live.run(), name="live-publisher"),
            asyncio.create_task(_close_expired(service), name="poll-timer"),
            asyncio.create_task(attendance.run(), name="session-counts"),
            asyncio.create_task(
                lifecycle.run_idle_sweep(settings.session_max_idle_s), name="idle-sessions"
            ),
        ]
        add_readiness_check(app, "mongodb", lambda: ping(client))

        async def relay_ready() -> bool:
            return relay.healthy and not any(t.done() for t in tasks)

        add_readiness_check(app, "kafka", relay_ready)

        # Not a readiness check: votes are taken (and counted later) while the tally processor
        # is away, so its silence must not take the voting service out of the load balancer.
        async def tally_heartbeat() -> datetime | None:
            beat = await db["status"].find_one({"_id": HEARTBEAT})
            return beat["at"] if beat else None

        app[api.TALLY_HEARTBEAT] = tally_heartbeat
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await watch_consumer.stop()
            await producer.stop()
            await client.close()

    app.cleanup_ctx.append(resources)
    return app


async def _close_expired(service: VotingService, every_s: float = 0.5) -> None:
    """The poll timer: close polls whose deadline passed (votes stop at the deadline anyway)."""
    while True:
        try:
            await service.close_expired()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("closing expired polls failed")
        await asyncio.sleep(every_s)
