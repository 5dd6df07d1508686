"""Auth endpoints of the contract: anonymous participant tokens, JWKS, client config.

Login lives in login.py and the proof of work in pow.py; `routes` holds all of them.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from aiohttp import web
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import BaseModel, ConfigDict, StringConstraints

from services.gateway import accounts_api, key_ring, login, me, pow
from services.gateway.joincodes import guarded
from services.gateway.joining import become_member, resolve_join_code
from services.gateway.login import LOGIN_LIMIT
from services.gateway.pages import websocket_url
from services.gateway.pow import POW, ProofOfWork, secret_of
from services.gateway.state import (
    ACCOUNTS,
    HTTP,
    ISSUER,
    JOIN_LIMIT,
    SETTINGS,
    VERIFIER,
    token_answer,
)
from shared.auth import principal_of
from shared.problems import Problem
from shared.settings import Settings
from shared.web import json_response, parse_body

__all__ = ["ACCOUNTS", "HTTP", "ISSUER", "JOIN_LIMIT", "LOGIN_LIMIT", "SETTINGS", "VERIFIER"]

_routes = web.RouteTableDef()


def setup(app: web.Application, settings: Settings, signing_key: Ed25519PrivateKey) -> None:
    """The auth routes' own state: the key ring of the JWKS, the login limiter and the proof of
    work (whose secret comes from the signing key under KEY_DIR, so instances sharing that key
    accept each other's challenges)."""
    key_ring.install(app, settings.key_dir)  # every key in KEY_DIR, published and accepted
    app[LOGIN_LIMIT] = login.make_limiter()
    app[POW] = ProofOfWork(secret_of(signing_key), settings.participant_pow_cost)


class ParticipantIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    # Before `altcha`, so that a malformed code is the first error named.
    join_code: (
        Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9]{4,12}$")]
        | None
    ) = None
    # The solved challenge of GET /api/auth/challenge, base64 JSON as the ALTCHA widget sends it.
    altcha: Annotated[str, StringConstraints(min_length=1, max_length=4096)]


@_routes.post("/api/auth/participant")
async def participant(request: web.Request) -> web.Response:
    """POST /api/auth/participant {altcha, join_code?} → an anonymous participant token."""
    if not request.can_read_body:
        raise Problem(
            400,
            "Solve a proof of work first: GET /api/auth/challenge, then send {altcha} here.",
            detail_de="Die automatische Prüfung (Schutz vor Missbrauch) fehlt.",
            code="pow-missing",
        )
    data = await parse_body(request, ParticipantIn)
    # Spent before the join code is looked up: a wrong code costs a new proof, so this route is
    # no cheaper for guessing codes than any other.
    request.app[POW].redeem(data.altcha)
    settings = request.app[SETTINGS]
    issuer = request.app[ISSUER]
    if data.join_code:
        # Keyed on the code, not the address: a workshop's phones share the lab's Wi-Fi.
        request.app[JOIN_LIMIT].check(data.join_code.upper())
        session = await guarded(request, lambda: resolve_join_code(request, data.join_code))
        # A phone that already holds a participant token keeps its pseudonym when it joins.
        earlier = await principal_of(request, request.app[VERIFIER])
        sub = earlier.sub if earlier and earlier.role == "participant" else f"p:{uuid.uuid4().hex}"
        token = issuer.issue(
            sub, "participant", settings.participant_token_ttl_s, session_id=session["session_id"]
        )
        # Handed out only once the session took the participant in (not locked, not ended).
        await become_member(request, session["session_id"], token)
        return token_answer(token, settings.participant_token_ttl_s, session=session)
    token = issuer.issue(f"p:{uuid.uuid4().hex}", "participant", settings.participant_token_ttl_s)
    return token_answer(token, settings.participant_token_ttl_s)


@_routes.get("/api/auth/jwks")
async def jwks(request: web.Request) -> web.Response:
    """GET /api/auth/jwks: every key still valid (the signing key and the retired ones)."""
    # max-age matches shared/jwks.py's MAX_AGE_S: verifiers refresh their copy after it.
    return json_response(
        request.app[key_ring.KEY_RING].jwks(), headers={"Cache-Control": "max-age=300"}
    )


@_routes.get("/api/config")
async def config(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS]
    return json_response(
        {
            # From configuration, never from the request's Host header (which anyone can forge).
            "ws_url": websocket_url(settings.public_url),
            "public_url": settings.public_url,
            "fields_of_action": settings.fields_of_action,
            "languages": ["de", "en"],
            "limits": {"title": [3, 120], "body": 2000, "comment": 1000},
            "region_bbox": list(settings.region_bbox),
        }
    )


routes = [*login.routes, *pow.routes, *accounts_api.routes, *me.routes, *_routes]
