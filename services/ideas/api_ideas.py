"""Routes on one idea: submit it, show it, change its status, withdraw it."""

from __future__ import annotations

from typing import Annotated

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from services.ideas import domain
from services.ideas.api_common import (
    IDEA_LIMIT,
    SERVICE,
    VERIFIER,
    idea_view,
    idempotency_key,
    limit_unless_retry,
)
from services.ideas.commands import ChangeStatus, SubmitIdea, WithdrawIdea
from services.ideas.domain import Location, Status
from services.ideas.handlers import not_found
from services.ideas.handlers_ideas import change_status, submit_idea, withdraw_idea
from shared.auth import principal_of, require
from shared.text import Text
from shared.web import json_response, parse_body

routes = web.RouteTableDef()


class LocationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class IdeaIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    title: Annotated[Text, StringConstraints(min_length=3, max_length=120)]
    body: Annotated[Text, StringConstraints(max_length=2000)] = ""
    field: Annotated[Text, StringConstraints(min_length=1, max_length=200)]
    location: LocationIn | None = None
    # Stored rounded to about 100 m unless the author opts into the exact spot.
    exact_location: bool = False


class StatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    status: Status = Field(strict=False)
    answer: Annotated[Text, StringConstraints(min_length=1, max_length=4000)] | None = None


@routes.post("/api/ideas")
async def submit(request: web.Request) -> web.Response:
    """Submit an idea: 201 when new, 200 with the first answer for a retried Idempotency-Key."""
    who = await require(request, request.app[VERIFIER], "participant")
    data = await parse_body(request, IdeaIn)
    command = SubmitIdea(
        title=data.title,
        body=data.body,
        field=data.field,
        location=Location(data.location.lat, data.location.lon) if data.location else None,
        author=who.sub,
        idempotency_key=idempotency_key(request),
        exact_location=data.exact_location,
    )
    await limit_unless_retry(request, IDEA_LIMIT, who.sub, command.replay_key)
    idea, created = await submit_idea(request.app[SERVICE], command)
    return json_response(
        domain.public_view(idea, who.sub),
        status=201 if created else 200,
        headers={"Location": f"/api/ideas/{idea['_id']}"},
    )


@routes.get("/api/ideas/{idea_id}")
async def show(request: web.Request) -> web.Response:
    """One idea: published ones for anyone, others for staff and their author only."""
    who = await principal_of(request, request.app[VERIFIER])
    service = request.app[SERVICE]
    idea = service.get(request.match_info["idea_id"])
    staff = who is not None and who.is_staff
    mine = who is not None and idea.get("author") == who.sub
    if not (domain.is_public(idea) or staff or mine):
        raise not_found()
    view = idea_view(idea, who)
    if who is not None and who.role == "participant" and domain.is_public(idea):
        view["supported"] = await service.supported_by(idea["_id"], who.sub)
    return json_response(view)


@routes.post("/api/ideas/{idea_id}/status")
async def set_status(request: web.Request) -> web.Response:
    """A moderator's decision on an idea, with an optional official answer."""
    who = await require(request, request.app[VERIFIER], "moderator")
    data = await parse_body(request, StatusIn)
    command = ChangeStatus(request.match_info["idea_id"], data.status, data.answer, who.sub)
    idea = await change_status(request.app[SERVICE], command)
    return json_response(idea_view(idea, who))


@routes.delete("/api/ideas/{idea_id}")
async def withdraw(request: web.Request) -> web.Response:
    """The author withdraws their idea: 204, and it is erased with its comments and supports.
    Someone else's idea: 403; unknown or withdrawn already: 404 (nothing of it is left)."""
    who = await require(request, request.app[VERIFIER], "participant")
    command = WithdrawIdea(request.match_info["idea_id"], who.sub)
    await withdraw_idea(request.app[SERVICE], command)
    return web.Response(status=204)
