"""What the exhibitions service holds of the calling participant (DSGVO Art. 15 and 20): their
ratings given on their phone, each with its exhibit and the comment it carries; and its erasure
(Art. 17, handlers_erasure.py). The gateway's GET /api/me/export and DELETE /api/me collect
these with every other service's answers.

A kiosk's ratings are no one's: a tablet rates for whoever stands at it. Events carry only a
pseudonym of the participant (domain_feedback.rater_hash), the counters no one's id at all.
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from services.exhibitions import views
from services.exhibitions.api_common import VERIFIER, service_of
from services.exhibitions.domain import Doc, iso
from services.exhibitions.handlers import ExhibitionsService
from services.exhibitions.handlers_erasure import erase_participant
from shared.auth import require
from shared.web import json_response

routes = web.RouteTableDef()


def participant_view(
    ratings: list[Doc], exhibits: dict[str, Doc | None], comments: list[Doc]
) -> views.View:
    """GET /api/exhibitions/me: one participant's ratings with their exhibits' titles, the
    comment each carries now ({body, status}, or None) and every comment given with it
    (`comments`, oldest first: a replaced rating's earlier comments stay stored)."""
    by_id = {c["_id"]: c for c in comments}

    def comment(rating: Doc) -> views.View | None:
        found = by_id.get(rating.get("comment_id") or "")
        return {"body": found["body"], "status": found["status"]} if found else None

    def given(rating: Doc) -> list[views.View]:
        return [
            {"body": c["body"], "status": c["status"], "created_at": iso(c["created_at"])}
            for c in comments
            if c["rating_id"] == rating["_id"]
        ]

    return {
        "service": "exhibitions",
        "ratings": [
            {
                "exhibit_id": r["exhibit_id"],
                "exhibit_title": (exhibits.get(r["exhibit_id"]) or {}).get("title"),
                "exhibition_id": r["exhibition_id"],
                "rating": r["rating"],
                "given_at": iso(r["given_at"]),
                "comment": comment(r),
                "comments": given(r),
            }
            for r in ratings
        ],
    }


async def participant_data(service: ExhibitionsService, participant: str) -> views.View:
    """Everything stored tied to the participant, shaped by participant_view."""
    ratings = await service.stores.ratings.of_participant(participant)
    # One read per distinct exhibit: a participant's own data is small.
    exhibit_ids = sorted({r["exhibit_id"] for r in ratings})
    exhibits = await asyncio.gather(*(service.stores.exhibits.get(x) for x in exhibit_ids))
    # Every comment given with the ratings, the earlier ones of a replaced rating included.
    comments = await service.stores.comments.of_ratings([r["_id"] for r in ratings])
    return participant_view(ratings, dict(zip(exhibit_ids, exhibits, strict=True)), comments)


@routes.get("/api/exhibitions/me")
async def mine(request: web.Request) -> web.Response:
    """Everything stored tied to the caller's token (its `sub`): {service, ratings}."""
    who = await require(request, request.app[VERIFIER], "participant")
    data = await participant_data(service_of(request), who.sub)
    # Personal data: no shared cache may keep a copy.
    return json_response(data, headers={"Cache-Control": "no-store"})


@routes.delete("/api/exhibitions/me")
async def erase(request: web.Request) -> web.Response:
    """Delete the caller's ratings and comments: {service, erased: {ratings, comments}}."""
    who = await require(request, request.app[VERIFIER], "participant")
    erased = await erase_participant(service_of(request), who.sub)
    counts = {"ratings": erased.ratings, "comments": erased.comments}
    return json_response({"service": "exhibitions", "erased": counts})
