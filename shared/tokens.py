"""Signing tokens: the gateway's side of the JWTs that shared/auth.py verifies."""

from __future__ import annotations

import time
import uuid

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


class TokenIssuer:
    """Signs tokens with one Ed25519 key identified by its kid."""

    def __init__(self, key: Ed25519PrivateKey, kid: str, issuer: str, audience: str) -> None:
        self.key = key
        self.kid = kid
        self.issuer = issuer
        self.audience = audience

    def issue(
        self,
        sub: str,
        role: str,
        ttl_s: int,
        *,
        session_id: str | None = None,
        exhibit_id: str | None = None,
    ) -> str:
        """A signed access token (`session_id`: a participant's workshop; `exhibit_id`: a
        kiosk's exhibit)."""
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": sub,
            "role": role,
            "iat": now,
            "exp": now + ttl_s,
            "jti": str(uuid.uuid4()),
        }
        if session_id:
            claims["sid"] = session_id
        if exhibit_id:
            claims["exh"] = exhibit_id
        return jwt.encode(claims, self.key, algorithm="EdDSA", headers={"kid": self.kid})

    def jwk(self) -> dict:
        """The public key as a JWK for the JWKS endpoint."""
        return public_jwk(self.key, self.kid)


def public_jwk(key: Ed25519PrivateKey, kid: str) -> dict:
    """The public half of `key` as a JWK with its kid, as the JWKS publishes it."""
    public = jwt.algorithms.OKPAlgorithm.to_jwk(key.public_key(), as_dict=True)
    return {**public, "kid": kid, "alg": "EdDSA", "use": "sig"}
