"""One service asking another over HTTP (not proxying): a JSON answer, the other service's
refusals passed on as they are (in German and English), and only an outage turned into a 503."""

from __future__ import annotations

from typing import Any

import aiohttp

from shared.problems import Problem

# How long a client waits before it asks again when another service did not answer.
RETRY_AFTER_S = 5


def unavailable(detail: str, detail_de: str, code: str = "unavailable") -> Problem:
    """The 503 for when the service asked does not answer: the client may try again shortly."""
    return Problem(
        503, detail, detail_de=detail_de, code=code, headers={"Retry-After": str(RETRY_AFTER_S)}
    )


async def ask_service(
    http: aiohttp.ClientSession, method: str, url: str, unavailable: Problem, **kwargs: Any
) -> dict[str, Any]:
    """The JSON answer to `method url`; the other service's 4xx problems raised as ours (with
    their Retry-After), anything else (an outage, a 5xx, no JSON) raised as `unavailable`."""
    try:
        async with http.request(method, url, **kwargs) as resp:
            body = await resp.json(content_type=None)
            if resp.status < 300 and isinstance(body, dict):
                return body
            if 400 <= resp.status < 500 and isinstance(body, dict):
                retry = resp.headers.get("Retry-After")
                raise Problem(
                    resp.status,
                    str(body.get("detail") or "The request was refused."),
                    detail_de=body.get("detail_de"),
                    code=body.get("code") or str(body.get("type", "")).rsplit("/", 1)[-1],
                    headers={"Retry-After": retry} if retry else None,
                )
    except (aiohttp.ClientError, TimeoutError, ValueError):
        pass
    raise unavailable
