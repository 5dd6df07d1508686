"""Guessing join codes: a generous limit per client on wrong codes, none on right ones.

The voting service is stood in for by a small HTTP app that knows one code (this tests the
gateway's limit, not voting); broker and database are the session's real servers.
"""

from __future__ import annotations

import asyncio

import aiohttp
import pytest_asyncio
from aiohttp import web

from devstack import embedded
from devstack.pow import participant_body
from services.gateway.app import create_app as create_gateway
from services.gateway.joincodes import WRONG_CODE_BURST
from tests.conftest import make_settings
from tests.integration.voting_helpers import start_app


@pytest_asyncio.fixture
async def gateway(servers, tmp_path):
    asked: list[str] = []

    async def join(request: web.Request) -> web.Response:
        code = request.match_info["code"]
        asked.append(code)
        if code == "RIGHT1":
            return web.json_response({"session_id": "s1", "title": "Werkstatt"})
        return web.json_response({"title": "no such code"}, status=404)

    voting = web.Application()
    voting.router.add_get("/api/voting/join/{code}", join)
    voting_port, gw_port = embedded.free_port(), embedded.free_port()
    voting_runner = await start_app(voting, voting_port)
    url = f"http://127.0.0.1:{gw_port}"
    settings = make_settings(
        servers,
        port=gw_port,
        voting_url=f"http://127.0.0.1:{voting_port}",
        public_url=url,
        jwks_url=f"{url}/api/auth/jwks",
        key_dir=str(tmp_path / "keys"),
        participant_pow_cost=10,
    )
    gw_runner = await start_app(create_gateway(settings, ("voting",)), gw_port)
    try:
        yield url, asked
    finally:
        await gw_runner.cleanup()
        await voting_runner.cleanup()


async def test_concurrent_wrong_codes_from_one_client_are_limited(gateway):
    url, asked = gateway
    connector = aiohttp.TCPConnector(limit=300)
    async with aiohttp.ClientSession(connector=connector) as http:

        async def guess(n: int) -> tuple[int, str | None]:
            async with http.get(f"{url}/api/voting/join/WRONG{n:03d}") as r:
                return r.status, r.headers.get("Retry-After")

        answers = await asyncio.gather(*(guess(n) for n in range(300)))
    statuses = [s for s, _ in answers]
    # A little refill during the burst.
    slack = 5
    assert statuses.count(404) <= WRONG_CODE_BURST + slack
    assert statuses.count(429) >= 300 - WRONG_CODE_BURST - slack
    assert all(ra for s, ra in answers if s == 429)
    assert len(asked) == statuses.count(404)  # refused guesses never reach the service


async def test_a_hall_behind_one_address_resolving_the_right_code_is_not_limited(gateway):
    url, _ = gateway
    connector = aiohttp.TCPConnector(limit=200)
    async with aiohttp.ClientSession(connector=connector) as http:

        async def resolve(_: int) -> int:
            async with http.get(f"{url}/api/voting/join/RIGHT1") as r:
                return r.status

        statuses = await asyncio.gather(*(resolve(n) for n in range(2_000)))
    assert statuses.count(200) == 2_000


async def test_wrong_codes_through_the_token_route_count_too(gateway):
    url, asked = gateway
    statuses = []
    async with aiohttp.ClientSession() as http:
        # Solved first, sent after: the limit refills 100 a minute, so guesses spread over the
        # time a hundred proofs of work take would earn back the allowance this test spends.
        bodies = [
            await participant_body(http, url, join_code=f"WRONG{n:03d}")
            for n in range(WRONG_CODE_BURST + 3)
        ]
        for body in bodies:
            async with http.post(f"{url}/api/auth/participant", json=body) as r:
                statuses.append(r.status)
    assert statuses[:WRONG_CODE_BURST] == [404] * WRONG_CODE_BURST
    assert statuses[-1] == 429
