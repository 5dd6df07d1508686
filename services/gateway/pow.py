"""Proof of work for anonymous participant tokens: ALTCHA v2 challenges signed by the gateway.

A phone fetches GET /api/auth/challenge, finds the counter (the vendored ALTCHA library in the
browser, the altcha package in scripts) and sends the solution with POST /api/auth/participant.
The work, not a limit per address, keeps a script from minting thousands of "phones": a hall of
phones reaches us from one address.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from typing import Any

import altcha
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from shared.problems import Problem
from shared.web import json_response

ALGORITHM = "PBKDF2/SHA-256"  # WebCrypto in every browser, hashlib in Python
TTL_S = 300
# Deterministic mode (ALTCHA's recommendation): the gateway picks the counter a client has to
# reach, so every phone does about the same work, 128 to 383 attempts of `cost` PBKDF2 iterations
# (256 on average) instead of the long tail of a random prefix; and a solution is checked with one
# HMAC of the derived key (keySignature) instead of deriving it again.
COUNTER_MIN, COUNTER_SPAN = 128, 256


def secret_of(signing_key: Ed25519PrivateKey) -> bytes:
    """The proof of work's secret, derived from the gateway's signing key in KEY_DIR (an HMAC
    with a label of its own: it tells nothing about the key).

    Every instance that signs tokens with the same key (a shared KEY_DIR, the Kubernetes Secret
    mounted read-only) accepts the others' challenges, a restart keeps the challenges phones are
    solving, and there is no second secret to hand out or to write.
    """
    raw = signing_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return hmac.new(raw, b"oecherlab proof of work", hashlib.sha256).digest()


def _refused(status: int, code: str, detail: str, detail_de: str) -> Problem:
    return Problem(status, detail, detail_de=detail_de, code=code)


def _invalid() -> Problem:
    return _refused(
        400,
        "pow-invalid",
        "The proof of work is missing or wrong; please reload the page and try again.",
        "Die automatische Prüfung (Schutz vor Missbrauch) ist fehlgeschlagen; bitte die Seite "
        "neu laden und noch einmal versuchen.",
    )


class UsedChallenges:
    """Challenges already redeemed, each remembered until it expires (later it is refused as
    expired anyway), and never more than `max_size` of them."""

    def __init__(self, max_size: int, clock: Callable[[], float]) -> None:
        self.max_size = max_size
        self.clock = clock
        # Insertion order is nearly expiry order (one TTL for all): the expired ones are in front.
        self._until: dict[str, float] = {}

    def __len__(self) -> int:
        return len(self._until)

    def add(self, key: str, expires_at: float) -> bool:
        """Remember `key` until `expires_at`; False when it was remembered already."""
        if key in self._until:
            return False
        now = self.clock()
        while self._until:
            first = next(iter(self._until))
            if self._until[first] > now:
                break
            del self._until[first]
        if len(self._until) >= self.max_size:
            # Only when more than max_size tokens were minted within one TTL (100,000 in five
            # minutes, 50 times a hall joining): the oldest goes, a replay of it is the risk.
            del self._until[next(iter(self._until))]
        self._until[key] = expires_at
        return True


class ProofOfWork:
    """Makes challenges and redeems their solutions, each once."""

    def __init__(
        self,
        secret: bytes,
        cost: int,
        *,
        ttl_s: float = TTL_S,
        max_remembered: int = 100_000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.cost = cost
        self.ttl_s = ttl_s
        self.clock = clock
        self._challenge_secret = hmac.new(secret, b"altcha challenge", hashlib.sha256).hexdigest()
        self._key_secret = hmac.new(secret, b"altcha derived key", hashlib.sha256).hexdigest()
        self.used = UsedChallenges(max_remembered, clock)

    def challenge(self, ttl_s: float | None = None) -> dict[str, Any]:
        """A new signed challenge (ALTCHA v2 JSON) that expires after `ttl_s` seconds."""
        expires_at = int(self.clock() + (self.ttl_s if ttl_s is None else ttl_s))
        # One derivation of `cost` iterations (about 1 ms at the default cost), in the loop: less
        # than a thread hop would save.
        made = altcha.create_challenge(
            ALGORITHM,
            self.cost,
            counter=COUNTER_MIN + secrets.randbelow(COUNTER_SPAN),
            expires_at=expires_at,
            hmac_secret=self._challenge_secret,
            hmac_key_secret=self._key_secret,
        )
        return made.to_dict()

    def redeem(self, payload: str) -> None:
        """Accept a solved challenge (base64 JSON, as the ALTCHA widget sends it) once; raise the
        problem to answer when it is malformed, wrong, expired or used already."""
        try:
            parsed = altcha.Payload.from_base64(payload)
            result = altcha.verify_solution(
                parsed, self._challenge_secret, hmac_key_secret=self._key_secret
            )
        except Exception:  # whatever a made-up payload trips the parser over, it is no solution
            raise _invalid() from None
        if result.expired:
            raise _refused(
                400,
                "pow-expired",
                "The proof of work has expired; please try again.",
                "Die automatische Prüfung ist abgelaufen; bitte noch einmal versuchen.",
            )
        if not result.verified:
            raise _invalid()
        # Checked and remembered without an await in between: two requests with one solution
        # cannot both pass.
        expires_at = parsed.challenge.parameters.expires_at or self.clock() + self.ttl_s
        if not self.used.add(str(parsed.challenge.signature), float(expires_at)):
            raise _refused(
                409,
                "pow-reused",
                "This proof of work has been used already; every token needs a new one.",
                "Diese Prüfung wurde schon verwendet; bitte noch einmal versuchen.",
            )


POW = web.AppKey("proof_of_work", ProofOfWork)
routes = web.RouteTableDef()


@routes.get("/api/auth/challenge")
async def challenge(request: web.Request) -> web.Response:
    """A proof-of-work challenge for POST /api/auth/participant, good once and for five minutes."""
    return json_response(request.app[POW].challenge(), headers={"Cache-Control": "no-store"})
