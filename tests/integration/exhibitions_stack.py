"""The gateway and the exhibitions service in this process, against the real broker and database,
with helpers as the consoles, phones and kiosk tablets use the API (tests/harness.py)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from devstack.pow import participant_headers
from services.gateway.app import HUB
from services.gateway.hub import Hub
from services.gateway.keys import load_or_create_key
from shared.mongo import make_client
from shared.settings import DEFAULT_FIELDS_OF_ACTION, Settings
from shared.tokens import TokenIssuer
from tests.conftest import Servers
from tests.harness import harness_settings, run_services

FIELD = DEFAULT_FIELDS_OF_ACTION[1]
Headers = dict[str, str]


@dataclass
class ExhibitionsApi:
    """A client of the public origin, with tokens as each kind of caller gets them."""

    url: str
    settings: Settings
    http: aiohttp.ClientSession
    moderator_password: str
    hub: Hub
    issuer: TokenIssuer
    _staff: Headers = field(default_factory=dict)

    async def call(self, method: str, path: str, **kwargs: Any) -> tuple[int, Any, dict]:
        async with self.http.request(method, f"{self.url}{path}", **kwargs) as r:
            raw = await r.read()
            kind = r.headers.get("Content-Type", "")
            body = json.loads(raw) if raw and "json" in kind else raw.decode("utf-8")
            return r.status, body, dict(r.headers)

    async def participant(self) -> Headers:
        """A new participant token, with the proof of work a phone does."""
        return await participant_headers(self.http, self.url)

    async def staff(self) -> Headers:
        """The moderator's token (signed in once)."""
        if not self._staff:
            body = {"username": "moderator", "password": self.moderator_password}
            status, answer, _ = await self.call("POST", "/api/auth/login", json=body)
            assert status == 200, answer
            self._staff.update(Authorization=f"Bearer {answer['access_token']}")
        return self._staff

    def kiosk_token(self, kiosk_id: str, exhibit_id: str) -> Headers:
        """A kiosk token as the gateway signs it (with the gateway's own key)."""
        token = self.issuer.issue(kiosk_id, "kiosk", 3600, exhibit_id=exhibit_id)
        return {"Authorization": f"Bearer {token}"}

    async def kiosk(self, exhibit_id: str) -> Headers:
        """Register a kiosk of the exhibit here (the gateway's first step), then its token."""
        status, kiosk, _ = await self.call(
            "POST", f"/api/exhibitions/exhibits/{exhibit_id}/kiosks", headers=await self.staff()
        )
        assert status == 201 and kiosk["exhibit_id"] == exhibit_id, kiosk
        return self.kiosk_token(kiosk["kiosk_id"], exhibit_id)

    async def exhibition(self, *, open_it: bool = True, title: str = "Ausstellung") -> dict:
        staff = await self.staff()
        status, exhibition, _ = await self.call(
            "POST", "/api/exhibitions", json={"title": title}, headers=staff
        )
        assert status == 201, exhibition
        if open_it:
            path = f"/api/exhibitions/{exhibition['id']}/open"
            status, exhibition, _ = await self.call("POST", path, headers=staff)
            assert status == 200 and exhibition["status"] == "open", exhibition
        return exhibition

    async def exhibit(self, exhibition: dict | None = None, title: str = "Exponat") -> dict:
        """An exhibit (of a new open exhibition unless one is given)."""
        exhibition = exhibition or await self.exhibition()
        status, exhibit, _ = await self.call(
            "POST",
            f"/api/exhibitions/{exhibition['id']}/exhibits",
            json={"title": title, "field": FIELD},
            headers=await self.staff(),
        )
        assert status == 201, exhibit
        return exhibit

    async def rate(self, exhibit_id: str, headers: Headers, **body: Any) -> tuple[int, Any, dict]:
        path = f"/api/exhibitions/exhibits/{exhibit_id}/feedback"
        return await self.call("POST", path, json=body, headers=headers)

    async def stored(self) -> dict[str, int]:
        """How many documents each of the service's collections holds."""
        client = make_client(self.settings.mongodb_uri)
        try:
            db = client[self.settings.database("exhibitions")]
            names = ("ratings", "comments", "counters", "kiosks", "outbox", "idempotency")
            return {name: await db[name].count_documents({}) for name in names}
        finally:
            await client.close()


@contextlib.asynccontextmanager
async def running_exhibitions(servers: Servers, keys: Path) -> AsyncIterator[ExhibitionsApi]:
    """Gateway + exhibitions on free ports, on private topics and databases; alerts after two
    usual and two recent ratings, so a test raises one with four phones."""
    settings = harness_settings(
        servers, keys, exhibit_alert_window=2, exhibit_alert_min_usual=2, feedback_burst=10
    )
    async with run_services(settings, ("exhibitions",)) as h, aiohttp.ClientSession() as http:
        key, kid = load_or_create_key(settings.key_dir)
        issuer = TokenIssuer(key, kid, settings.jwt_issuer, settings.jwt_audience)
        yield ExhibitionsApi(h.url, settings, http, h.moderator_password, h.gateway[HUB], issuer)
