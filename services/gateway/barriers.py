"""Barrier reports, the feedback form the accessibility statement must offer (BITV NRW): anyone
sends one without a token; moderators and admins list them and mark them done.

Sending is limited per client address, as wrong join codes are (joincodes.py): there is no token
to key on, and asking for a proof of work would put a barrier in front of reporting one. Five
reports in a burst, then one a minute. Behind a proxy the peer is the proxy and the limit is
shared; a second limit over all clients caps what a crowd of addresses can store either way.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from aiohttp import web
from pydantic import BaseModel, ConfigDict, StringConstraints

from services.gateway.barrier_store import STATUSES, BarrierStore, report_view
from services.gateway.login import client_address
from services.gateway.state import VERIFIER
from shared.auth import require
from shared.clock import now_ms
from shared.problems import Problem
from shared.ratelimit import RateLimiter
from shared.text import Text
from shared.web import json_response, parse_body

BARRIERS = web.AppKey("barrier_reports", BarrierStore)
BARRIER_LIMIT = web.AppKey("barrier_report_limiter", RateLimiter)
ALL_BARRIERS_LIMIT = web.AppKey("barrier_report_limiter_all", RateLimiter)
REPORT_BURST, REPORT_REFILL_PER_S = 5, 1 / 60
ALL_BURST, ALL_REFILL_PER_S = 100, 1 / 10
# A path on this site ("/", "/moderate", "/exhibit/AB12?x"): never a URL to elsewhere, no "//"
# or "/\" (which browsers read as another host), no spaces.
PAGE_PATTERN = r"^/([^/\\\s][^\\\s]*)?$"
REPORT_ID = re.compile(r"^[0-9a-f]{16}$")

routes = web.RouteTableDef()


class BarrierIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    page: Annotated[Text, StringConstraints(min_length=1, max_length=200, pattern=PAGE_PATTERN)]
    description: Annotated[Text, StringConstraints(min_length=1, max_length=2000)]
    contact: Annotated[Text, StringConstraints(max_length=200)] | None = None


class BarrierStatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    status: Literal["open", "done"]


def add_limiters(app: web.Application) -> None:
    """The per-client and the overall limit of new reports."""
    app[BARRIER_LIMIT] = RateLimiter(REPORT_BURST, REPORT_REFILL_PER_S, max_keys=20_000)
    app[ALL_BARRIERS_LIMIT] = RateLimiter(ALL_BURST, ALL_REFILL_PER_S)


@routes.post("/api/barriers")
async def report(request: web.Request) -> web.Response:
    """POST /api/barriers {page, description, contact?} → 201 {id, message, message_de}."""
    data = await parse_body(request, BarrierIn)
    # After the body is read: only reports that would be stored use up an allowance.
    request.app[BARRIER_LIMIT].check(client_address(request))
    request.app[ALL_BARRIERS_LIMIT].check("all")
    stored = await request.app[BARRIERS].add(
        data.page, data.description, data.contact or None, now_ms()
    )
    answer = {
        "id": stored["_id"],
        "message": "Thank you! Your report has been received; the team will look into it.",
        "message_de": "Danke! Ihre Meldung ist eingegangen; das Team kümmert sich darum.",
    }
    return json_response(answer, status=201)


@routes.get("/api/barriers")
async def list_reports(request: web.Request) -> web.Response:
    """GET /api/barriers?status=open|done (moderator or admin) → {items}, oldest first."""
    await require(request, request.app[VERIFIER], "moderator")
    status = request.query.get("status", "open")
    if status not in STATUSES:
        raise Problem(
            400,
            "status must be open or done.",
            detail_de="Der Status muss open oder done sein.",
            code="bad-query",
        )
    reports = await request.app[BARRIERS].with_status(status)
    return json_response({"items": [report_view(r) for r in reports]})


@routes.post("/api/barriers/{report_id}/status")
async def set_status(request: web.Request) -> web.Response:
    """POST /api/barriers/{id}/status {status: open|done} (moderator or admin) → the report."""
    who = await require(request, request.app[VERIFIER], "moderator")
    data = await parse_body(request, BarrierStatusIn)
    report_id = request.match_info["report_id"]
    found = None
    if REPORT_ID.match(report_id):
        by = who.sub.removeprefix("u:")
        found = await request.app[BARRIERS].set_status(report_id, data.status, by, now_ms())
    if found is None:
        raise Problem(
            404,
            "There is no such barrier report.",
            detail_de="Diese Meldung gibt es nicht.",
            code="not-found",
        )
    return json_response(report_view(found))
