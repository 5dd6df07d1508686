"""Auth endpoints of the contract: login, anonymous participant tokens, JWKS, client config."""

from __future__ import annotations

import uuid
from typing import Annotated

import aiohttp
from aiohttp import web
from pydantic import BaseModel, ConfigDict, StringConstraints

from services.gateway.accounts import AccountStore
from shared.auth import TokenIssuer, TokenVerifier, principal_of
from shared.problems import Problem
from shared.ratelimit import RateLimiter
from shared.settings import Settings
from shared.web import json_response, parse_body

ISSUER = web.AppKey("issuer", TokenIssuer)
VERIFIER = web.AppKey("verifier", TokenVerifier)
ACCOUNTS = web.AppKey("accounts", AccountStore)
SETTINGS = web.AppKey("settings", Settings)
HTTP = web.AppKey("http", aiohttp.ClientSession)
LOGIN_LIMIT = web.AppKey("login_limiter", RateLimiter)
JOIN_LIMIT = web.AppKey("join_limiter", RateLimiter)

routes = web.RouteTableDef()


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    username: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class ParticipantIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    join_code: (
        Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9]{4,12}$")]
        | None
    ) = None


def _token_answer(token: str, ttl: int, **extra: object) -> web.Response:
    return json_response(
        {"access_token": token, "token_type": "Bearer", "expires_in": ttl, **extra}
    )


@routes.post("/api/auth/login")
async def login(request: web.Request) -> web.Response:
    data = await parse_body(request, LoginIn)
    # Only failed attempts count: a room of moderators sharing an account is not locked out,
    # a password guesser is.
    limiter = request.app[LOGIN_LIMIT]
    limiter.refuse_if_exhausted(data.username.casefold())
    role = await request.app[ACCOUNTS].authenticate(data.username, data.password)
    if role is None:
        limiter.try_acquire(data.username.casefold())
        raise Problem(
            401,
            "User name or password is wrong, or the account is disabled.",
            detail_de="Benutzername oder Passwort ist falsch.",
            code="login-failed",
        )
    settings = request.app[SETTINGS]
    token = request.app[ISSUER].issue(f"u:{data.username}", role, settings.access_token_ttl_s)
    return _token_answer(token, settings.access_token_ttl_s, role=role, username=data.username)


async def _resolve_join_code(request: web.Request, code: str) -> dict:
    settings = request.app[SETTINGS]
    url = f"{settings.voting_url}/api/voting/join/{code.upper()}"
    try:
        async with request.app[HTTP].get(url) as resp:
            if resp.status == 404:
                raise Problem(
                    404,
                    "There is no open workshop with this code.",
                    detail_de="Zu diesem Code gibt es keinen Workshop.",
                    code="unknown-join-code",
                )
            resp.raise_for_status()
            return await resp.json()
    except (aiohttp.ClientError, TimeoutError):
        raise Problem(
            503,
            "Joining workshops is not available right now; please try again shortly.",
            detail_de="Workshops sind gerade nicht erreichbar; bitte gleich noch einmal.",
            code="voting-unavailable",
            headers={"Retry-After": "5"},
        ) from None


@routes.post("/api/auth/participant")
async def participant(request: web.Request) -> web.Response:
    data = await parse_body(request, ParticipantIn) if request.can_read_body else ParticipantIn()
    settings = request.app[SETTINGS]
    issuer = request.app[ISSUER]
    if data.join_code:
        # Keyed on the code, not the address: a workshop's phones share the lab's Wi-Fi.
        request.app[JOIN_LIMIT].check(data.join_code.upper())
        session = await _resolve_join_code(request, data.join_code)
        # A phone that already holds a participant token keeps its pseudonym when it joins.
        earlier = await principal_of(request, request.app[VERIFIER])
        sub = earlier.sub if earlier and earlier.role == "participant" else f"p:{uuid.uuid4().hex}"
        token = issuer.issue(
            sub, "participant", settings.participant_token_ttl_s, session_id=session["session_id"]
        )
        return _token_answer(token, settings.participant_token_ttl_s, session=session)
    token = issuer.issue(f"p:{uuid.uuid4().hex}", "participant", settings.participant_token_ttl_s)
    return _token_answer(token, settings.participant_token_ttl_s)


@routes.get("/api/auth/jwks")
async def jwks(request: web.Request) -> web.Response:
    return json_response(
        {"keys": [request.app[ISSUER].jwk()]}, headers={"Cache-Control": "max-age=300"}
    )


@routes.get("/api/config")
async def config(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS]
    # Behind a TLS-terminating proxy the request itself is plain http; the page is https.
    secure = (
        request.secure
        or request.headers.get("X-Forwarded-Proto") == "https"
        or settings.public_url.startswith("https://")
    )
    ws_scheme = "wss" if secure else "ws"
    return json_response(
        {
            "ws_url": f"{ws_scheme}://{request.host}/ws",
            "public_url": settings.public_url,
            "fields_of_action": settings.fields_of_action,
            "languages": ["de", "en"],
            "limits": {"title": [3, 120], "body": 2000, "comment": 1000},
            "region_bbox": list(settings.region_bbox),
        }
    )
