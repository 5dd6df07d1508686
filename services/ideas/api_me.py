"""What the ideas service holds of the calling participant (DSGVO Art. 15 and 20): the ideas
they submitted (in every status, the location as stored), their comments in every moderation
status and their supports. The gateway's GET /api/me/export collects this with every other
service's. Withdrawn ideas are not in it: nothing of them is kept."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from services.ideas import domain
from services.ideas.api_common import SERVICE, VERIFIER
from services.ideas.handlers import IdeasService
from services.ideas.handlers_erasure import erase_participant
from shared.auth import require
from shared.web import json_response

routes = web.RouteTableDef()


@routes.get("/api/ideas/me")
async def mine(request: web.Request) -> web.Response:
    """The caller's ideas, comments and supports."""
    who = await require(request, request.app[VERIFIER], "participant")
    service = request.app[SERVICE]
    ideas = await service.ideas.of_author(who.sub)
    comments = await service.comments.of_author(who.sub)
    supports = await service.supports.of_participant(who.sub)
    reacted = {c["idea_id"] for c in comments} | {s["idea_id"] for s in supports}
    titles = await _titles(service, reacted)
    answer: dict[str, Any] = {
        "service": "ideas",
        "ideas": [domain.public_view(i, who.sub) for i in ideas],
        "comments": [
            {
                "idea_id": c["idea_id"],
                "idea_title": titles.get(c["idea_id"]),
                "body": c["body"],
                "status": c["status"],
                "created_at": c["created_at"],
            }
            for c in comments
        ],
        "supports": [
            {"idea_id": s["idea_id"], "idea_title": titles.get(s["idea_id"]), "at": s["at"]}
            for s in supports
        ],
    }
    return json_response(answer, headers={"Cache-Control": "no-store"})


@routes.delete("/api/ideas/me")
async def erase(request: web.Request) -> web.Response:
    """Delete the caller's ideas, comments and supports: {service, erased: {ideas, comments,
    supports}}; comments and supports counted are those on other people's ideas (the ones on
    their own ideas go with those)."""
    who = await require(request, request.app[VERIFIER], "participant")
    erased = await erase_participant(request.app[SERVICE], who.sub)
    counts = {"ideas": erased.ideas, "comments": erased.comments, "supports": erased.supports}
    return json_response({"service": "ideas", "erased": counts})


async def _titles(service: IdeasService, idea_ids: set[str]) -> dict[str, str]:
    found = {}
    for idea_id in sorted(idea_ids):
        idea = await service.ideas.get(idea_id)
        if idea is not None and not domain.is_withdrawn(idea):
            found[idea_id] = idea["title"]
    return found
