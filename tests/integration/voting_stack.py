"""Gateway, voting service and tally processor in this process, for the voting tests.

They run against the real Tansu broker and SecantusDB (the `servers` fixture); Kafka and MongoDB
are never mocked.
"""

from __future__ import annotations

import aiohttp
import pytest_asyncio

from devstack.pow import participant_body
from services.voting.storage import VotingStore
from shared.mongo import make_client
from tests.harness import harness_settings, run_services
from tests.integration.voting_helpers import Client, bearer

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
    """Gateway, voting service and its tally worker (the harness starts the registry's workers)."""
    settings = harness_settings(servers, tmp_path_factory.mktemp("keys"))
    limits = {"vote_burst": 30, "vote_refill_per_s": 2}
    mongo = make_client(settings.mongodb_uri)
    async with (
        run_services(settings, ("voting",), voting=limits) as h,
        aiohttp.ClientSession() as http,
    ):
        yield Stack(
            Client(h.url, http),
            settings,
            VotingStore(mongo[settings.database("voting")]),
            h.apps["voting"],
            h.moderator_password,
        )
    await mongo.close()
