"""A screen survives a restart of the memory-only broker and then of the gateway."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from devstack import embedded
from devstack.pow import participant_headers
from services.gateway.accounts import AccountStore
from shared.kafka import CONTRACT_TOPICS, ensure_topics
from shared.mongo import make_client
from shared.settings import Settings

ROOT = Path(__file__).parent.parent.parent


class Screen:
    """A kiosk browser's live connection: reconnects by itself and keeps the newest state."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.state: dict | None = None
        self.seq = 0
        self.connections = 0
        self.last_snapshot_at = 0.0
        self.task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        async with aiohttp.ClientSession() as http:
            while True:
                try:
                    async with http.ws_connect(f"{self.url}/ws", heartbeat=5) as ws:
                        self.connections += 1
                        await ws.send_json(
                            {"type": "subscribe", "channel": "ideas:wall", "since": self.seq}
                        )
                        async for msg in ws:
                            # A killed gateway may end the socket with an ERROR message (its
                            # data is the exception), not only a close: reconnect then too.
                            if msg.type != aiohttp.WSMsgType.TEXT:
                                break
                            data = json.loads(msg.data)
                            if data["type"] == "snapshot":
                                self.last_snapshot_at = time.monotonic()
                            if data["type"] in ("snapshot", "update") and data["seq"] >= self.seq:
                                self.seq, self.state = data["seq"], data["data"]
                except (aiohttp.ClientError, OSError):
                    pass
                await asyncio.sleep(0.3)

    def shows(self, title: str) -> bool:
        return bool(self.state) and title in [i["title"] for i in self.state["ideas"]]


async def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


@pytest.fixture
def system(tmp_path):
    """Broker, database, ideas and gateway as separate processes this test may stop."""
    ports = {n: embedded.free_port() for n in ("kafka", "mongo", "gw", "ideas")}
    url = f"http://127.0.0.1:{ports['gw']}"
    env = {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{ports['kafka']}",
        "MONGODB_URI": f"mongodb://127.0.0.1:{ports['mongo']}/?directConnection=true&retryWrites=false",
        "PORT": str(ports["gw"]),
        "IDEAS_PORT": str(ports["ideas"]),
        "GATEWAY_INTERNAL_PORT": str(embedded.free_port()),
        "IDEAS_URL": f"http://127.0.0.1:{ports['ideas']}",
        # This system has no voting service: the gateway must not wait for one.
        "GATEWAY_SERVICES": "ideas",
        "PUBLIC_URL": url,
        "JWKS_URL": f"{url}/api/auth/jwks",
        "KEY_DIR": str(tmp_path / "keys"),
        "PARTICIPANT_POW_COST": "10",
    }
    procs: dict[str, subprocess.Popen] = {}

    def start(name: str) -> None:
        log = (tmp_path / f"{name}.log").open("ab")
        if name == "broker":
            procs[name] = embedded.start_broker(ports["kafka"], tmp_path / "tansu.log")
            embedded.wait_for_port(ports["kafka"], "broker", procs[name], 30)
        elif name == "database":
            procs[name] = embedded.start_database(
                ports["mongo"], str(tmp_path / "db"), tmp_path / "db.log"
            )
            embedded.wait_for_port(ports["mongo"], "database", procs[name], 60)
        else:
            procs[name] = subprocess.Popen(
                [sys.executable, "-m", f"services.{name}"],
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def kill(name: str) -> None:
        procs[name].kill()
        procs[name].wait()

    start("broker")
    start("database")
    settings = Settings(
        kafka_bootstrap_servers=env["KAFKA_BOOTSTRAP_SERVERS"], mongodb_uri=env["MONGODB_URI"]
    )
    asyncio.run(ensure_topics(settings, CONTRACT_TOPICS))

    async def accounts() -> str:
        client = make_client(settings.mongodb_uri)
        try:
            return await AccountStore(client[settings.database("gateway")]).create(
                "moderator", "moderator"
            )
        finally:
            await client.close()

    password = asyncio.run(accounts())
    start("ideas")
    start("gateway")
    try:
        yield {"url": url, "start": start, "kill": kill, "password": password, "settings": settings}
    finally:
        for proc in procs.values():
            embedded.stop(proc, 5)


async def ready(http, url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            async with http.get(f"{url}/readyz") as r:
                if r.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.3)
    raise AssertionError(f"{url}/readyz never answered 200")


async def publish_idea(http, url: str, password: str, title: str) -> str:
    citizen = await participant_headers(http, url)
    async with http.post(
        f"{url}/api/auth/login", json={"username": "moderator", "password": password}
    ) as r:
        staff = {"Authorization": f"Bearer {(await r.json())['access_token']}"}
    async with http.post(
        f"{url}/api/ideas",
        json={"title": title, "field": "Wirtschaft und Technologie"},
        headers=citizen,
    ) as r:
        assert r.status == 201, await r.text()
        idea_id = (await r.json())["id"]
    async with http.post(
        f"{url}/api/ideas/{idea_id}/status", json={"status": "published"}, headers=staff
    ) as r:
        assert r.status == 200
    return idea_id


async def test_screen_recovers_after_broker_and_gateway_restart_and_nothing_is_lost(system):
    url = system["url"]
    async with aiohttp.ClientSession() as http:
        await ready(http, url)
        screen = Screen(url)
        await publish_idea(http, url, system["password"], "Vor dem Neustart")
        await wait_for(lambda: screen.shows("Vor dem Neustart"), 5, "the first idea on the screen")

        system["kill"]("broker")
        system["start"]("broker")  # empty: the embedded broker keeps nothing
        await asyncio.sleep(1)
        connections_before = screen.connections
        system["kill"]("gateway")
        restarted_at = time.monotonic()
        system["start"]("gateway")
        await ready(http, url, timeout=90)
        # The screen reconnected by itself and got a fresh snapshot of the current state.
        await wait_for(
            lambda: (
                screen.connections > connections_before and screen.last_snapshot_at > restarted_at
            ),
            30,
            "the screen to reconnect and receive a snapshot",
        )
        assert screen.shows("Vor dem Neustart")

        await publish_idea(http, url, system["password"], "Nach dem Neustart")
        await wait_for(
            lambda: screen.shows("Nach dem Neustart"), 10, "a new idea after the restarts"
        )
        screen.task.cancel()

    client = make_client(system["settings"].mongodb_uri)
    db = client[system["settings"].database("ideas")]
    titles = {d["title"] async for d in db.ideas.find({}, {"title": 1})}
    # Every event was published to the new broker eventually: nothing waits in the outbox.
    for _ in range(50):
        if await db.outbox.count_documents({"sent": False}) == 0:
            break
        await asyncio.sleep(0.2)
    unsent = await db.outbox.count_documents({"sent": False})
    await client.close()
    assert titles == {"Vor dem Neustart", "Nach dem Neustart"}
    assert unsent == 0
