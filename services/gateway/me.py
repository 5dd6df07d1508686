"""A participant's own data from every service in one download (DSGVO Art. 15 and 20), and its
erasure (Art. 17).

GET /api/me/export asks each service's GET /api/<service>/me with the caller's token and puts
the answers together. It is whole or nothing: a service that does not answer makes it a 503, as
an export that silently lacks a service would mislead.

DELETE /api/me asks each service's DELETE /api/<service>/me. Erasing is idempotent in every
service, so a 503 (one did not answer) is answered by sending the same request again; the
services that did answer have erased already and erase nothing more the second time."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from aiohttp import web

from services.gateway.state import SETTINGS, VERIFIER
from services.gateway.upstream import ask
from shared import registry
from shared.auth import bearer_token, require
from shared.ratelimit import RateLimiter
from shared.upstream import unavailable
from shared.web import json_response

routes = web.RouteTableDef()
# Each export or erasure asks every service, and the voting service computes a pseudonym for
# every session: a device gets a few at once, then one every ten seconds.
ME_LIMIT = web.AppKey("me_limiter", RateLimiter)
ME_BURST, ME_REFILL_PER_S = 6, 0.1


def add_limiter(app: web.Application) -> None:
    """The per-device limit of exports and erasures."""
    app[ME_LIMIT] = RateLimiter(ME_BURST, ME_REFILL_PER_S, max_keys=50_000)


FORMAT = "oecherlab-me-export/1"
NOT_ERASED = unavailable(
    "Not every service could delete your data just now; please press delete again in a moment.",
    "Nicht alle Dienste konnten Ihre Daten gerade löschen; bitte gleich noch einmal löschen.",
)
UNAVAILABLE = unavailable(
    "Not every service answered; please try the export again in a moment.",
    "Nicht alle Dienste haben geantwortet; bitte den Export gleich noch einmal starten.",
)


def services_with_personal_data(request: web.Request) -> list[str]:
    """The services this gateway routes to that keep data tied to a participant."""
    routed = set(request.app[SETTINGS].gateway_routes())
    return [s.name for s in registry.SERVICES if s.name in routed and s.personal_data]


@routes.get("/api/me/export")
async def export(request: web.Request) -> web.Response:
    """Everything tied to the calling participant's token, as one JSON file."""
    who = await require(request, request.app[VERIFIER], "participant")
    request.app[ME_LIMIT].check(who.sub)
    headers = {"Authorization": f"Bearer {bearer_token(request)}"}
    names = services_with_personal_data(request)
    answers = await asyncio.gather(
        *(ask(request, n, "GET", f"/api/{n}/me", UNAVAILABLE, headers=headers) for n in names)
    )
    document = {
        "format": FORMAT,
        "exported_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "participant": who.sub,
        "services": {
            name: {k: v for k, v in answer.items() if k != "service"}
            for name, answer in zip(names, answers, strict=True)
        },
    }
    disposition = 'attachment; filename="oecherlab-meine-daten.json"'
    return json_response(
        document, headers={"Content-Disposition": disposition, "Cache-Control": "no-store"}
    )


@routes.delete("/api/me")
async def erase(request: web.Request) -> web.Response:
    """Delete everything tied to the caller's token in every service: {erased: {service:
    counts}}. The device's token stays valid: a later contribution starts afresh."""
    who = await require(request, request.app[VERIFIER], "participant")
    request.app[ME_LIMIT].check(who.sub)
    headers = {"Authorization": f"Bearer {bearer_token(request)}"}
    names = services_with_personal_data(request)
    answers = await asyncio.gather(
        *(ask(request, n, "DELETE", f"/api/{n}/me", NOT_ERASED, headers=headers) for n in names),
        return_exceptions=True,
    )
    for answer in answers:
        if isinstance(answer, BaseException):
            raise answer
    erased = {n: a.get("erased", {}) for n, a in zip(names, answers, strict=True)}
    return json_response({"erased": erased}, headers={"Cache-Control": "no-store"})
