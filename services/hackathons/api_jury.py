"""Routes of the jury: staff make jury accounts jurors of a hackathon and follow their progress;
a juror sees the projects to score (blind to the others) and scores them."""

from __future__ import annotations

from typing import Annotated

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field

from services.hackathons import views
from services.hackathons.api_common import LongText, Username, juror, service_of, staff
from services.hackathons.commands import AssignJuror, DeclareConflict, RemoveJuror, ScoreProject
from services.hackathons.domain import Doc, is_submitted
from services.hackathons.handlers import HackathonsService
from services.hackathons.handlers_jury import (
    assign_juror,
    declare_conflict,
    remove_juror,
    score_project,
)
from shared.problems import Problem
from shared.web import json_response, parse_body

routes = web.RouteTableDef()


class JurorIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    username: Username


class ScoresIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    # Checked against the rubric by the rules (scoring.check_scores), which name what is wrong.
    scores: dict[Annotated[str, Field(max_length=80)], int] = Field(max_length=6)
    note: Annotated[LongText, Field(max_length=2000)] | None = None


class ConflictIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    conflict: bool


async def _jurors(service: HackathonsService, hackathon: Doc) -> dict:
    cards = await service.stores.scores.of_hackathon(hackathon["_id"])
    teams = await service.stores.teams.of_hackathon(hackathon["_id"])
    items = []
    for name in hackathon["jurors"]:
        mine = [c for c in cards if c["juror"] == name]
        items.append(
            {
                "username": name,
                "scored": sum(1 for c in mine if c.get("scores")),
                "conflicts": sum(1 for c in mine if c.get("conflict")),
            }
        )
    return {"items": items, "projects": sum(1 for t in teams if is_submitted(t))}


@routes.get("/api/hackathons/{hackathon_id}/jury")
async def list_jurors(request: web.Request) -> web.Response:
    """The jurors and how far each has come."""
    await staff(request)
    service = service_of(request)
    hackathon = await service.hackathon(request.match_info["hackathon_id"])
    return json_response(await _jurors(service, hackathon))


@routes.post("/api/hackathons/{hackathon_id}/jury")
async def add_juror(request: web.Request) -> web.Response:
    """Make a jury account a juror of this hackathon."""
    await staff(request)
    data = await parse_body(request, JurorIn)
    service = service_of(request)
    command = AssignJuror(request.match_info["hackathon_id"], data.username)
    return json_response(await _jurors(service, await assign_juror(service, command)))


@routes.delete("/api/hackathons/{hackathon_id}/jury/{username}")
async def drop_juror(request: web.Request) -> web.Response:
    """The account is a juror here no more."""
    await staff(request)
    service = service_of(request)
    command = RemoveJuror(request.match_info["hackathon_id"], request.match_info["username"])
    return json_response(await _jurors(service, await remove_juror(service, command)))


@routes.get("/api/hackathons/{hackathon_id}/assignments")
async def assignments(request: web.Request) -> web.Response:
    """The projects the calling juror scores, with their own scores only."""
    name = await juror(request)
    service = service_of(request)
    hackathon = await service.hackathon(request.match_info["hackathon_id"])
    if name not in hackathon["jurors"]:
        raise Problem(
            403,
            "You are not a juror of this hackathon.",
            detail_de="Sie sind nicht in der Jury dieses Hackathons.",
            code="not-a-juror",
        )
    teams = [
        t for t in await service.stores.teams.of_hackathon(hackathon["_id"]) if is_submitted(t)
    ]
    challenges = {
        c["_id"]: c["title"] for c in await service.stores.challenges.of_hackathon(hackathon["_id"])
    }
    cards = {c["team_id"]: c for c in await service.stores.scores.of_juror(hackathon["_id"], name)}
    items = []
    for team in teams:
        card = cards.get(team["_id"]) or {}
        mine = {"scores": card["scores"], "note": card["note"]} if card.get("scores") else None
        items.append(
            {
                "team_id": team["_id"],
                "team": team["name"],
                "challenge": challenges.get(team["challenge_id"], ""),
                "project": views.project_view(team),
                "mine": mine,
                "conflict": bool(card.get("conflict")),
            }
        )
    done = sum(1 for i in items if i["mine"] or i["conflict"])
    return json_response(
        {
            "hackathon": views.hackathon_view(hackathon),
            "items": items,
            "progress": {"done": done, "total": len(items)},
        }
    )


@routes.put("/api/hackathons/projects/{team_id}/scores")
async def put_scores(request: web.Request) -> web.Response:
    """The calling juror's scores of one project, on every criterion."""
    name = await juror(request)
    data = await parse_body(request, ScoresIn)
    command = ScoreProject(request.match_info["team_id"], name, data.scores, data.note or "")
    card = await score_project(service_of(request), command)
    return json_response({k: card[k] for k in ("team_id", "scores", "note")})


@routes.put("/api/hackathons/projects/{team_id}/conflict")
async def put_conflict(request: web.Request) -> web.Response:
    """The calling juror declares (or takes back) a conflict of interest with a project."""
    name = await juror(request)
    data = await parse_body(request, ConflictIn)
    command = DeclareConflict(request.match_info["team_id"], name, data.conflict)
    card = await declare_conflict(service_of(request), command)
    return json_response({k: card[k] for k in ("team_id", "conflict")})
