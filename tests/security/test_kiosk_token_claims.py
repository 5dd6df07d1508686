"""Kiosk tokens: bound to one exhibit, allowed a long life; no other role gets that life."""

from __future__ import annotations

import time
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.auth import TokenVerifier
from shared.problems import Problem
from shared.tokens import TokenIssuer

YEAR = 365 * 24 * 3600


@pytest.fixture
def keys():
    issuer = TokenIssuer(Ed25519PrivateKey.generate(), "k1", "oecherlab-gateway", "oecherlab")
    verifier = TokenVerifier(issuer.issuer, issuer.audience, jwks={"keys": [issuer.jwk()]})
    return issuer, verifier


def forge(issuer: TokenIssuer, role: str, life_s: int, **extra: str) -> str:
    now = int(time.time())
    claims = {
        "iss": issuer.issuer,
        "aud": issuer.audience,
        "sub": "k:1",
        "role": role,
        "iat": now,
        "exp": now + life_s,
        "jti": str(uuid.uuid4()),
        **extra,
    }
    return jwt.encode(claims, issuer.key, algorithm="EdDSA", headers={"kid": issuer.kid})


async def test_a_kiosk_token_names_its_exhibit_and_may_live_a_year(keys):
    issuer, verifier = keys
    token = issuer.issue("k:abc", "kiosk", YEAR, exhibit_id="ex1")
    principal = await verifier.verify(token)
    assert (principal.role, principal.sub, principal.exhibit_id) == ("kiosk", "k:abc", "ex1")
    assert not principal.is_staff


async def test_a_kiosk_token_without_an_exhibit_is_refused(keys):
    issuer, verifier = keys
    with pytest.raises(Problem) as refused:
        await verifier.verify(forge(issuer, "kiosk", 3600))
    assert refused.value.status == 401


@pytest.mark.parametrize("role", ["participant", "moderator", "admin"])
async def test_no_other_role_may_live_a_year(keys, role):
    issuer, verifier = keys
    with pytest.raises(Problem) as refused:
        await verifier.verify(forge(issuer, role, YEAR, exh="ex1"))
    assert refused.value.status == 401


async def test_even_a_kiosk_token_may_not_live_for_years(keys):
    issuer, verifier = keys
    with pytest.raises(Problem):
        await verifier.verify(forge(issuer, "kiosk", 3 * YEAR, exh="ex1"))
