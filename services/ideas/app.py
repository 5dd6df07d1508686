"""The ideas service's declaration for the shared runtime: its stores, handlers, read model,
read-model follower, live wall and routes. The runtime makes the clients, the outbox relay, the
unit of work and the live publisher (shared/runtime.py)."""

from __future__ import annotations

import logging

from aiohttp import web

from services.ideas import api
from services.ideas.events import SOURCE
from services.ideas.follower import ModelFollower
from services.ideas.handlers import IdeasService
from services.ideas.readmodel import IdeaReadModel
from services.ideas.storage import MongoComments, MongoIdeas, MongoSupports
from services.ideas.storage_events import MongoEventCopies
from shared.auth import TokenVerifier
from shared.ratelimit import RateLimiter
from shared.runtime import Definition, Runtime
from shared.runtime_entry import create_app as create_service_app
from shared.settings import Settings

log = logging.getLogger(__name__)


def _configure(app: web.Application, settings: Settings) -> None:
    app[api.IDEA_LIMIT] = RateLimiter(settings.idea_burst, settings.idea_refill_per_s)
    app[api.COMMENT_LIMIT] = RateLimiter(settings.comment_burst, settings.comment_refill_per_s)
    app[api.SUPPORT_LIMIT] = RateLimiter(settings.support_burst, settings.support_refill_per_s)


async def _build(rt: Runtime) -> None:
    ideas, comments, supports = MongoIdeas(rt.db), MongoComments(rt.db), MongoSupports(rt.db)
    for indexed in (ideas, comments, supports):
        await indexed.ensure_indexes()
    service = IdeasService(
        uow=rt.uow,
        ideas=ideas,
        supports=supports,
        comments=comments,
        idempotency=rt.idempotency,
        events=MongoEventCopies(rt.db, rt.topic("ideas.events")),
        model=IdeaReadModel(),
        topic=rt.topic("ideas.events"),
        fields_of_action=rt.settings.fields_of_action,
        region_bbox=rt.settings.region_bbox,
    )
    # Changes other instances make reach the read model through ideas.events; the follower
    # starts at the end before the model loads, so nothing falls between the two.
    follower = ModelFollower(await rt.consumer(), rt.topic("ideas.events"), service.apply_remote)
    await follower.start_at_end()
    log.info("read model loaded with %d ideas", await service.load_model())
    rt.app[api.SERVICE] = service
    service.attach_live(rt.live)
    rt.task("model-follower", follower.run)

    async def catch_up() -> None:
        # Events other instances had not read yet were lost with the broker's memory; the
        # model applies ideas by version, so reloading is idempotent.
        log.info("read model caught up from MongoDB: %d ideas", await service.reload())

    rt.on_broker_reset(catch_up)


DEFINITION = Definition(
    name="ideas",
    build=_build,
    routes=(api.routes,),
    statuses=api.STATUSES,
    configure=_configure,
    live_source=SOURCE,
)


def create_app(settings: Settings, verifier: TokenVerifier | None = None) -> web.Application:
    """The ideas app (for tests that run it in their own process)."""
    return create_service_app(DEFINITION, settings, verifier)
