"""QR codes (SVG) that lead phones from a screen to a page of this system."""

from __future__ import annotations

from aiohttp import web

from services.gateway.auth_api import SETTINGS
from shared.problems import Problem
from shared.qr import qr_svg


async def qr_page(request: web.Request) -> web.Response:
    """GET /qr.svg?path=/join?code=AB12 → a QR code of the public URL of that path.

    Only paths of this system: a QR code on the lab's screens must never lead elsewhere.
    """
    path = request.query.get("path", "/")
    if not path.startswith("/") or path.startswith("//") or len(path) > 200:
        raise Problem(
            400, "path must be a path of this site, such as /join?code=AB12.", code="bad-query"
        )
    url = request.app[SETTINGS].public_url.rstrip("/") + path
    return web.Response(
        body=qr_svg(url),
        content_type="image/svg+xml",
        headers={"Cache-Control": "public, max-age=3600"},
    )
