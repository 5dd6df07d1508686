"""The gateway and the ideas service in this process, against the real broker and database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from subprocess import Popen

import aiohttp
import pytest
import pytest_asyncio

from devstack import embedded
from devstack.pow import participant_headers
from services.gateway.app import HUB
from services.gateway.hub import Hub
from shared.settings import Settings
from tests.conftest import Servers, make_settings
from tests.harness import harness_settings, run_services
from tests.integration.voting_stack import stack  # noqa: F401 (the voting tests' fixture)


@dataclass
class Api:
    """A client of the public origin with helpers for tokens, as a phone or console would be."""

    url: str
    settings: Settings
    http: aiohttp.ClientSession
    moderator_password: str
    hub: Hub

    async def participant(self) -> dict[str, str]:
        """A new participant token, with the proof of work a phone does."""
        return await participant_headers(self.http, self.url)

    async def moderator(self) -> dict[str, str]:
        body = {"username": "moderator", "password": self.moderator_password}
        async with self.http.post(f"{self.url}/api/auth/login", json=body) as r:
            assert r.status == 200, await r.text()
            return {"Authorization": f"Bearer {(await r.json())['access_token']}"}

    async def call(self, method: str, path: str, **kwargs) -> tuple[int, dict, dict]:
        async with self.http.request(method, f"{self.url}{path}", **kwargs) as r:
            body = await r.json(content_type=None) if r.content_length != 0 else {}
            return r.status, body, dict(r.headers)


@pytest_asyncio.fixture(scope="package", loop_scope="session")
async def api(servers: Servers, tmp_path_factory) -> AsyncIterator[Api]:
    """Gateway + ideas on free ports, sharing one private set of topics and databases."""
    settings = harness_settings(servers, tmp_path_factory.mktemp("keys"), idea_burst=5)
    async with run_services(settings, ("ideas",)) as h, aiohttp.ClientSession() as http:
        yield Api(
            url=h.url,
            settings=settings,
            http=http,
            moderator_password=h.moderator_password,
            hub=h.gateway[HUB],
        )


@dataclass
class OwnBroker:
    port: int
    log: Path
    proc: Popen
    settings: Settings

    def restart(self) -> None:
        """SIGKILL and start afresh on the same port: every topic and message is gone."""
        self.proc.kill()
        self.proc.wait(10)
        self.proc = embedded.start_broker(self.port, self.log)
        embedded.wait_for_port(self.port, "Tansu", self.proc, 30)


@pytest.fixture
def broker(servers, tmp_path) -> Iterator[OwnBroker]:
    port = embedded.free_port()
    log = tmp_path / "tansu.log"
    proc = embedded.start_broker(port, log)
    embedded.wait_for_port(port, "Tansu", proc, 30)
    settings = make_settings(servers).model_copy(
        update={
            "kafka_bootstrap_servers": f"127.0.0.1:{port}",
            "voting_tally_port": embedded.free_port(),
        }
    )
    own = OwnBroker(port, log, proc, settings)
    try:
        yield own
    finally:
        embedded.stop(own.proc, 5)
