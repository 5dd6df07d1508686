"""What the hackathons service holds of the calling participant (DSGVO Art. 15 and 20): their
teams in every hackathon, as their members see them; and its erasure (Art. 17,
handlers_erasure.py). The gateway's GET /api/me/export and DELETE /api/me collect these with
every other service's."""

from __future__ import annotations

from aiohttp import web

from services.hackathons import views
from services.hackathons.api_common import participant, service_of
from services.hackathons.handlers_erasure import erase_participant
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


@routes.delete("/api/hackathons/me")
async def erase(request: web.Request) -> web.Response:
    """Take the caller out of every team: {service, erased: {teams}}."""
    who = await participant(request)
    left = await erase_participant(service_of(request), who.sub)
    return json_response({"service": "hackathons", "erased": {"teams": left}})
