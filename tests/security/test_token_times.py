"""Token times: a little clock skew between hosts is fine, a lifetime of years is not."""

from __future__ import annotations

import time
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.auth import TokenVerifier
from shared.problems import Problem
from shared.tokens import TokenIssuer


@pytest.fixture
def keys():
    issuer = TokenIssuer(Ed25519PrivateKey.generate(), "k1", "oecherlab-gateway", "oecherlab")
    verifier = TokenVerifier(issuer.issuer, issuer.audience, jwks={"keys": [issuer.jwk()]})
    return issuer, verifier


def forge(issuer: TokenIssuer, *, iat: float, exp: float) -> str:
    claims = {
        "iss": issuer.issuer,
        "aud": issuer.audience,
        "sub": "p:x",
        "role": "participant",
        "iat": int(iat),
        "exp": int(exp),
        "jti": str(uuid.uuid4()),
    }
    return jwt.encode(claims, issuer.key, algorithm="EdDSA", headers={"kid": issuer.kid})


async def test_a_token_issued_two_seconds_in_the_future_is_accepted(keys):
    issuer, verifier = keys
    now = time.time()
    principal = await verifier.verify(forge(issuer, iat=now + 2, exp=now + 3600))
    assert principal.role == "participant"


async def test_a_token_from_far_in_the_future_is_refused(keys):
    issuer, verifier = keys
    now = time.time()
    with pytest.raises(Problem) as refused:
        await verifier.verify(forge(issuer, iat=now + 3600, exp=now + 7200))
    assert refused.value.status == 401


async def test_a_ten_year_token_is_refused_although_signed_with_the_right_key(keys):
    issuer, verifier = keys
    now = time.time()
    with pytest.raises(Problem) as refused:
        await verifier.verify(forge(issuer, iat=now, exp=now + 10 * 365 * 24 * 3600))
    assert refused.value.status == 401
    assert "longer" in refused.value.detail


async def test_a_token_without_iat_is_refused(keys):
    issuer, verifier = keys
    claims = {"iss": issuer.issuer, "aud": issuer.audience, "sub": "p:x", "role": "participant"}
    claims["exp"] = int(time.time()) + 60
    token = jwt.encode(claims, issuer.key, algorithm="EdDSA", headers={"kid": issuer.kid})
    with pytest.raises(Problem):
        await verifier.verify(token)


async def test_tokens_the_gateway_issues_still_verify(keys):
    issuer, verifier = keys
    for ttl in (8 * 3600, 30 * 24 * 3600):
        assert (await verifier.verify(issuer.issue("p:y", "participant", ttl))).sub == "p:y"
