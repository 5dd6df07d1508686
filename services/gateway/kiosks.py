"""Setting up an exhibit's kiosk tablet: the exhibitions service registers a kiosk (and can
revoke it), the gateway signs its long-lived token bound to that exhibit (only the gateway holds
the signing key)."""

from __future__ import annotations

from aiohttp import web

from services.gateway.state import ISSUER, SETTINGS, VERIFIER
from services.gateway.upstream import ask
from shared.auth import require
from shared.problems import Problem
from shared.upstream import unavailable
from shared.web import json_response


def _unavailable() -> Problem:
    return unavailable(
        "Kiosks cannot be set up right now; please try again shortly.",
        "Kiosks lassen sich gerade nicht einrichten; bitte gleich noch einmal.",
        "exhibitions-unavailable",
    )


async def set_up_kiosk(request: web.Request) -> web.Response:
    """POST /api/exhibitions/exhibits/{exhibit_id}/kiosk (staff) → a kiosk token."""
    await require(request, request.app[VERIFIER], "moderator")
    exhibit_id = request.match_info["exhibit_id"]
    # The service checks the staff token again and refuses unknown exhibits (404).
    headers = {"Authorization": request.headers["Authorization"]}
    path = f"/api/exhibitions/exhibits/{exhibit_id}/kiosks"
    kiosk = await ask(request, "exhibitions", "POST", path, _unavailable(), headers=headers)
    ttl = request.app[SETTINGS].kiosk_token_ttl_s
    token = request.app[ISSUER].issue(
        str(kiosk["kiosk_id"]), "kiosk", ttl, exhibit_id=str(kiosk["exhibit_id"])
    )
    body = {"access_token": token, "token_type": "Bearer", "expires_in": ttl, **kiosk}
    return json_response(body, status=201)


def add_kiosk_route(app: web.Application) -> None:
    """The kiosk set-up, before the proxy's catch-all (DELETE of the same path is proxied)."""
    app.router.add_post("/api/exhibitions/exhibits/{exhibit_id}/kiosk", set_up_kiosk)
