"""Services from the registry in this test process, behind a real gateway, against the session's
real broker and database (the `servers` fixture): the one harness every service's integration
tests start from. Kafka and MongoDB are never mocked."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from devstack import embedded
from services.gateway.accounts import AccountStore
from services.gateway.app import create_app as create_gateway
from shared import registry
from shared.kafka import CONTRACT_TOPICS, ensure_topics
from shared.mongo import make_client
from shared.runtime_entry import serve_worker
from shared.settings import Settings
from tests.conftest import Servers, make_settings


@dataclass
class Harness:
    """What runs: the public URL, the settings, the apps by name, the moderator's password."""

    url: str
    settings: Settings
    moderator_password: str
    gateway: web.Application
    apps: dict[str, web.Application] = field(default_factory=dict)
    runners: dict[str, web.AppRunner] = field(default_factory=dict)

    async def stop_service(self, name: str) -> None:
        """Stop one service's app (an outage), before the others stop at the end."""
        await self.runners.pop(name).cleanup()


def harness_settings(servers: Servers, keys: Path, **overrides: Any) -> Settings:
    """Settings with a free port (and matching URL) for the gateway, every service and every
    worker of the registry, and private topics and databases."""
    gateway_port = embedded.free_port()
    url = f"http://127.0.0.1:{gateway_port}"
    ports: dict[str, Any] = {"port": gateway_port, "public_url": url}
    for service in registry.SERVICES:
        port = embedded.free_port()
        ports[f"{service.env.lower()}_port"] = port
        ports[f"{service.env.lower()}_url"] = f"http://127.0.0.1:{port}"
    for _service, worker in registry.workers():
        ports[f"{worker.env.lower()}_port"] = embedded.free_port()
    return make_settings(
        servers,
        jwks_url=f"{url}/api/auth/jwks",
        key_dir=str(keys),
        participant_pow_cost=10,
        **{**ports, **overrides},
    )


async def _start(app: web.Application, port: int) -> web.AppRunner:
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


@contextlib.asynccontextmanager
async def run_services(
    settings: Settings, names: tuple[str, ...], **app_options: dict[str, Any]
) -> AsyncIterator[Harness]:
    """Start the gateway routing to `names`, each named service (its app.py's `create_app`,
    with `app_options[name]` as keyword arguments) and its workers; stop them all at the end."""
    await ensure_topics(settings, CONTRACT_TOPICS, partitions=1)
    mongo = make_client(settings.mongodb_uri)
    accounts = AccountStore(mongo[settings.database("gateway")])
    password = await accounts.create("moderator", "moderator")
    await mongo.close()
    gateway = create_gateway(settings, names)
    harness = Harness(settings.public_url, settings, password, gateway)
    harness.runners["gateway"] = await _start(gateway, settings.port)
    stop = asyncio.Event()
    workers: list[asyncio.Task] = []
    try:
        for name in names:
            service = registry.service(name)
            app_module = importlib.import_module(f"{service.module}.app")
            app = app_module.create_app(settings, **app_options.get(name, {}))
            harness.apps[name] = app
            harness.runners[name] = await _start(app, settings.port_of(name))
            for worker in service.workers:
                definition = importlib.import_module(worker.module).DEFINITION
                workers.append(asyncio.create_task(serve_worker(definition, settings, stop)))
        yield harness
    finally:
        stop.set()
        if workers:
            await asyncio.wait_for(asyncio.gather(*workers, return_exceptions=True), 20)
        for runner in reversed(harness.runners.values()):
            await runner.cleanup()
