"""Failed logins: 10 per user name and client, counted before the password is checked, and no more
than a few argon2 checks at once.

The gateway runs in this process against the real database; its account store gets a hasher that
counts its verifications and takes as long as a real one, so the tests see what was evaluated.
Clients differ by their source address: 127.0.0.1 and 127.0.0.2 (loopback aliases on Linux).
"""

from __future__ import annotations

import asyncio
import threading
import time
import tracemalloc
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest_asyncio
from aiohttp import web
from argon2 import PasswordHasher

from devstack import embedded
from services.gateway.accounts import AccountStore
from services.gateway.app import create_app as create_gateway
from services.gateway.login import LOGIN_LIMIT, login_key
from services.gateway.state import ACCOUNTS
from shared.kafka import CONTRACT_TOPICS, ensure_topics
from shared.mongo import make_client
from tests.conftest import make_settings

PASSWORD = "right-password-123"


class CountingHasher(PasswordHasher):
    """Cheap argon2 parameters; counts verifications and how many run at once, each taking
    `delay` seconds as a real 64 MiB one takes tens of milliseconds."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.lock = threading.Lock()
        self.reset()

    def reset(self, delay: float = 0.05) -> None:
        self.delay, self.calls, self.running, self.most = delay, 0, 0, 0

    def verify(self, hash: str | bytes, password: str | bytes):
        with self.lock:
            self.calls += 1
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            time.sleep(self.delay)
            return super().verify(hash, password)
        finally:
            with self.lock:
                self.running -= 1


@dataclass
class Gateway:
    url: str
    app: web.Application
    hasher: CountingHasher
    store: AccountStore
    clients: dict[str, aiohttp.ClientSession]

    async def account(self) -> str:
        name = f"mod-{uuid.uuid4().hex[:8]}"
        await self.store.create(name, "moderator", PASSWORD)
        return name

    async def login(self, name: str, password: str, client: str = "127.0.0.1"):
        body = {"username": name, "password": password}
        async with self.clients[client].post(f"{self.url}/api/auth/login", json=body) as r:
            return r.status, await r.json(content_type=None), dict(r.headers)


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def gateway(servers, tmp_path_factory) -> AsyncIterator[Gateway]:
    port = embedded.free_port()
    url = f"http://127.0.0.1:{port}"
    settings = make_settings(
        servers, port=port, public_url=url, key_dir=str(tmp_path_factory.mktemp("keys"))
    )
    await ensure_topics(settings, CONTRACT_TOPICS, partitions=1)
    hasher = CountingHasher()
    mongo = make_client(settings.mongodb_uri)
    store = AccountStore(mongo[settings.database("gateway")], hasher=hasher)
    app = create_gateway(settings)

    async def instrumented(app: web.Application) -> AsyncIterator[None]:
        app[ACCOUNTS] = store  # after the gateway's own resources, in place of its store
        yield

    app.cleanup_ctx.append(instrumented)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    clients = {
        address: aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=(address, 0)))
        for address in ("127.0.0.1", "127.0.0.2")
    }
    yield Gateway(url, app, hasher, store, clients)
    for client in clients.values():
        await client.close()
    await runner.cleanup()
    await mongo.close()


async def test_thirty_concurrent_wrong_logins_are_not_all_checked(gateway):
    name = await gateway.account()
    gateway.hasher.reset()
    answers = await asyncio.gather(*(gateway.login(name, "guess") for _ in range(30)))
    assert Counter(status for status, _, _ in answers) == {401: 10, 429: 20}
    assert gateway.hasher.calls == 10
    for status, body, headers in answers:
        if status == 429:
            assert int(headers["Retry-After"]) > 0 and body["detail_de"]


async def test_a_guesser_elsewhere_does_not_lock_the_shared_account_out(gateway):
    name = await gateway.account()
    guesses = [await gateway.login(name, f"guess-{i}", "127.0.0.2") for i in range(12)]
    assert [status for status, _, _ in guesses] == [401] * 10 + [429] * 2
    # The moderators in the lab (another client) still get in, and have their own allowance.
    assert (await gateway.login(name, PASSWORD))[0] == 200
    assert (await gateway.login(name, "typo"))[0] == 401
    assert (await gateway.login(name, PASSWORD))[0] == 200
    # The guesser's client is refused even the right password until its allowance refills.
    assert (await gateway.login(name, PASSWORD, "127.0.0.2"))[0] == 429


async def test_a_room_sharing_one_account_does_not_lock_itself_out(gateway):
    name = await gateway.account()
    for _ in range(4):  # 32 logins from one Wi-Fi, eight at a time
        answers = await asyncio.gather(*(gateway.login(name, PASSWORD) for _ in range(8)))
        assert [status for status, _, _ in answers] == [200] * 8
    # Successful logins gave their allowance back: ten failures are still allowed, not more.
    failed = [(await gateway.login(name, "typo"))[0] for _ in range(11)]
    assert failed == [401] * 10 + [429]


async def test_no_more_than_four_passwords_are_checked_at_once(gateway):
    gateway.hasher.reset()
    names = [f"made-up-{uuid.uuid4().hex}" for _ in range(30)]
    answers = await asyncio.gather(*(gateway.login(name, "guess") for name in names))
    assert Counter(status for status, _, _ in answers) == {401: 30}
    assert gateway.hasher.calls == 30 and gateway.hasher.most <= 4


async def test_logins_that_wait_too_long_for_a_check_are_told_to_come_back(gateway):
    gateway.hasher.reset(delay=0.5)
    gateway.store.queue_wait_s = 0.1
    try:
        names = [f"made-up-{uuid.uuid4().hex}" for _ in range(20)]
        answers = await asyncio.gather(*(gateway.login(name, "guess") for name in names))
    finally:
        gateway.store.queue_wait_s = 2.0
    statuses = Counter(status for status, _, _ in answers)
    assert statuses == {401: 4, 503: 16}, statuses
    assert gateway.hasher.calls == 4
    for status, body, headers in answers:
        if status == 503:
            assert headers["Retry-After"] == "1" and body["type"].endswith("/login-busy")
            assert body["detail"] and body["detail_de"]


async def test_made_up_user_names_do_not_grow_the_login_limiter_without_bound(gateway):
    gateway.hasher.reset(delay=0)
    limiter = gateway.app[LOGIN_LIMIT]
    before = len(limiter)
    names = [f"made-up-{uuid.uuid4().hex}" for _ in range(200)]
    await asyncio.gather(*(gateway.login(name, "guess", "127.0.0.2") for name in names))
    # Every attempt was counted, per user name and client.
    assert len(limiter) == before + 200
    assert limiter.wait_time(login_key(names[0], "127.0.0.2")) == 0  # 9 of 10 left
    # A script's stream of names keeps at most 20,000 keys (a few MB); old ones go first.
    tracemalloc.start()
    for _ in range(60_000):
        limiter.try_acquire(login_key(uuid.uuid4().hex, "203.0.113.7"))
    grown, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(limiter) <= 20_000
    assert grown < 8 * 1024 * 1024, grown
