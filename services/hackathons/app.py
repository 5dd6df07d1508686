"""The hackathons service's declaration for the shared runtime: its stores, the services it asks
(voting for the audience vote, the gateway for jury accounts), its live projection and routes."""

from __future__ import annotations

import aiohttp
from aiohttp import web

from services.hackathons import api
from services.hackathons.events import SOURCE
from services.hackathons.handlers import HackathonsService, Outside, Stores
from services.hackathons.jury_accounts import GatewayJuryAccounts
from services.hackathons.live import LiveProjector
from services.hackathons.storage import MongoChallenges, MongoHackathons, MongoTeams
from services.hackathons.storage_scores import MongoScores
from services.hackathons.voting_client import HttpVotingClient
from shared.auth import TokenVerifier
from shared.ratelimit import RateLimiter
from shared.runtime import Definition, Runtime
from shared.runtime_entry import create_app as create_service_app
from shared.settings import Settings

# Wrong invite codes per participant: a few typos are fine, guessing is not.
INVITE_BURST, INVITE_REFILL_PER_S = 20, 1 / 60
# Team writes per participant (form, join, save the project page).
WRITE_BURST, WRITE_REFILL_PER_S = 30, 1.0


def _configure(app: web.Application, _settings: Settings) -> None:
    app[api.INVITE_LIMIT] = RateLimiter(INVITE_BURST, INVITE_REFILL_PER_S)
    app[api.WRITE_LIMIT] = RateLimiter(WRITE_BURST, WRITE_REFILL_PER_S)


async def _build(rt: Runtime) -> None:
    mongo = (MongoHackathons(rt.db), MongoChallenges(rt.db), MongoTeams(rt.db), MongoScores(rt.db))
    for store in mongo:
        await store.ensure_indexes()
    http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10, connect=2))
    rt.on_stop(http.close)
    outside = Outside(
        voting=HttpVotingClient(http, rt.settings.url_of("voting")),
        accounts=GatewayJuryAccounts(http, rt.settings.gateway_internal()),
    )
    service = HackathonsService(
        uow=rt.uow,
        stores=Stores(*mongo),
        outside=outside,
        topic=rt.topic("hackathons.events"),
        public_url=rt.settings.public_url,
    )
    projector = LiveProjector(service, rt.live)
    service.on_change(projector.mark)
    rt.app[api.SERVICE] = service
    await projector.start(rt)


DEFINITION = Definition(
    name="hackathons",
    build=_build,
    routes=(api.routes,),
    statuses=api.STATUSES,
    configure=_configure,
    live_source=SOURCE,
)


def create_app(settings: Settings, verifier: TokenVerifier | None = None) -> web.Application:
    """The hackathons app (for tests that run it in their own process)."""
    return create_service_app(DEFINITION, settings, verifier)
