"""What the gateway's auth handlers share: the app keys of its state and the token answer."""

from __future__ import annotations

import aiohttp
from aiohttp import web

from services.gateway.accounts import AccountStore
from shared.auth import TokenVerifier
from shared.ratelimit import RateLimiter
from shared.settings import Settings
from shared.tokens import TokenIssuer
from shared.web import json_response

ISSUER = web.AppKey("issuer", TokenIssuer)
VERIFIER = web.AppKey("verifier", TokenVerifier)
ACCOUNTS = web.AppKey("accounts", AccountStore)
SETTINGS = web.AppKey("settings", Settings)
HTTP = web.AppKey("http", aiohttp.ClientSession)
JOIN_LIMIT = web.AppKey("join_limiter", RateLimiter)


def token_answer(token: str, ttl: int, **extra: object) -> web.Response:
    """The JSON answer that hands out an access token."""
    return json_response(
        {"access_token": token, "token_type": "Bearer", "expires_in": ttl, **extra}
    )
