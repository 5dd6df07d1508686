"""What the exhibitions route modules share: the app's objects by key, the staff check and the
Idempotency-Key header."""

from __future__ import annotations

from aiohttp import web

from services.exhibitions.handlers import ExhibitionsService
from shared.auth import Principal, require
from shared.idempotency import idempotency_key as idempotency_key  # the routes' header
from shared.ratelimit import RateLimiter
from shared.runtime import VERIFIER as VERIFIER  # the verifier the runtime installs

SERVICE = web.AppKey("exhibitions_service", ExhibitionsService)
FEEDBACK_LIMIT = web.AppKey("feedback_limiter", RateLimiter)


def service_of(request: web.Request) -> ExhibitionsService:
    """The service the runtime built for this app."""
    return request.app[SERVICE]


async def staff(request: web.Request) -> Principal:
    """The caller, who must be a moderator or an admin."""
    return await require(request, request.app[VERIFIER], "moderator")
