"""Routes on hackathons: create, list, show, move the phase, add challenges, the leaderboard
and the audience vote."""

from __future__ import annotations

from typing import Annotated

from aiohttp import web
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from services.hackathons import leaderboard, views
from services.hackathons.api_common import (
    LongText,
    Name,
    Title,
    WebUrl,
    service_of,
    staff,
    token_of,
    utc_ms,
)
from services.hackathons.commands import (
    AddChallenge,
    ChangePhase,
    CreateHackathon,
    StartAudienceVote,
)
from services.hackathons.domain import Phase
from services.hackathons.handlers_audience import start_audience_vote
from services.hackathons.handlers_hackathons import add_challenge, change_phase, create_hackathon
from shared.auth import principal_of
from shared.problems import Problem
from shared.runtime import VERIFIER
from shared.web import json_response, parse_body

routes = web.RouteTableDef()


class CriterionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    name: Name
    weight: Annotated[float, Field(ge=0.1, le=10, strict=False)] | None = None


class HackathonIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    title: Title
    target_groups: list[Name] = Field(default_factory=list, max_length=12)
    description: LongText | None = None
    place: Annotated[Name, Field(max_length=200)] | None = None
    submission_deadline: Annotated[AwareDatetime, Field(strict=False)]
    rubric: list[CriterionIn] = Field(min_length=1, max_length=6)
    max_team_size: Annotated[int, Field(ge=1, le=12)] | None = None


class PhaseIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    phase: Annotated[Phase, Field(strict=False)]


class ChallengeIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    title: Title
    description: LongText | None = None
    dataset_url: WebUrl | None = None


@routes.post("/api/hackathons")
async def create(request: web.Request) -> web.Response:
    """A new hackathon, in registration."""
    await staff(request)
    data = await parse_body(request, HackathonIn)
    spec = data.model_dump()
    spec["submission_deadline"] = utc_ms(data.submission_deadline)
    hackathon = await create_hackathon(service_of(request), CreateHackathon(spec))
    headers = {"Location": f"/api/hackathons/{hackathon['_id']}"}
    return json_response(views.staff_hackathon_view(hackathon), status=201, headers=headers)


@routes.get("/api/hackathons")
async def list_hackathons(request: web.Request) -> web.Response:
    """Every hackathon, newest first."""
    items = await service_of(request).stores.hackathons.newest()
    return json_response({"items": [views.hackathon_view(h) for h in items]})


@routes.get("/api/hackathons/{hackathon_id}")
async def show(request: web.Request) -> web.Response:
    """One hackathon with its challenges and teams (staff also see its jurors)."""
    service = service_of(request)
    hackathon = await service.hackathon(request.match_info["hackathon_id"])
    who = await principal_of(request, request.app[VERIFIER])
    view = (views.staff_hackathon_view if who and who.is_staff else views.hackathon_view)(hackathon)
    challenges = await service.stores.challenges.of_hackathon(hackathon["_id"])
    teams = await service.stores.teams.of_hackathon(hackathon["_id"])
    view["challenges"] = [views.challenge_view(c) for c in challenges]
    view["teams"] = [views.team_view(t) for t in teams]
    return json_response(view)


@routes.post("/api/hackathons/{hackathon_id}/phase")
async def move_phase(request: web.Request) -> web.Response:
    """Move the phase forward; to results: the reveal."""
    await staff(request)
    data = await parse_body(request, PhaseIn)
    command = ChangePhase(request.match_info["hackathon_id"], data.phase, token_of(request))
    hackathon = await change_phase(service_of(request), command)
    return json_response(views.staff_hackathon_view(hackathon))


@routes.post("/api/hackathons/{hackathon_id}/challenges")
async def add(request: web.Request) -> web.Response:
    """A new challenge, optionally on an open data set."""
    await staff(request)
    data = await parse_body(request, ChallengeIn)
    command = AddChallenge(
        request.match_info["hackathon_id"], data.title, data.description or "", data.dataset_url
    )
    challenge = await add_challenge(service_of(request), command)
    return json_response(views.challenge_view(challenge), status=201)


@routes.get("/api/hackathons/{hackathon_id}/leaderboard")
async def show_leaderboard(request: web.Request) -> web.Response:
    """The ranking: staff always, everyone once the results are out."""
    service = service_of(request)
    hackathon = await service.hackathon(request.match_info["hackathon_id"])
    who = await principal_of(request, request.app[VERIFIER])
    is_staff = bool(who and who.is_staff)
    if hackathon["phase"] != Phase.RESULTS and not is_staff:
        raise Problem(
            403,
            "The leaderboard is shown once the results are out.",
            detail_de="Die Rangliste ist sichtbar, sobald die Ergebnisse verkündet sind.",
            code="not-revealed",
        )
    live = None
    audience = hackathon.get("audience")
    if is_staff and audience and not audience.get("result"):
        try:
            results = await service.outside.voting.results(audience["poll_id"], token_of(request))
            live = leaderboard.audience_votes(audience, results)
        except Problem:
            live = None  # the jury's ranking does not wait for the voting service
    return json_response(await leaderboard.board(service, hackathon, live))


@routes.post("/api/hackathons/{hackathon_id}/audience-vote")
async def audience_vote(request: web.Request) -> web.Response:
    """Start the audience vote through the voting service (once; again: the same one)."""
    await staff(request)
    command = StartAudienceVote(request.match_info["hackathon_id"], token_of(request))
    audience, made = await start_audience_vote(service_of(request), command)
    view = {k: audience[k] for k in ("session_id", "poll_id", "join_code")}
    return json_response(view, status=201 if made else 200)
