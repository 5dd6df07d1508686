"""The composition root of the gateway: keys, accounts, auth routes, proxies, pages, the hub."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import aiohttp
from aiohttp import web

from services.gateway import auth_api, barriers, internal_accounts, legal, me, qr
from services.gateway.accounts import AccountStore
from services.gateway.barrier_store import BarrierStore
from services.gateway.hub import Hub
from services.gateway.joincodes import add_join_route, add_limiter
from services.gateway.keys import load_or_create_key
from services.gateway.kiosks import add_kiosk_route
from services.gateway.pages import add_pages
from services.gateway.proxy import make_proxy
from shared import registry
from shared.auth import TokenVerifier
from shared.internal_port import start_internal_port
from shared.kafka import make_consumer, wait_for_broker
from shared.mongo import make_client, ping
from shared.ratelimit import RateLimiter
from shared.settings import Settings
from shared.tokens import TokenIssuer
from shared.web import add_readiness_check, make_app

log = logging.getLogger(__name__)
HUB = web.AppKey("hub", Hub)


def create_app(settings: Settings, services: tuple[str, ...] | None = None) -> web.Application:
    """Build the gateway for the given services (registry names; GATEWAY_SERVICES by default);
    I/O starts only when the app starts."""
    services = settings.gateway_routes() if services is None else services
    unknown = set(services) - set(registry.names())
    if unknown:
        raise ValueError(f"GATEWAY_SERVICES names unknown services: {', '.join(sorted(unknown))}")
    app = make_app("gateway", public=True)
    app[auth_api.SETTINGS] = settings
    key, kid = load_or_create_key(settings.key_dir)
    issuer = TokenIssuer(key, kid, settings.jwt_issuer, settings.jwt_audience)
    app[auth_api.ISSUER] = issuer
    app[auth_api.VERIFIER] = TokenVerifier(
        settings.jwt_issuer, settings.jwt_audience, jwks={"keys": [issuer.jwk()]}
    )
    auth_api.setup(app, settings, key)  # the login limiter and the proof of work
    # A hall of 2,000 joins within a minute with one code.
    app[auth_api.JOIN_LIMIT] = RateLimiter(burst=3000, refill_per_s=100)
    add_limiter(app)
    app.router.add_routes(auth_api.routes)
    app.router.add_routes(legal.routes)  # the operator's details for /imprint, /privacy, …
    barriers.add_limiters(app)
    me.add_limiter(app)
    app.router.add_routes(barriers.routes)  # the accessibility statement's feedback form
    add_pages(app, settings.public_url)
    hub = Hub(app[auth_api.VERIFIER], allowed_origins={settings.public_url.rstrip("/")})
    app[HUB] = hub
    app.router.add_get("/ws", hub.serve)
    app.router.add_get("/qr.svg", qr.qr_page)

    async def resources(app: web.Application) -> AsyncIterator[None]:
        client = make_client(settings.mongodb_uri)
        accounts = AccountStore(client[settings.database("gateway")])
        app[auth_api.ACCOUNTS] = accounts
        app[barriers.BARRIERS] = BarrierStore(client[settings.database("gateway")])
        http = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=30, connect=2),
            connector=aiohttp.TCPConnector(limit=200),
        )
        app[auth_api.HTTP] = http
        operator = await start_internal_port(
            app, settings.host, settings.gateway_internal_port, internal_accounts.routes
        )
        add_readiness_check(app, "mongodb", lambda: ping(client))
        consumer = make_consumer(settings, settings.topic("live.updates"), group_id=None)
        hub_tasks: list[asyncio.Task] = []

        async def start_hub() -> None:
            await wait_for_broker(settings)
            await consumer.start()
            hub_tasks.append(asyncio.create_task(hub.consume(consumer), name="hub-consumer"))

        hub_tasks.append(asyncio.create_task(start_hub(), name="hub-start"))
        hub_tasks.append(asyncio.create_task(hub.watch_stalls(), name="hub-stalls"))

        async def hub_ready() -> bool:
            return hub.consuming and not any(t.done() for t in hub_tasks[1:])

        add_readiness_check(app, "kafka", hub_ready)
        wanted = [n.strip() for n in settings.ready_accounts.split(",") if n.strip()]
        if wanted:
            add_readiness_check(app, "accounts", _accounts_exist(accounts, wanted))
        for service in services:
            upstream = settings.url_of(service)
            add_readiness_check(app, service, _upstream_ready(http, upstream), own=False)
        try:
            yield
        finally:
            for task in hub_tasks:
                task.cancel()
            await asyncio.gather(*hub_tasks, return_exceptions=True)
            await consumer.stop()
            await http.close()
            await client.close()
            await operator.cleanup()

    app.cleanup_ctx.append(resources)

    for service in services:
        prefix = registry.service(service).prefix
        handler = _lazy_proxy(app, settings.url_of(service), service)
        # Routes the gateway answers itself go before the catch-all proxy.
        if service == "voting":
            add_join_route(app, handler)  # the join codes, through the guessing limit
        if service == "exhibitions":
            add_kiosk_route(app)  # kiosk tokens are signed here
        app.router.add_route("*", prefix, handler)
        app.router.add_route("*", f"{prefix}/{{tail:.*}}", handler)
    return app


def _lazy_proxy(app: web.Application, upstream: str, service: str):
    async def handler(request: web.Request) -> web.StreamResponse:
        return await make_proxy(request.app[auth_api.HTTP], upstream, service)(request)

    return handler


def _accounts_exist(accounts: AccountStore, names: list[str]):
    """Ready once every named account exists (the dev stack's demo accounts); remembered, since
    accounts are disabled, never deleted."""
    found: set[str] = set()

    async def check() -> bool:
        for name in names:
            if name not in found and await accounts.exists(name):
                found.add(name)
        return len(found) == len(names)

    return check


def _upstream_ready(http: aiohttp.ClientSession, upstream: str):
    async def check() -> bool:
        try:
            async with http.get(f"{upstream}/readyz", timeout=aiohttp.ClientTimeout(total=2)) as r:
                return r.status == 200
        except (aiohttp.ClientError, TimeoutError):
            return False

    return check
