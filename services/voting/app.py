"""The voting service's declaration for the shared runtime: the wired parts (wiring.py), their
background tasks and the routes. The runtime makes the clients, the outbox relay, the unit of
work and the live publisher with its broker-reset watch (shared/runtime.py)."""

from __future__ import annotations

import dataclasses

from aiohttp import web

from services.voting import api, appkeys
from services.voting.events import SOURCE
from services.voting.pseudonyms import Pseudonyms
from services.voting.storage import VotingStore
from services.voting.wiring import build, tally_heartbeat
from shared.auth import TokenVerifier
from shared.ratelimit import RateLimiter
from shared.runtime import Definition, Runtime
from shared.runtime_entry import create_app as create_service_app
from shared.settings import Settings


def _limits(vote_burst: int, vote_refill_per_s: float):
    def configure(app: web.Application, settings: Settings) -> None:
        app[appkeys.VOTE_LIMIT] = RateLimiter(vote_burst, vote_refill_per_s)
        app[appkeys.JOIN_LIMIT] = RateLimiter(10, 1.0)
        app[appkeys.PSEUDONYMS] = Pseudonyms.from_settings(settings)

    return configure


async def _build(rt: Runtime) -> None:
    await VotingStore(rt.db).ensure_indexes()
    app = rt.app
    voting = build(rt.db, rt.uow, rt.live, rt.settings, app[appkeys.VOTE_LIMIT].check)
    app[appkeys.HANDLERS], app[appkeys.QUERIES] = voting.handlers, voting.queries
    app[appkeys.ATTENDANCE], app[appkeys.COMMITTER] = voting.shown.attendance, voting.committer
    # Not a readiness check: votes are taken (and counted later) while the tally processor is
    # away, so its silence must not take the voting service out of the load balancer.
    app[appkeys.TALLY_HEARTBEAT] = tally_heartbeat(rt.db)
    await voting.shown.republish_recent()
    for name, run in voting.tasks(rt.settings).items():
        rt.task(name, run)


DEFINITION = Definition(
    name="voting",
    build=_build,
    routes=api.ROUTES,
    statuses=api.STATUSES,
    configure=_limits(vote_burst=30, vote_refill_per_s=2.0),
    live_source=SOURCE,
    # Votes wait in the outbox only for the relay's next look: keep it short.
    relay_poll_s=0.2,
)


def create_app(
    settings: Settings,
    verifier: TokenVerifier | None = None,
    *,
    vote_burst: int = 30,
    vote_refill_per_s: float = 2.0,
) -> web.Application:
    """The voting app (for tests that run it in their own process, with their own limits)."""
    definition = dataclasses.replace(DEFINITION, configure=_limits(vote_burst, vote_refill_per_s))
    return create_service_app(definition, settings, verifier)
