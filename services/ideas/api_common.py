"""What the ideas route modules share: the app's objects by key, the Idempotency-Key header and the
view of an idea for a given reader."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from services.ideas import domain
from services.ideas.handlers import IdeasService
from services.ideas.ports import Idea
from shared.auth import Principal
from shared.idempotency import idempotency_key as idempotency_key  # the routes' header
from shared.ratelimit import RateLimiter
from shared.runtime import VERIFIER as VERIFIER  # the verifier the runtime installs

SERVICE = web.AppKey("ideas_service", IdeasService)

IDEA_LIMIT = web.AppKey("idea_limiter", RateLimiter)
COMMENT_LIMIT = web.AppKey("comment_limiter", RateLimiter)
SUPPORT_LIMIT = web.AppKey("support_limiter", RateLimiter)


async def limit_unless_retry(
    request: web.Request, limiter: web.AppKey[RateLimiter], who: str, replay_key: str | None
) -> None:
    """Count the request against `who`'s limit, unless it retries an answered request: a phone
    that lost the first answer must get it again, not a 429."""
    if not await request.app[SERVICE].is_replay(replay_key):
        request.app[limiter].check(who)


def idea_view(idea: Idea, who: Principal | None) -> dict[str, Any]:
    """The idea as `who` may see it (staff: precise location and who answered)."""
    staff = who is not None and who.is_staff
    view = domain.public_view(idea, who.sub if who else None, precise=staff)
    if staff and idea.get("answer"):
        view["answer"]["by"] = idea["answer"].get("by")
    return view
