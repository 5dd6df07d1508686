"""Anonymous, not defenceless: a participant token costs a proof of work (ALTCHA), once per token.

The gateway runs in this process against the real broker and database (the `servers` fixture),
with PARTICIPANT_POW_COST=10, as the test stacks do.
"""

from __future__ import annotations

import asyncio
import base64
import json
import statistics
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import altcha
import pytest
import pytest_asyncio
from aiohttp import web

from devstack import embedded
from devstack.pow import participant_body, solve
from services.gateway.app import create_app as create_gateway
from services.gateway.pow import POW
from shared.kafka import CONTRACT_TOPICS, ensure_topics
from tests.conftest import make_settings

PROBLEM = "application/problem+json"


@dataclass
class Gateway:
    url: str
    app: web.Application
    http: aiohttp.ClientSession

    async def post(self, body: object = None, **kwargs) -> tuple[int, dict, dict]:
        url = f"{self.url}/api/auth/participant"
        async with self.http.post(url, json=body, **kwargs) as r:
            return r.status, await r.json(content_type=None), dict(r.headers)


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def gateway(servers, tmp_path_factory) -> AsyncIterator[Gateway]:
    port = embedded.free_port()
    url = f"http://127.0.0.1:{port}"
    settings = make_settings(
        servers,
        port=port,
        public_url=url,
        jwks_url=f"{url}/api/auth/jwks",
        key_dir=str(tmp_path_factory.mktemp("keys")),
        participant_pow_cost=10,
    )
    await ensure_topics(settings, CONTRACT_TOPICS, partitions=1)
    app = create_gateway(settings)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    async with aiohttp.ClientSession() as http:
        yield Gateway(url, app, http)
    await runner.cleanup()


def assert_problem(status: int, body: dict, headers: dict, expect: int, code: str | None) -> None:
    assert status == expect, (status, body)
    assert headers["Content-Type"].startswith(PROBLEM)
    assert body["detail"] and body["detail_de"], body
    if code:
        assert body["type"].endswith(f"/{code}"), body


async def test_the_challenge_is_altcha_with_the_configured_cost_and_expires_in_minutes(gateway):
    async with gateway.http.get(f"{gateway.url}/api/auth/challenge") as r:
        assert r.status == 200 and r.headers["Cache-Control"] == "no-store"
        challenge = await r.json()
    params = challenge["parameters"]
    assert params["algorithm"] == "PBKDF2/SHA-256" and params["cost"] == 10
    assert 0 < params["expiresAt"] - time.time() <= 300
    assert len(challenge["signature"]) == 64
    # The altcha package solves it (the browser's library is checked in tests/browser): cost 10
    # takes it well under 50 ms.
    timings = []
    for _ in range(20):
        async with gateway.http.get(f"{gateway.url}/api/auth/challenge") as r:
            challenge = await r.json()
        started = time.perf_counter()
        solve(challenge)
        timings.append(time.perf_counter() - started)
    assert statistics.median(timings) < 0.05, timings


def _tampered(payload: str, change) -> str:
    data = json.loads(base64.b64decode(payload))
    change(data)
    return base64.b64encode(json.dumps(data).encode()).decode()


def _foreign_challenge() -> str:
    """A challenge the client made and signed itself, solved honestly."""
    made = altcha.create_challenge("PBKDF2/SHA-256", 1, hmac_secret="the attacker's own key")
    return altcha.Payload(made, altcha.solve_challenge(made)).to_base64()


def _set(path: tuple[str, ...], value: object):
    def change(data: dict) -> None:
        for key in path[:-1]:
            data = data[key]
        data[path[-1]] = value

    return change


FORGERIES = {
    "not base64 JSON": lambda good: "bm90IGpzb24=",
    "another derived key": lambda good: _tampered(
        good, _set(("solution", "derivedKey"), "00" * 32)
    ),
    "a lower cost": lambda good: _tampered(good, _set(("challenge", "parameters", "cost"), 1)),
    "a later expiry": lambda good: _tampered(
        good, _set(("challenge", "parameters", "expiresAt"), 4_000_000_000)
    ),
    "no signature": lambda good: _tampered(good, lambda d: d["challenge"].pop("signature")),
    "a challenge not made by us": lambda good: _foreign_challenge(),
}


@pytest.mark.parametrize("forgery", FORGERIES)
async def test_a_wrong_solution_gets_no_token(gateway, forgery):
    good = (await participant_body(gateway.http, gateway.url))["altcha"]
    assert_problem(*await gateway.post({"altcha": FORGERIES[forgery](good)}), 400, "pow-invalid")


async def test_a_missing_solution_gets_no_token(gateway):
    async with gateway.http.post(f"{gateway.url}/api/auth/participant") as r:
        assert_problem(r.status, await r.json(), dict(r.headers), 400, "pow-missing")
    status, body, headers = await gateway.post({})
    assert_problem(status, body, headers, 422, "validation")
    assert [e["field"] for e in body["errors"]] == ["altcha"]
    status, body, headers = await gateway.post({"join_code": "ABCD12"})
    assert_problem(status, body, headers, 422, "validation")


async def test_an_expired_solution_gets_no_token(gateway):
    # A challenge of this gateway, solved, but past its expiry (as one kept for five minutes).
    challenge = gateway.app[POW].challenge(ttl_s=-1)
    status, body, headers = await gateway.post({"altcha": solve(challenge)})
    assert_problem(status, body, headers, 400, "pow-expired")


async def test_a_solution_counts_once_even_when_sent_concurrently(gateway):
    body = await participant_body(gateway.http, gateway.url)
    answers = await asyncio.gather(*(gateway.post(body) for _ in range(10)))
    assert Counter(status for status, _, _ in answers) == {200: 1, 409: 9}
    for answer in answers:
        if answer[0] == 409:
            assert_problem(*answer, 409, "pow-reused")
    # Later, too.
    assert_problem(*await gateway.post(body), 409, "pow-reused")


async def test_a_hall_of_2000_phones_behind_one_address_gets_tokens_within_a_minute(gateway):
    turns = asyncio.Semaphore(50)

    async def phone() -> tuple[int, str]:
        async with turns:
            status, body, _ = await gateway.post(await participant_body(gateway.http, gateway.url))
            return status, body.get("access_token", "")

    started = time.monotonic()
    answers = await asyncio.gather(*(phone() for _ in range(2000)))
    elapsed = time.monotonic() - started
    assert Counter(status for status, _ in answers) == {200: 2000}
    assert len({token for _, token in answers}) == 2000
    assert elapsed < 60, elapsed
    print(f"2,000 tokens with proof of work from one address in {elapsed:.1f} s")
