"""Wrong join codes: a generous limit per client on every route that resolves a code.

Keyed on the client's address, since a guesser has no token yet; generous, since a hall behind
one Wi-Fi mistypes too (about 100 wrong codes in a burst, refilled within a minute). A lookup
takes an allowance before it asks (so concurrent guesses all count) and gives it back when the
code was right; at most MAX_IN_FLIGHT lookups per client run at once (more wait their turn), so
the allowances held by right codes in flight never exhaust it for a hall that joins at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiohttp import web

from services.gateway.login import client_address
from shared.problems import Problem
from shared.ratelimit import RateLimiter

T = TypeVar("T")

WRONG_CODE_LIMIT = web.AppKey("wrong_join_code_limiter", RateLimiter)
WRONG_CODE_BURST = 100
WRONG_CODE_REFILL_PER_S = 100 / 60
MAX_IN_FLIGHT = 32
IN_FLIGHT = web.AppKey("join_code_lookups_in_flight", dict)


def add_limiter(app: web.Application) -> None:
    """One limiter for every route that resolves a code."""
    app[WRONG_CODE_LIMIT] = RateLimiter(WRONG_CODE_BURST, WRONG_CODE_REFILL_PER_S)
    app[IN_FLIGHT] = {}


async def guarded(
    request: web.Request,
    lookup: Callable[[], Awaitable[T]],
    is_wrong: Callable[[T], bool] = lambda _result: False,
) -> T:
    """Run a code lookup under the wrong-code limit: it takes an allowance first and gives it
    back unless the code was wrong (a 404 answer or Problem)."""
    limiter = request.app[WRONG_CODE_LIMIT]
    key = client_address(request)
    slots: dict[str, list] = request.app[IN_FLIGHT]
    slot = slots.setdefault(key, [asyncio.Semaphore(MAX_IN_FLIGHT), 0])
    slot[1] += 1
    try:
        async with slot[0]:
            limiter.check(key)
            wrong = False
            try:
                result = await lookup()
                wrong = is_wrong(result)
                return result
            except Problem as exc:
                wrong = exc.status == 404
                raise
            finally:
                if not wrong:
                    limiter.refund(key)
    finally:
        slot[1] -= 1
        if slot[1] == 0:  # forget idle clients, so that addresses do not pile up
            slots.pop(key, None)


def add_join_route(app: web.Application, proxy: Callable) -> None:
    """GET /api/voting/join/{code} through the limit, then the voting service's proxy."""

    async def join(request: web.Request) -> web.StreamResponse:
        return await guarded(request, lambda: proxy(request), lambda r: r.status == 404)

    app.router.add_get("/api/voting/join/{code}", join)
