"""Routing of /api/<service>/... to the service that owns it."""

from __future__ import annotations

import logging

import aiohttp
from aiohttp import web

from shared.context import correlation_id
from shared.problems import Problem
from shared.web import CORRELATION_HEADER

log = logging.getLogger(__name__)

FORWARDED_REQUEST_HEADERS = ("Authorization", "Content-Type", "Idempotency-Key", "Accept")
FORWARDED_RESPONSE_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "Location",
    "Retry-After",
    "WWW-Authenticate",
    "Allow",
)


def check_path(request: web.Request, service: str) -> None:
    """Refuse a path that would leave /api/<service>/ once decoded and normalised.

    `/api/ideas/%2e%2e/%2e%2e/metrics` matches the route, but the service resolves the dot
    segments and would answer its internal /metrics. Dot segments and encoded slashes or
    backslashes have no use in our API, so they are refused outright rather than resolved.
    """
    prefix = f"/api/{service}"
    raw = request.raw_path.split("?", 1)[0].lower()
    segments = request.path.split("/")
    if (
        any(seg in (".", "..") for seg in segments)
        or any(enc in raw for enc in ("%2f", "%5c", "%00"))
        or "\\" in request.path
        or not (request.path == prefix or request.path.startswith(prefix + "/"))
    ):
        raise Problem(
            400,
            "This path is not part of the API.",
            detail_de="Diesen Pfad gibt es in der Schnittstelle nicht.",
            code="bad-path",
        )


def make_proxy(http: aiohttp.ClientSession, upstream: str, service: str):
    """A handler that forwards the request to `upstream` and streams the answer back."""

    async def forward(request: web.Request) -> web.StreamResponse:
        check_path(request, service)
        headers = {h: request.headers[h] for h in FORWARDED_REQUEST_HEADERS if h in request.headers}
        headers[CORRELATION_HEADER] = correlation_id.get() or ""
        body = await request.read() if request.can_read_body else None
        url = f"{upstream}{request.rel_url}"
        try:
            async with http.request(
                request.method, url, headers=headers, data=body, allow_redirects=False
            ) as upstream_resp:
                response = web.StreamResponse(status=upstream_resp.status)
                for h in FORWARDED_RESPONSE_HEADERS:
                    if h in upstream_resp.headers:
                        response.headers[h] = upstream_resp.headers[h]
                await response.prepare(request)
                async for chunk in upstream_resp.content.iter_chunked(64 * 1024):
                    await response.write(chunk)
                await response.write_eof()
                return response
        except (aiohttp.ClientConnectionError, TimeoutError) as exc:
            log.warning("%s unreachable at %s: %s", service, upstream, exc)
            raise Problem(
                503,
                f"The {service} service is not reachable right now; please try again shortly.",
                detail_de="Der Dienst ist gerade nicht erreichbar; bitte gleich noch einmal.",
                code="upstream-unavailable",
                headers={"Retry-After": "5"},
            ) from None

    return forward
