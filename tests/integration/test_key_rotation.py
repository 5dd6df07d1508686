"""Rotating the gateway's signing key with a real gateway: a key added to KEY_DIR is published at
once, signs after the restart, and tokens of the old key keep working everywhere."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import aiohttp
import jwt
import pytest
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from devstack.pow import mint_participant
from services.gateway.app import create_app as create_gateway
from services.gateway.key_ring import KEY_RING
from services.gateway.keys import kid_of, new_key_file, read_key
from services.gateway.state import VERIFIER
from shared.auth import TokenVerifier
from shared.kafka import CONTRACT_TOPICS, ensure_topics
from shared.problems import Problem
from shared.settings import Settings
from shared.tokens import TokenIssuer
from tests.harness import harness_settings


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


async def start(settings: Settings) -> tuple[web.Application, web.AppRunner]:
    app = create_gateway(settings, ())
    # Re-read KEY_DIR on every request rather than every 5 s: the test need not wait.
    app[KEY_RING].reread_interval_s = 0
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", settings.port).start()
    return app, runner


async def published(http: aiohttp.ClientSession, settings: Settings) -> list[str]:
    async with http.get(settings.jwks_url) as r:
        assert r.status == 200
        return [k["kid"] for k in (await r.json())["keys"]]


async def token(http: aiohttp.ClientSession, settings: Settings) -> str:
    return (await mint_participant(http, settings.public_url))["access_token"]


async def test_rotation_keeps_old_tokens_valid_and_new_kids_are_learnt(servers, tmp_path):
    key_dir = tmp_path / "keys"
    settings = harness_settings(servers, key_dir)
    await ensure_topics(settings, CONTRACT_TOPICS, partitions=1)
    clock = Clock()
    # A service's verifier, as shared/runtime_entry.py makes it, with a clock the test moves.
    service = TokenVerifier(
        settings.jwt_issuer, settings.jwt_audience, jwks_url=settings.jwks_url, clock=clock
    )
    app, runner = await start(settings)
    try:
        async with aiohttp.ClientSession() as http:
            old_token = await token(http, settings)
            (old_kid,) = await published(http, settings)
            assert jwt.get_unverified_header(old_token)["kid"] == old_kid
            assert (await service.verify(old_token)).role == "participant"

            # The rotation: a new key file (later than the first one, which is of this second).
            path = new_key_file(key_dir, datetime.now(UTC) + timedelta(minutes=1))
            new_kid = kid_of(read_key(path))
            # Published before any gateway signs with it; this one still signs with the old key.
            assert await published(http, settings) == [new_kid, old_kid]
            assert jwt.get_unverified_header(await token(http, settings))["kid"] == old_kid
            # A replica restarted earlier already signs with the new key: this one accepts that.
            other_replica = TokenIssuer(
                read_key(path), new_kid, settings.jwt_issuer, settings.jwt_audience
            )
            early = other_replica.issue("p:early", "participant", 60)
            assert (await app[VERIFIER].verify(early)).sub == "p:early"

            await runner.cleanup()  # the restart
            app, runner = await start(settings)
            new_token = await token(http, settings)
            assert jwt.get_unverified_header(new_token)["kid"] == new_kid
            assert await published(http, settings) == [new_kid, old_kid]

            # The service learns the new kid by fetching the JWKS again, without a restart...
            clock.now += 31
            assert (await service.verify(new_token)).role == "participant"
            # ...and the token of the old key still verifies, there and at the gateway.
            assert (await service.verify(old_token)).role == "participant"
            assert (await app[VERIFIER].verify(old_token)).role == "participant"
            # Forged: a stranger's key under each published kid, and a kid nobody published.
            for kid in (old_kid, new_kid, "0123456789abcdef"):
                forger = TokenIssuer(
                    Ed25519PrivateKey.generate(), kid, settings.jwt_issuer, settings.jwt_audience
                )
                forged = forger.issue("p:1", "admin", 60)
                for verifier in (service, app[VERIFIER]):
                    with pytest.raises(Problem) as err:
                        await verifier.verify(forged)
                    assert err.value.status == 401
    finally:
        await runner.cleanup()
