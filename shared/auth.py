"""JWT verification (every service): EdDSA only, iss/aud/exp/iat, kid; signing: shared/tokens.py."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import jwt
from aiohttp import web

from shared.jwks import REFETCH_INTERVAL_S, KeySet
from shared.problems import Problem

ALGORITHMS = ["EdDSA"]
# Hosts' clocks differ by a few seconds: a token made "2 s in the future" is still good.
CLOCK_SKEW_S = 10
# The longest token anyone issues (participants: 30 days); a longer one is forged or a mistake.
MAX_LIFETIME_S = 31 * 24 * 3600
# A kiosk tablet is set up once for an exhibition's run; it is revoked in the exhibitions
# service (every request checks its kiosk id), so its token may live longer.
KIOSK_MAX_LIFETIME_S = 400 * 24 * 3600
ROLES = ("participant", "kiosk", "moderator", "admin", "jury", "display")
STAFF = ("moderator", "admin")


@dataclass(frozen=True)
class Principal:
    """Who is calling: a pseudonymous id, a role, (for participants) a bound session and (for
    kiosks) the one exhibit the tablet stands at."""

    sub: str
    role: str
    session_id: str | None = None
    exhibit_id: str | None = None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF


class TokenVerifier:
    """Verifies tokens against every key of a JWKS (fetched lazily, again on an unknown kid and
    in the background once older than its max-age: shared/jwks.py)."""

    def __init__(
        self,
        issuer: str,
        audience: str,
        *,
        jwks_url: str | None = None,
        jwks: dict | None = None,
        refetch_interval_s: float = REFETCH_INTERVAL_S,
        max_lifetime_s: int = MAX_LIFETIME_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.issuer = issuer
        self.max_lifetime_s = max_lifetime_s
        self.audience = audience
        self.keys = KeySet(jwks_url=jwks_url, refetch_interval_s=refetch_interval_s, clock=clock)
        if jwks:
            self.load(jwks)

    def load(self, jwks: dict) -> None:
        """Replace the known keys with those of a JWKS document."""
        self.keys.load(jwks)

    async def verify(self, token: str) -> Principal:
        """The principal of a valid token; raises Problem(401) for anything else."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise _unauthorized("The token is malformed.") from None
        kid = header.get("kid")
        if header.get("alg") not in ALGORITHMS or not isinstance(kid, str):
            raise _unauthorized("The token is not signed with an accepted algorithm.")
        key = await self.keys.key_for(kid)
        if key is None:
            raise _unauthorized("The token was signed with an unknown key.")
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=ALGORITHMS,
                audience=self.audience,
                issuer=self.issuer,
                # Skew matters for iat only (checked below): an expiry a few seconds early
                # hurts nobody, a token refused as "issued in the future" does.
                options={"require": ["exp", "iat", "iss", "aud", "sub"], "verify_iat": False},
            )
        except jwt.ExpiredSignatureError:
            raise _unauthorized("The token has expired; please sign in again.") from None
        except jwt.PyJWTError as exc:
            raise _unauthorized(f"The token is not valid: {exc}.") from None
        iat, exp = claims["iat"], claims["exp"]
        if not isinstance(iat, int | float) or iat > time.time() + CLOCK_SKEW_S:
            raise _unauthorized("The token is issued in the future.")
        role = claims.get("role")
        if role not in ROLES:
            raise _unauthorized("The token carries no known role.")
        longest = KIOSK_MAX_LIFETIME_S if role == "kiosk" else self.max_lifetime_s
        if exp - iat > longest:
            raise _unauthorized("The token lives longer than this system allows.")
        exhibit = claims.get("exh")
        if role == "kiosk" and not isinstance(exhibit, str):
            raise _unauthorized("A kiosk token must name its exhibit.")
        return Principal(
            sub=str(claims["sub"]), role=role, session_id=claims.get("sid"), exhibit_id=exhibit
        )


def _unauthorized(detail: str) -> Problem:
    return Problem(
        401,
        detail,
        detail_de="Anmeldung fehlt oder ist ungültig.",
        code="unauthorized",
        headers={"WWW-Authenticate": "Bearer"},
    )


def bearer_token(request: web.Request) -> str | None:
    """The token of an `Authorization: Bearer …` header, if any."""
    value = request.headers.get("Authorization", "")
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


async def principal_of(request: web.Request, verifier: TokenVerifier) -> Principal | None:
    """The caller, or None when no token was sent; an invalid token is an error, not anonymity."""
    token = bearer_token(request)
    if token is None:
        if "Authorization" in request.headers:
            raise _unauthorized("The Authorization header must be 'Bearer <token>'.")
        return None
    return await verifier.verify(token)


async def require(request: web.Request, verifier: TokenVerifier, *roles: str) -> Principal:
    """The caller, who must hold one of `roles` (admin may do what a moderator may)."""
    principal = await principal_of(request, verifier)
    if principal is None:
        raise _unauthorized("This action needs a token.")
    allowed = set(roles)
    if "moderator" in allowed:
        allowed.add("admin")
    if principal.role not in allowed:
        raise Problem(
            403,
            f"This action needs the role {' or '.join(sorted(allowed))}.",
            detail_de="Dafür fehlt die Berechtigung.",
            code="forbidden",
        )
    return principal
