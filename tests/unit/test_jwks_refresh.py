"""A verifier keeps the whole JWKS and learns a new kid by fetching it again (at most once per
30 s), without a restart; what stays unknown is refused with 401 as before."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestServer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.auth import TokenVerifier
from shared.problems import Problem
from shared.tokens import TokenIssuer
from tests.unit.test_key_rotation import AUD, ISS, Clock


@dataclass
class Gateway:
    """A stand-in for GET /api/auth/jwks: the published keys, and how often it was asked."""

    url: str
    published: list[TokenIssuer] = field(default_factory=list)
    fetches: int = 0
    status: int = 200


def issuer(kid: str) -> TokenIssuer:
    return TokenIssuer(Ed25519PrivateKey.generate(), kid, ISS, AUD)


@pytest_asyncio.fixture
async def gateway() -> AsyncIterator[Gateway]:
    state = Gateway(url="")

    async def jwks(request: web.Request) -> web.Response:
        state.fetches += 1
        if state.status != 200:
            return web.Response(status=state.status)
        return web.json_response({"keys": [i.jwk() for i in state.published]})

    app = web.Application()
    app.router.add_get("/api/auth/jwks", jwks)
    async with TestServer(app) as server:
        state.url = str(server.make_url("/api/auth/jwks"))
        yield state


async def refused(verifier: TokenVerifier, token: str) -> str:
    with pytest.raises(Problem) as err:
        await verifier.verify(token)
    assert err.value.status == 401
    return err.value.detail


async def test_a_new_kid_is_fetched_once_and_then_accepted(gateway):
    old, new = issuer("old"), issuer("new")
    gateway.published = [old]
    clock = Clock()
    verifier = TokenVerifier(ISS, AUD, jwks_url=gateway.url, clock=clock)
    assert (await verifier.verify(old.issue("p:1", "participant", 60))).sub == "p:1"
    gateway.published = [new, old]  # the gateway's key ring got a new key
    clock.now += 31
    tokens = [new.issue(f"p:{i}", "participant", 60) for i in range(10)]
    who = await asyncio.gather(*(verifier.verify(t) for t in tokens))
    assert [w.sub for w in who] == [f"p:{i}" for i in range(10)]
    assert gateway.fetches == 2  # ten requests with the new kid, one fetch
    assert verifier.keys.kids == {"old", "new"}  # the whole set is kept
    assert (await verifier.verify(old.issue("p:1", "participant", 60))).sub == "p:1"


async def test_unknown_kids_fetch_at_most_every_30_s_and_are_refused(gateway):
    known = issuer("known")
    gateway.published = [known]
    clock = Clock()
    verifier = TokenVerifier(ISS, AUD, jwks_url=gateway.url, clock=clock)
    await verifier.verify(known.issue("p:1", "participant", 60))
    for _ in range(20):  # forged tokens with made-up kids
        assert "unknown key" in await refused(verifier, issuer("made-up").issue("p:1", "admin", 60))
    assert gateway.fetches == 1  # all within 30 s of the first fetch
    clock.now += 30
    await refused(verifier, issuer("made-up").issue("p:1", "admin", 60))
    assert gateway.fetches == 2
    # A stranger's key under the published kid: fetching again does not help it.
    await refused(verifier, issuer("known").issue("p:1", "admin", 60))


async def test_a_kid_published_late_is_accepted_once_the_interval_has_passed(gateway):
    first, late = issuer("first"), issuer("late")
    gateway.published = [first]
    clock = Clock()
    verifier = TokenVerifier(ISS, AUD, jwks_url=gateway.url, clock=clock)
    await verifier.verify(first.issue("p:1", "participant", 60))
    gateway.published = [late, first]
    clock.now += 5
    await refused(verifier, late.issue("p:2", "participant", 60))  # rate-limited
    clock.now += 25
    assert (await verifier.verify(late.issue("p:2", "participant", 60))).sub == "p:2"


async def test_after_its_max_age_the_set_is_refreshed_and_a_removed_key_goes(gateway):
    retired, signing = issuer("retired"), issuer("signing")
    gateway.published = [signing, retired]
    clock = Clock()
    verifier = TokenVerifier(ISS, AUD, jwks_url=gateway.url, clock=clock)
    old_token = retired.issue("p:1", "participant", 3600)
    await verifier.verify(old_token)
    gateway.published = [signing]  # the operator deleted the retired key's file
    clock.now += 301
    # Known kids are answered at once; the refresh runs beside the request.
    assert (await verifier.verify(old_token)).sub == "p:1"
    await asyncio.sleep(0.2)
    assert gateway.fetches == 2 and verifier.keys.kids == {"signing"}
    await refused(verifier, old_token)


@pytest.mark.parametrize("failure", ["empty", "error"])
async def test_a_failed_or_empty_jwks_keeps_the_keys(gateway, failure):
    known = issuer("known")
    gateway.published = [known]
    clock = Clock()
    verifier = TokenVerifier(ISS, AUD, jwks_url=gateway.url, clock=clock)
    await verifier.verify(known.issue("p:1", "participant", 60))
    if failure == "empty":
        gateway.published = []
    else:
        gateway.status = 503
    clock.now += 31
    await refused(verifier, issuer("other").issue("p:1", "participant", 60))
    assert gateway.fetches == 2
    assert (await verifier.verify(known.issue("p:1", "participant", 60))).sub == "p:1"
