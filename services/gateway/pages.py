"""The web apps' pages and assets (plain files: nothing to build)."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

STATIC = Path(__file__).parent / "static"

PAGES = {
    "/": "citizen.html",
    "/moderate": "moderate.html",
    "/screen/ideas": "screen-ideas.html",
    "/screen/session/{session_id}": "screen-session.html",
    "/join": "join.html",
    "/workshop": "workshop.html",
}


def _page(filename: str):
    path = STATIC / filename

    async def handler(_request: web.Request) -> web.StreamResponse:
        if not path.exists():
            raise web.HTTPNotFound(reason="This page is not built yet.")
        return web.FileResponse(path, headers={"Cache-Control": "no-cache"})

    return handler


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Headers that keep citizens' text from ever running as code and the pages from framing.

    The pages use no inline scripts or styles (ADR 0006), so a strict policy costs nothing.
    """
    host = request.host
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; "
        f"connect-src 'self' ws://{host} wss://{host}; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")


def add_pages(app: web.Application) -> None:
    """Serve the pages at the contract's paths and their assets under /static."""
    app.on_response_prepare.append(security_headers)
    for route, filename in PAGES.items():
        app.router.add_get(route, _page(filename))
    app.router.add_static("/static", STATIC, append_version=False)
