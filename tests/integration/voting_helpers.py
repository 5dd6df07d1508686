"""Helpers for the voting integration tests: the service in this process, tokens, recounts."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from devstack.embedded import free_port
from services.voting.storage import VotingStore, normalised_tally
from shared.auth import TokenVerifier
from shared.settings import Settings
from shared.tokens import TokenIssuer

ROOT = Path(__file__).parent.parent.parent


def issuer() -> TokenIssuer:
    return TokenIssuer(Ed25519PrivateKey.generate(), "test", "oecherlab-gateway", "oecherlab")


def verifier_for(i: TokenIssuer) -> TokenVerifier:
    return TokenVerifier(i.issuer, i.audience, jwks={"keys": [i.jwk()]})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def start_app(app: web.Application, port: int) -> web.AppRunner:
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


@dataclass
class Client:
    """Calls a base URL and returns (status, body, headers)."""

    url: str
    http: aiohttp.ClientSession

    async def call(self, method: str, path: str, **kwargs) -> tuple[int, dict, dict]:
        async with self.http.request(method, f"{self.url}{path}", **kwargs) as r:
            body = await r.json(content_type=None) if r.content_length != 0 else {}
            return r.status, body, dict(r.headers)

    async def ok(self, method: str, path: str, expect: int = 200, **kwargs) -> dict:
        status, body, _ = await self.call(method, path, **kwargs)
        assert status == expect, (status, body)
        return body


async def tallies_equal_recounts(store: VotingStore, poll_ids: list[str]) -> tuple[bool, dict]:
    """Whether every poll's live tally equals the recount of its stored votes."""
    report = {}
    ok = True
    for pid in poll_ids:
        poll = await store.poll(pid)
        recounted = await store.recount(poll)
        tally = normalised_tally(await store.tally(pid, poll["round"]))
        report[pid] = (tally, recounted)
        ok = ok and tally == recounted
    return ok, report


async def wait_until_exact(store: VotingStore, poll_ids: list[str], timeout_s: float = 60) -> dict:
    deadline = time.monotonic() + timeout_s
    while True:
        ok, report = await tallies_equal_recounts(store, poll_ids)
        if ok:
            return report
        if time.monotonic() > deadline:
            raise AssertionError(f"tallies differ from the recounts: {report}")
        await asyncio.sleep(0.2)


def tally_env(settings: Settings, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAFKA_", "MONGODB_"))}
    env.update(
        KAFKA_BOOTSTRAP_SERVERS=settings.kafka_bootstrap_servers,
        MONGODB_URI=settings.mongodb_uri,
        TOPIC_PREFIX=settings.topic_prefix,
        MONGODB_DB_PREFIX=settings.mongodb_db_prefix,
        LOG_LEVEL="INFO",
        # Its /healthz, /readyz and /metrics; never the default 8083 a running stack may hold.
        VOTING_TALLY_PORT=str(free_port()),
    )
    env.update(extra)
    return env


def start_tally(settings: Settings, log: Path, **extra: str) -> subprocess.Popen:
    """`python -m services.voting.tally` as its own process, so a test can SIGKILL it."""
    return subprocess.Popen(
        [sys.executable, "-m", "services.voting.tally"],
        env=tally_env(settings, **extra),
        cwd=ROOT,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
