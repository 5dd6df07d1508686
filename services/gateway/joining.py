"""Joining a workshop with its code: resolve the code, then become a member of the session.

Both steps ask the voting service; its refusals (unknown or ended code, a locked workshop) reach
the phone as they are, in German and English, and only an outage becomes a 503.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from services.gateway.upstream import ask
from shared.problems import Problem
from shared.upstream import unavailable


def _unavailable() -> Problem:
    return unavailable(
        "Joining workshops is not available right now; please try again shortly.",
        "Workshops sind gerade nicht erreichbar; bitte gleich noch einmal.",
        "voting-unavailable",
    )


async def _ask(request: web.Request, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
    return await ask(request, "voting", method, path, _unavailable(), **kwargs)


async def resolve_join_code(request: web.Request, code: str) -> dict[str, Any]:
    """{session_id, title, ...} of the open workshop with this code; 404 for an unknown or
    ended code, 423 while it is locked."""
    return await _ask(request, "GET", f"/api/voting/join/{code.upper()}")


async def become_member(request: web.Request, session_id: str, token: str) -> dict[str, Any]:
    """Record the new token's participant as a member of the session (so moderators see who
    joined); refused while the workshop is locked or after it ended."""
    headers = {"Authorization": f"Bearer {token}"}
    return await _ask(request, "POST", f"/api/voting/sessions/{session_id}/join", headers=headers)
