"""Routes on teams: form one, find one by its invite code, join it, show it, write its project
page. Teams need no accounts: a participant token (the phone) is a member."""

from __future__ import annotations

from typing import Annotated

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from services.hackathons import views
from services.hackathons.api_common import (
    INVITE_LIMIT,
    LongText,
    Name,
    Title,
    WebUrl,
    participant,
    service_of,
    writing_participant,
)
from services.hackathons.commands import CreateTeam, EditProject, JoinTeam
from services.hackathons.handlers import not_found
from services.hackathons.handlers_teams import create_team, edit_project, join_team
from shared.auth import principal_of
from shared.clock import now_ms
from shared.errors import DomainError
from shared.runtime import VERIFIER
from shared.web import json_response, parse_body

routes = web.RouteTableDef()
Code = Annotated[str, StringConstraints(min_length=1, max_length=20)]


class TeamIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    name: Name
    challenge_id: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    members: list[Name] = Field(default_factory=list, max_length=12)


class JoinIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    invite_code: Code
    name: Name | None = None


class ProjectIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    title: Title
    summary: Annotated[LongText, StringConstraints(min_length=1, max_length=1000)]
    problem: LongText | None = None
    solution: LongText | None = None
    links: list[WebUrl] = Field(default_factory=list, max_length=5)
    open_data: bool = False


def _member(request: web.Request, team: dict) -> dict:
    return views.member_view(team, service_of(request).invite_url(team))


@routes.post("/api/hackathons/{hackathon_id}/teams")
async def create(request: web.Request) -> web.Response:
    """A new team with the caller as its first member, and its invite code."""
    who = await writing_participant(request)
    data = await parse_body(request, TeamIn)
    command = CreateTeam(
        request.match_info["hackathon_id"], data.challenge_id, data.name, who.sub, data.members
    )
    team = await create_team(service_of(request), command)
    headers = {"Location": f"/api/hackathons/teams/{team['_id']}"}
    return json_response(_member(request, team), status=201, headers=headers)


@routes.get("/api/hackathons/{hackathon_id}/my-team")
async def my_team(request: web.Request) -> web.Response:
    """The caller's team in this hackathon, as its members see it."""
    who = await participant(request)
    service = service_of(request)
    team_id = await service.stores.teams.team_of(request.match_info["hackathon_id"], who.sub)
    if team_id is None:
        raise not_found("team")
    return json_response(_member(request, await service.team(team_id)))


@routes.get("/api/hackathons/invites/{code}")
async def invite(request: web.Request) -> web.Response:
    """Which team an invite code belongs to; wrong codes are limited per participant (behind
    the gateway every request comes from its address, so the token is the client)."""
    who = await participant(request)
    limiter = request.app[INVITE_LIMIT]
    limiter.refuse_if_exhausted(who.sub)
    team = await service_of(request).stores.teams.by_code(request.match_info["code"].upper())
    if team is None:
        limiter.check(who.sub)
        raise not_found("team")
    view = {"team_id": team["_id"], "team": team["name"], "hackathon_id": team["hackathon_id"]}
    return json_response(view)


@routes.post("/api/hackathons/teams/{team_id}/join")
async def join(request: web.Request) -> web.Response:
    """Join a team with its invite code."""
    who = await writing_participant(request)
    data = await parse_body(request, JoinIn)
    limiter = request.app[INVITE_LIMIT]
    limiter.refuse_if_exhausted(who.sub)
    command = JoinTeam(request.match_info["team_id"], data.invite_code, who.sub, data.name)
    try:
        team = await join_team(service_of(request), command)
    except DomainError as refused:
        if refused.code == "wrong-invite-code":
            limiter.check(who.sub)
        raise
    return json_response(_member(request, team))


@routes.get("/api/hackathons/teams/{team_id}")
async def show(request: web.Request) -> web.Response:
    """A team and its project page (its members also see the invite code and names)."""
    team = await service_of(request).team(request.match_info["team_id"])
    who = await principal_of(request, request.app[VERIFIER])
    if who is not None and who.sub in team["members"]:
        return json_response(_member(request, team))
    return json_response(views.team_view(team))


@routes.put("/api/hackathons/teams/{team_id}/project")
async def put_project(request: web.Request) -> web.Response:
    """A member writes the project page, until the submission deadline."""
    who = await writing_participant(request)
    data = await parse_body(request, ProjectIn)
    project = data.model_dump()
    project.update(problem=data.problem or "", solution=data.solution or "")
    command = EditProject(request.match_info["team_id"], who.sub, project, now_ms())
    return json_response(_member(request, await edit_project(service_of(request), command)))
