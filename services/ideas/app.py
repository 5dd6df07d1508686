"""The composition root of the ideas service: clients, store, outbox relay, read model, routes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from services.ideas import api
from services.ideas.follower import ModelFollower
from services.ideas.handlers import IdeasService
from services.ideas.readmodel import IdeaReadModel
from services.ideas.storage import IdeaStore
from shared.auth import TokenVerifier
from shared.kafka import (
    CONTRACT_TOPICS,
    ensure_topics,
    make_consumer,
    make_producer,
    wait_for_broker,
)
from shared.live_wiring import watched_publisher
from shared.mongo import make_client, ping, wait_for_database
from shared.outbox import Outbox
from shared.ratelimit import RateLimiter
from shared.relay import OutboxRelay
from shared.settings import Settings
from shared.web import add_readiness_check, make_app

log = logging.getLogger(__name__)
RELAY = web.AppKey("relay", OutboxRelay)


def create_app(settings: Settings, verifier: TokenVerifier | None = None) -> web.Application:
    """Build the ideas app; I/O starts only when the app starts."""
    app = make_app("ideas", statuses=api.STATUSES)
    app[api.VERIFIER] = verifier or TokenVerifier(
        settings.jwt_issuer, settings.jwt_audience, jwks_url=settings.jwks_url
    )
    app[api.IDEA_LIMIT] = RateLimiter(settings.idea_burst, settings.idea_refill_per_s)
    app[api.COMMENT_LIMIT] = RateLimiter(settings.comment_burst, settings.comment_refill_per_s)
    app[api.SUPPORT_LIMIT] = RateLimiter(settings.support_burst, settings.support_refill_per_s)
    app.router.add_routes(api.routes)

    async def resources(app: web.Application) -> AsyncIterator[None]:
        await wait_for_database(settings.mongodb_uri)
        client = make_client(settings.mongodb_uri)
        db = client[settings.database("ideas")]
        store = IdeaStore(db)
        outbox = Outbox(db)
        await store.ensure_indexes()
        await outbox.ensure_indexes()
        service = IdeasService(
            client=client,
            store=store,
            outbox=outbox,
            model=IdeaReadModel(),
            topic=settings.topic("ideas.events"),
            fields_of_action=settings.fields_of_action,
            region_bbox=settings.region_bbox,
        )
        await wait_for_broker(settings)
        follower_consumer = make_consumer(settings, group_id=None)
        await follower_consumer.start()
        follower = ModelFollower(
            follower_consumer, settings.topic("ideas.events"), service.apply_remote
        )
        await follower.start_at_end()
        count = await service.load_model()
        log.info("read model loaded with %d ideas", count)
        app[api.SERVICE] = service

        producer = make_producer(settings)
        await producer.start()
        relay = OutboxRelay(outbox, producer)
        app[RELAY] = relay
        relay_task = asyncio.create_task(relay.run(), name="outbox-relay")
        watch_consumer = make_consumer(settings, group_id=None)
        await watch_consumer.start()
        reconnects = 0

        async def on_reconnect() -> None:
            # After the first connection, a reconnect may follow a broker that lost its data:
            # ideas events other instances had not read yet are gone, so the read model catches
            # up from MongoDB (it applies ideas by version, so this is idempotent).
            nonlocal reconnects
            await ensure_topics(settings, CONTRACT_TOPICS)
            reconnects += 1
            if reconnects > 1:
                log.info("read model caught up from MongoDB: %d ideas", await service.reload())

        live = watched_publisher(
            settings, producer, watch_consumer, "/oecherlab/ideas", on_reconnect
        )
        service.attach_live(live)
        live_task = asyncio.create_task(live.run(), name="live-updates")
        follower_task = asyncio.create_task(follower.run(), name="model-follower")

        add_readiness_check(app, "mongodb", lambda: ping(client))

        async def relay_ready() -> bool:
            return relay.healthy and not relay_task.done()

        add_readiness_check(app, "kafka", relay_ready)
        try:
            yield
        finally:
            for task in (relay_task, live_task, follower_task):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await watch_consumer.stop()
            await follower_consumer.stop()
            await producer.stop()
            await client.close()

    app.cleanup_ctx.append(resources)
    return app
