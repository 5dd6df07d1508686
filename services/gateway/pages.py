"""The web apps' pages and assets (plain files: nothing to build)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web

from shared import registry

STATIC = Path(__file__).parent / "static"

# The gateway's own pages, which belong to no service: the legal notices every page links to in
# its footer (footer.js), and "Meine Daten", a participant's own data from every service
# (GET /api/me/export, me.py), linked there and from the citizen app.
GATEWAY_PAGES = {
    "/privacy": "privacy.html",
    "/accessibility": "accessibility.html",
    "/imprint": "imprint.html",
    "/me": "me.html",
}
# Each service's pages, from the registry: a new service's page needs no change here.
PAGES = {**registry.pages(), **GATEWAY_PAGES}


def _page(filename: str):
    path = STATIC / filename

    async def handler(_request: web.Request) -> web.StreamResponse:
        if not path.exists():
            raise web.HTTPNotFound(reason="This page is not built yet.")
        return web.FileResponse(path, headers={"Cache-Control": "no-cache"})

    return handler


def websocket_url(public_url: str) -> str:
    """The hub's address as phones reach it: PUBLIC_URL with ws(s), never the request's Host."""
    parts = urlsplit(public_url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}/ws"


def content_security_policy(public_url: str) -> str:
    """A strict policy: the pages use no inline scripts or styles (ADR 0006), so it costs
    nothing; the WebSocket origin comes from configuration, so a forged Host cannot widen it."""
    ws_origin = websocket_url(public_url).removesuffix("/ws")
    return (
        "default-src 'self'; img-src 'self' data:; "
        f"connect-src 'self' {ws_origin}; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


def security_headers(public_url: str):
    """Headers that keep citizens' text from ever running as code and the pages from framing."""
    policy = content_security_policy(public_url)

    async def add(_request: web.Request, response: web.StreamResponse) -> None:
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")

    return add


def add_pages(app: web.Application, public_url: str) -> None:
    """Serve the pages at the contract's paths and their assets under /static."""
    app.on_response_prepare.append(security_headers(public_url))
    for route, filename in PAGES.items():
        app.router.add_get(route, _page(filename))
    app.router.add_static("/static", STATIC, append_version=False)
