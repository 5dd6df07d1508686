"""Staff login, with failed logins limited per user name and client before the password is checked.

Each check of a password costs an argon2 verification (64 MiB, tens of milliseconds), so the
allowance is taken before it: thirty guesses sent at once cannot all be checked, only as many as
the allowance holds. A successful login gives its allowance back, so a room of moderators sharing
one account does not lock itself out; and the key holds the client, so a guesser elsewhere cannot
lock the shared account out either.
"""

from __future__ import annotations

from typing import Annotated

from aiohttp import web
from pydantic import BaseModel, ConfigDict, StringConstraints

from services.gateway.accounts import AccountsBusy
from services.gateway.state import ACCOUNTS, ISSUER, SETTINGS, token_answer
from shared.problems import Problem
from shared.ratelimit import RateLimiter
from shared.web import parse_body

LOGIN_BURST = 10
LOGIN_REFILL_PER_S = 1 / 30
# A key is a user name and an address (up to about 200 bytes with its bucket): 20,000 of them are
# a few MB, whatever names a script makes up; the least recently used go first.
LOGIN_MAX_KEYS = 20_000


def make_limiter() -> RateLimiter:
    """The login limiter with the contract's defaults: 10 failed logins, one more every 30 s."""
    return RateLimiter(LOGIN_BURST, LOGIN_REFILL_PER_S, max_keys=LOGIN_MAX_KEYS)


LOGIN_LIMIT = web.AppKey("login_limiter", RateLimiter)
routes = web.RouteTableDef()


def client_address(request: web.Request) -> str:
    """The address of the peer that sent the request.

    Not X-Forwarded-For: any client can send that header, so honouring it would let a guesser
    claim a new address for every attempt (no limit at all) or claim a moderator's address (and
    lock the account out for them). Behind a proxy the peer is the proxy, so the limit becomes
    one per user name there, until a setting names a proxy whose header can be trusted.
    """
    return request.remote or "unknown"


def login_key(username: str, client: str) -> str:
    """The limiter key of one user name tried from one client."""
    return f"{username.casefold()}\n{client}"


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    username: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)]


@routes.post("/api/auth/login")
async def login(request: web.Request) -> web.Response:
    """POST /api/auth/login {username, password} → a staff access token."""
    data = await parse_body(request, LoginIn)
    limiter = request.app[LOGIN_LIMIT]
    key = login_key(data.username, client_address(request))
    limiter.check(key)  # counted now, before the check; 429 with Retry-After when used up
    try:
        role = await request.app[ACCOUNTS].authenticate(data.username, data.password)
    except AccountsBusy as busy:
        limiter.refund(key)  # nothing was checked
        raise Problem(
            503,
            "Too many logins are being checked right now; please try again in a moment.",
            detail_de="Gerade werden viele Anmeldungen geprüft; bitte gleich noch einmal.",
            code="login-busy",
            headers={"Retry-After": str(busy.retry_after_s)},
        ) from None
    except BaseException:
        limiter.refund(key)  # not judged (the database failed, the request was cancelled)
        raise
    if role is None:
        raise Problem(
            401,
            "User name or password is wrong, or the account is disabled.",
            detail_de="Benutzername oder Passwort ist falsch.",
            code="login-failed",
        )
    limiter.refund(key)
    settings = request.app[SETTINGS]
    token = request.app[ISSUER].issue(f"u:{data.username}", role, settings.access_token_ttl_s)
    return token_answer(token, settings.access_token_ttl_s, role=role, username=data.username)
