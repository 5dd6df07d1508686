"""What the exhibitions service holds of the calling participant (DSGVO Art. 15 and 20): their
ratings given on their phone, each with its exhibit and the comment it carries. The gateway's
GET /api/me/export collects this with every other service's answer.

A kiosk's ratings are no one's: a tablet rates for whoever stands at it. Events carry only a
pseudonym of the participant (domain_feedback.rater_hash), the counters no one's id at all.
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from services.exhibitions import views
from services.exhibitions.api_common import VERIFIER, service_of
from services.exhibitions.handlers import ExhibitionsService
from shared.auth import require
from shared.web import json_response

routes = web.RouteTableDef()


async def participant_data(service: ExhibitionsService, participant: str) -> views.View:
    """Everything stored tied to the participant, shaped by views.participant_view."""
    ratings = await service.stores.ratings.of_participant(participant)
    # One read per distinct exhibit and comment: a participant's own data is small.
    exhibit_ids = sorted({r["exhibit_id"] for r in ratings})
    comment_ids = sorted({r["comment_id"] for r in ratings if r.get("comment_id")})
    exhibits = await asyncio.gather(*(service.stores.exhibits.get(x) for x in exhibit_ids))
    comments = await asyncio.gather(*(service.stores.comments.get(c) for c in comment_ids))
    return views.participant_view(
        ratings,
        dict(zip(exhibit_ids, exhibits, strict=True)),
        dict(zip(comment_ids, comments, strict=True)),
    )


@routes.get("/api/exhibitions/me")
async def mine(request: web.Request) -> web.Response:
    """Everything stored tied to the caller's token (its `sub`): {service, ratings}."""
    who = await require(request, request.app[VERIFIER], "participant")
    data = await participant_data(service_of(request), who.sub)
    # Personal data: no shared cache may keep a copy.
    return json_response(data, headers={"Cache-Control": "no-store"})
