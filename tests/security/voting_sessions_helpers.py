"""The voting service alone (no gateway) for the session tests: tokens made with a test key, so
the tests neither depend on how the gateway mints participant tokens nor on its proof of work."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp

from devstack.embedded import free_port
from services.voting.app import create_app
from services.voting.storage import VotingStore
from shared.mongo import make_client
from shared.settings import Settings
from shared.tokens import TokenIssuer
from tests.integration.voting_helpers import Client, bearer, issuer, start_app, verifier_for

PROBLEM = "application/problem+json"


@dataclass
class Voting:
    api: Client
    iss: TokenIssuer
    store: VotingStore
    settings: Settings

    @property
    def moderator(self) -> dict[str, str]:
        return bearer(self.iss.issue("u:moderator", "moderator", 600))

    def phone(self, name: str, session_id: str | None) -> dict[str, str]:
        """A participant token, bound to `session_id` as the gateway binds it at joining."""
        return bearer(self.iss.issue(f"p:{name}", "participant", 600, session_id=session_id))

    async def session(self, title: str = "Werkstatt") -> dict:
        body = {"title": title}
        return await self.api.ok(
            "POST", "/api/voting/sessions", 201, json=body, headers=self.moderator
        )

    async def poll(
        self, session_id: str, question: str = "Was zuerst?", open_: bool = True
    ) -> dict:
        body = {"question": question, "type": "single", "options": ["Bus", "Rad"]}
        path = f"/api/voting/sessions/{session_id}/polls"
        poll = await self.api.ok("POST", path, 201, json=body, headers=self.moderator)
        if open_:
            await self.api.ok(
                "POST", f"/api/voting/polls/{poll['id']}/open", headers=self.moderator
            )
        return poll

    async def join(self, session_id: str, who: dict[str, str]) -> tuple[int, dict, dict]:
        return await self.api.call("POST", f"/api/voting/sessions/{session_id}/join", headers=who)

    async def command(self, session_id: str, command: str, expect: int = 200) -> dict:
        path = f"/api/voting/sessions/{session_id}/{command}"
        return await self.api.ok("POST", path, expect, headers=self.moderator)

    async def state(self, session_id: str, staff: bool = True) -> dict:
        headers = self.moderator if staff else {}
        return await self.api.ok("GET", f"/api/voting/sessions/{session_id}", headers=headers)


@contextlib.asynccontextmanager
async def voting_service(settings: Settings) -> AsyncIterator[Voting]:
    """The voting service with `settings` on a free port, in this process."""
    iss = issuer()
    port = free_port()
    runner = await start_app(create_app(settings, verifier_for(iss)), port)
    mongo = make_client(settings.mongodb_uri)
    try:
        async with aiohttp.ClientSession() as http:
            yield Voting(
                Client(f"http://127.0.0.1:{port}", http),
                iss,
                VotingStore(mongo[settings.database("voting")]),
                settings,
            )
    finally:
        await runner.cleanup()
        await mongo.close()


def assert_problem(status: int, body: dict, headers: dict, expect: int, code: str) -> None:
    """A problem+json answer with the status, the code (in `type`) and both languages."""
    assert status == expect, (status, body)
    assert headers["Content-Type"].startswith(PROBLEM), headers
    assert body["type"].endswith(f"/{code}"), body
    assert body["detail"] and body["detail_de"], body
