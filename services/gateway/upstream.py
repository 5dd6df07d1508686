"""The gateway asking a service itself (not proxying), by the service's registry name."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from services.gateway.state import HTTP, SETTINGS
from shared.problems import Problem
from shared.upstream import ask_service


async def ask(
    request: web.Request,
    service: str,
    method: str,
    path: str,
    unavailable: Problem,
    **kwargs: Any,
) -> dict[str, Any]:
    """The `service`'s JSON answer to `method path` (shared/upstream.py says what is raised)."""
    url = f"{request.app[SETTINGS].url_of(service)}{path}"
    return await ask_service(request.app[HTTP], method, url, unavailable, **kwargs)
