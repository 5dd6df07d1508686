"""The exhibitions service's declaration for the shared runtime: its stores, handlers, live
projection and routes. The runtime makes the clients, the outbox relay, the unit of work, the
Idempotency-Key store and the live publisher (shared/runtime.py)."""

from __future__ import annotations

from aiohttp import web

from services.exhibitions import api
from services.exhibitions.events import SOURCE
from services.exhibitions.handlers import ExhibitionsService, Rules, Stores
from services.exhibitions.projection import LiveProjector
from services.exhibitions.storage import MongoExhibitions, MongoExhibits, MongoKiosks
from services.exhibitions.storage_feedback import MongoComments, MongoCounters, MongoRatings
from shared.auth import TokenVerifier
from shared.ratelimit import RateLimiter
from shared.runtime import Definition, Runtime
from shared.runtime_entry import create_app as create_service_app
from shared.settings import Settings


def _configure(app: web.Application, settings: Settings) -> None:
    app[api.FEEDBACK_LIMIT] = RateLimiter(settings.feedback_burst, settings.feedback_refill_per_s)


async def _build(rt: Runtime) -> None:
    mongo = (
        MongoExhibitions(rt.db),
        MongoExhibits(rt.db),
        MongoKiosks(rt.db),
        MongoRatings(rt.db),
        MongoComments(rt.db),
        MongoCounters(rt.db),
    )
    for store in mongo:
        await store.ensure_indexes()
    stores = Stores(*mongo)
    service = ExhibitionsService(
        uow=rt.uow,
        stores=stores,
        idempotency=rt.idempotency,
        topic=rt.topic("exhibitions.events"),
        rules=Rules.from_settings(rt.settings),
    )
    projector = LiveProjector(service, rt.live)
    service.on_change(projector.mark)
    rt.app[api.SERVICE] = service
    await projector.start(rt)


DEFINITION = Definition(
    name="exhibitions",
    build=_build,
    routes=(api.routes,),
    statuses=api.STATUSES,
    configure=_configure,
    live_source=SOURCE,
)


def create_app(settings: Settings, verifier: TokenVerifier | None = None) -> web.Application:
    """The exhibitions app (for tests that run it in their own process)."""
    return create_service_app(DEFINITION, settings, verifier)
