"""GET /api/legal: who operates this installation, for the imprint, the privacy notice and the
accessibility statement. No token: these are the details every visitor must be able to read.

The values come from configuration (shared/settings.py). An empty one is answered as null, and
the page shows "to be filled in by the operator" with the variable's name in its place.
"""

from __future__ import annotations

from aiohttp import web

from services.gateway.state import SETTINGS
from shared.web import json_response

# The settings the pages show, in the order an operator fills them in.
LEGAL_FIELDS = (
    "operator_name",
    "operator_representative",
    "operator_address",
    "operator_email",
    "operator_phone",
    "content_responsible",
    "dpo_contact",
    "accessibility_contact",
    "data_processors",
    "supervisory_authority",
    "enforcement_body",
)

# When the accessibility statement's self-assessment was made (axe-core in Chromium and keyboard
# checks of every page); a new assessment sets the new date here.
STATEMENT_DATE = "2026-12-02"

routes = web.RouteTableDef()


@routes.get("/api/legal")
async def legal(request: web.Request) -> web.Response:
    """GET /api/legal → {<field>: text | null, …, public_url, statement_date,
    retention_votes_days}."""
    settings = request.app[SETTINGS]
    values = {name: str(getattr(settings, name)).strip() or None for name in LEGAL_FIELDS}
    body = {
        **values,
        "public_url": settings.public_url,
        "statement_date": STATEMENT_DATE,
        # Configured retention, as the privacy notice states it (a string: "0" is a value too).
        "retention_votes_days": f"{settings.retention_votes_days:g}",
    }
    # Configuration changes only with a restart, but a changed entry should show at once.
    return json_response(body, headers={"Cache-Control": "no-cache"})
