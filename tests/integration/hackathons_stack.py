"""The gateway, the voting service and the hackathons service in this process, against the real
broker and database, with helpers as the console, the phones and the jury use the API
(tests/harness.py)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp

from devstack.pow import participant_headers
from services.gateway.accounts import AccountStore
from shared.mongo import make_client
from shared.settings import Settings
from tests.conftest import Servers
from tests.harness import harness_settings, run_services

Headers = dict[str, str]
RUBRIC = [{"name": "Nutzen", "weight": 2}, {"name": "Umsetzung"}]


@dataclass
class HackathonsApi:
    """A client of the public origin, with tokens as each kind of caller gets them."""

    url: str
    settings: Settings
    http: aiohttp.ClientSession
    moderator_password: str
    _staff: Headers = field(default_factory=dict)

    async def call(self, method: str, path: str, **kwargs: Any) -> tuple[int, Any, dict]:
        async with self.http.request(method, f"{self.url}{path}", **kwargs) as r:
            raw = await r.read()
            kind = r.headers.get("Content-Type", "")
            body = json.loads(raw) if raw and "json" in kind else raw.decode("utf-8")
            return r.status, body, dict(r.headers)

    async def ok(self, method: str, path: str, expect: int = 200, **kwargs: Any) -> Any:
        """The body of an answer that must have status `expect`."""
        status, body, _ = await self.call(method, path, **kwargs)
        assert status == expect, (method, path, status, body)
        return body

    async def participant(self) -> Headers:
        """A new participant token, with the proof of work a phone does."""
        return await participant_headers(self.http, self.url)

    async def login(self, username: str, password: str) -> Headers:
        body = await self.ok(
            "POST", "/api/auth/login", json={"username": username, "password": password}
        )
        return {"Authorization": f"Bearer {body['access_token']}"}

    async def staff(self) -> Headers:
        """The moderator's token (signed in once)."""
        if not self._staff:
            self._staff.update(await self.login("moderator", self.moderator_password))
        return self._staff

    async def jury_account(self, username: str) -> Headers:
        """A jury account made as the admin's command makes one, signed in."""
        client = make_client(self.settings.mongodb_uri)
        try:
            store = AccountStore(client[self.settings.database("gateway")])
            password = await store.create(username, "jury")
        finally:
            await client.close()
        return await self.login(username, password)

    async def hackathon(self, *, deadline_in: timedelta = timedelta(hours=2), **spec: Any) -> dict:
        """A hackathon with one challenge (its id in `challenge_id`)."""
        deadline = (datetime.now(UTC) + deadline_in).isoformat()
        body = {
            "title": "Hackday",
            "target_groups": ["Studierende"],
            "rubric": RUBRIC,
            "submission_deadline": deadline,
            **spec,
        }
        hackathon = await self.ok(
            "POST", "/api/hackathons", 201, json=body, headers=await self.staff()
        )
        challenge = await self.ok(
            "POST",
            f"/api/hackathons/{hackathon['id']}/challenges",
            201,
            json={"title": "Parken"},
            headers=await self.staff(),
        )
        return {**hackathon, "challenge_id": challenge["id"]}

    async def phase(self, hackathon_id: str, phase: str) -> dict:
        return await self.ok(
            "POST",
            f"/api/hackathons/{hackathon_id}/phase",
            json={"phase": phase},
            headers=await self.staff(),
        )

    async def team(self, hackathon: dict, name: str, phone: Headers | None = None) -> dict:
        """A team formed by a new phone (its headers in `phone`) with a project page."""
        phone = phone or await self.participant()
        body = {"name": name, "challenge_id": hackathon["challenge_id"]}
        team = await self.ok(
            "POST", f"/api/hackathons/{hackathon['id']}/teams", 201, json=body, headers=phone
        )
        project = {"title": f"Projekt {name}", "summary": "Worum es geht", "open_data": True}
        await self.ok(
            "PUT", f"/api/hackathons/teams/{team['id']}/project", json=project, headers=phone
        )
        return {**team, "phone": phone}


@contextlib.asynccontextmanager
async def running_hackathons(servers: Servers, keys: Path) -> AsyncIterator[HackathonsApi]:
    """Gateway, voting (with its tally) and hackathons on free ports, private topics and
    databases."""
    settings = harness_settings(servers, keys)
    names = ("voting", "hackathons")
    async with run_services(settings, names) as h, aiohttp.ClientSession() as http:
        yield HackathonsApi(h.url, settings, http, h.moderator_password)


async def stored(api: HackathonsApi) -> dict[str, int]:
    """How many documents each of the hackathons service's collections holds."""
    client = make_client(api.settings.mongodb_uri)
    try:
        db = client[api.settings.database("hackathons")]
        names = ("hackathons", "challenges", "teams", "team_members", "score_cards", "outbox")
        return {name: await db[name].count_documents({}) for name in names}
    finally:
        await client.close()
