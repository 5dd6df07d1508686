"""Gateway, voting service and tally processor in this process, for the voting tests.

They run against the real Tansu broker and SecantusDB (the `servers` fixture); Kafka and MongoDB
are never mocked.
"""

from __future__ import annotations

import asyncio

import aiohttp
import pytest_asyncio

from devstack import embedded
from devstack.pow import participant_body
from services.gateway.accounts import AccountStore
from services.gateway.app import create_app as create_gateway
from services.voting.app import create_app as create_voting
from services.voting.storage import VotingStore
from services.voting.tally import serve as serve_tally
from shared.kafka import CONTRACT_TOPICS, ensure_topics
from shared.mongo import make_client
from tests.conftest import make_settings
from tests.integration.voting_helpers import Client, bearer, start_app

SINGLE = {
    "question": "Wohin mit dem Geld?",
    "type": "single",
    "options": ["Radwege", "Bäume", "WLAN"],
}


class Stack:
    def __init__(self, api, settings, store, voting_app, password):
        self.api = api
        self.settings = settings
        self.store = store
        self.voting_app = voting_app
        self.password = password

    async def moderator(self) -> dict[str, str]:
        body = {"username": "moderator", "password": self.password}
        return bearer((await self.api.ok("POST", "/api/auth/login", json=body))["access_token"])

    async def join(self, code: str, earlier: dict | None = None) -> dict[str, str]:
        proof = await participant_body(self.api.http, self.api.url, code)
        body = await self.api.ok("POST", "/api/auth/participant", json=proof, headers=earlier or {})
        return bearer(body["access_token"])

    async def workshop(self, *polls: dict) -> tuple[dict, list[dict], dict]:
        mod = await self.moderator()
        session = await self.api.ok(
            "POST", "/api/voting/sessions", 201, json={"title": "Werkstatt"}, headers=mod
        )
        made = []
        for body in polls:
            path = f"/api/voting/sessions/{session['id']}/polls"
            made.append(await self.api.ok("POST", path, 201, json=body, headers=mod))
        return session, made, mod

    async def vote(self, poll_id: str, who: dict, choice, expect: int = 202) -> dict:
        path = f"/api/voting/polls/{poll_id}/votes"
        return await self.api.ok("POST", path, expect, json={"choice": choice}, headers=who)


@pytest_asyncio.fixture(scope="module")
async def stack(servers, tmp_path_factory):
    gw_port, voting_port = embedded.free_port(), embedded.free_port()
    url = f"http://127.0.0.1:{gw_port}"
    settings = make_settings(
        servers,
        port=gw_port,
        voting_port=voting_port,
        voting_url=f"http://127.0.0.1:{voting_port}",
        voting_tally_port=embedded.free_port(),
        public_url=url,
        jwks_url=f"{url}/api/auth/jwks",
        key_dir=str(tmp_path_factory.mktemp("keys")),
        participant_pow_cost=10,
    )
    await ensure_topics(settings, CONTRACT_TOPICS, partitions=1)
    mongo = make_client(settings.mongodb_uri)
    password = await AccountStore(mongo[settings.database("gateway")]).create(
        "moderator", "moderator"
    )
    gateway = await start_app(create_gateway(settings, ("voting",)), gw_port)
    voting_app = create_voting(settings, vote_burst=30, vote_refill_per_s=2)
    voting = await start_app(voting_app, voting_port)
    stop = asyncio.Event()
    tally = asyncio.create_task(serve_tally(settings, stop))
    async with aiohttp.ClientSession() as http:
        yield Stack(
            Client(url, http),
            settings,
            VotingStore(mongo[settings.database("voting")]),
            voting_app,
            password,
        )
    stop.set()
    await asyncio.wait_for(tally, 20)
    await voting.cleanup()
    await gateway.cleanup()
    await mongo.close()
