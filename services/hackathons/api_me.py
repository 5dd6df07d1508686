"""What the hackathons service holds of the calling participant (DSGVO Art. 15 and 20): their
teams in every hackathon, as their members see them. The gateway's GET /api/me/export collects
this with every other service's."""

from __future__ import annotations

from aiohttp import web

from services.hackathons import views
from services.hackathons.api_common import participant, service_of
from shared.web import json_response

routes = web.RouteTableDef()


@routes.get("/api/hackathons/me")
async def mine(request: web.Request) -> web.Response:
    """The caller's teams with their project pages, invite codes and the names they typed."""
    who = await participant(request)
    service = service_of(request)
    teams = []
    for team in await service.stores.teams.of_member(who.sub):
        hackathon = await service.stores.hackathons.get(team["hackathon_id"])
        view = views.member_view(team, service.invite_url(team))
        view["hackathon"] = {"id": team["hackathon_id"], "title": (hackathon or {}).get("title")}
        teams.append(view)
    return json_response({"service": "hackathons", "teams": teams})
