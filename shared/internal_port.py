"""The operator port: /metrics (and health) of a public app, on an address citizens do not reach."""

from __future__ import annotations

from aiohttp import web

from shared.web import REGISTRY_KEY, metrics_handler

# The public app, for internal routes that need its objects.
PUBLIC_APP = web.AppKey("public_app", web.Application)


async def start_internal_port(
    public_app: web.Application,
    host: str,
    port: int,
    routes: list[web.AbstractRouteDef] | None = None,
) -> web.AppRunner:
    """Serve the public app's metrics (and `routes`, for other services only) on host:port; the
    caller cleans the runner up."""
    internal = web.Application()
    internal[PUBLIC_APP] = public_app
    internal.add_routes(routes or [])
    internal.router.add_get("/metrics", metrics_handler(public_app[REGISTRY_KEY]))

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    internal.router.add_get("/healthz", healthz)
    runner = web.AppRunner(internal, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
