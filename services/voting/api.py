"""HTTP routes of the voting service: parse and check input, call a handler, shape the answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from aiohttp import web
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from services.voting import domain, views
from services.voting.appkeys import ATTENDANCE, SERVICE, VERIFIER
from services.voting.domain import PollType
from services.voting.groupcommit import Ballot, VoteCommitter
from services.voting.handlers import VotingService, not_found, now_ms
from shared.auth import principal_of, require
from shared.context import correlation_id
from shared.problems import Problem
from shared.ratelimit import RateLimiter
from shared.text import Text, clean_texts
from shared.web import json_response, parse_body

Label = Annotated[Text, StringConstraints(min_length=1, max_length=80)]
EndLabel = Annotated[Text, StringConstraints(max_length=40)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class PollSettingsIn(Strict):
    results: Literal["live", "hidden"] = "hidden"
    timer_s: int | None = Field(default=None, ge=5, le=3600)
    allow_change: bool = True
    max_choices: int | None = Field(default=None, ge=1, le=12)
    min: int | None = Field(default=None, ge=-10, le=100)
    max: int | None = Field(default=None, ge=-10, le=100)
    min_label: EndLabel | None = None
    max_label: EndLabel | None = None
    budget: int | None = Field(default=None, ge=1, le=1000)


class PollIn(Strict):
    question: Annotated[Text, StringConstraints(min_length=1, max_length=200)]
    type: PollType = Field(strict=False)
    options: list[Label] | None = Field(default=None, max_length=domain.MAX_OPTIONS)
    settings: PollSettingsIn | None = None


class VoteIn(Strict):
    # Every text inside a choice is cleaned like any other text; a lone surrogate is a 422 here
    # and never reaches the batch, where it would fail the write of everyone's votes with it.
    choice: Annotated[Any, BeforeValidator(clean_texts)]


class ResetIn(Strict):
    confirm: bool


class NextIn(Strict):
    poll_id: Annotated[str, StringConstraints(max_length=40)] | None = None


class WordsIn(Strict):
    words: list[Annotated[str, StringConstraints(min_length=1, max_length=60)]] = Field(
        min_length=1, max_length=200
    )


COMMITTER = web.AppKey("vote_committer", VoteCommitter)
VOTE_LIMIT = web.AppKey("vote_limiter", RateLimiter)
TALLY_HEARTBEAT = web.AppKey("tally_heartbeat", Callable[[], Awaitable[datetime | None]])
# The tally processor refreshes its heartbeat every 2 s; silence this long means it is away.
TALLY_SILENCE = timedelta(seconds=10)

# The voting rules' codes as HTTP statuses ("invalid-<field>" is 422 everywhere).
STATUSES = {
    "session-locked": 423,
    "session-ended": 409,
    "not-in-session": 403,
    "already-voted": 409,
    "already-open": 409,
    "not-open": 409,
    "poll-closed": 409,
    "not-wordcloud": 409,
    "no-next-poll": 409,
    "vote-store-unavailable": 503,
}

routes = web.RouteTableDef()


def _service(request: web.Request) -> VotingService:
    return request.app[SERVICE]


@routes.get("/api/voting/status")
async def status(request: web.Request) -> web.Response:
    """Whether live tallies are being kept: 200 when the tally processor's heartbeat is fresh."""
    seen = await request.app[TALLY_HEARTBEAT]()
    alive = seen is not None and now_ms() - seen < TALLY_SILENCE
    body = {"tally_processor": "ok" if alive else "silent", "last_heartbeat": seen}
    return json_response(body, status=200 if alive else 503)


@routes.get("/api/voting/sessions/{session_id}/polls")
async def list_polls(request: web.Request) -> web.Response:
    await require(request, request.app[VERIFIER], "moderator")
    service = _service(request)
    session = await service.session(request.match_info["session_id"])
    polls = await service.store.polls_of(session["_id"])
    return json_response({"items": [views.poll_view(p, now_ms(), moderator=True) for p in polls]})


@routes.post("/api/voting/sessions/{session_id}/polls")
async def create_poll(request: web.Request) -> web.Response:
    await require(request, request.app[VERIFIER], "moderator")
    data = await parse_body(request, PollIn)
    settings = data.settings.model_dump(exclude_none=True) if data.settings else {}
    poll = await _service(request).create_poll(
        request.match_info["session_id"], data.question, data.type, data.options, settings
    )
    view = views.poll_view(poll, now_ms(), moderator=True)
    return json_response(view, status=201, headers={"Location": f"/api/voting/polls/{poll['_id']}"})


@routes.post("/api/voting/sessions/{session_id}/next")
async def next_poll(request: web.Request) -> web.Response:
    await require(request, request.app[VERIFIER], "moderator")
    data = await parse_body(request, NextIn) if request.can_read_body else NextIn()
    service = _service(request)
    session = await service.next_poll(request.match_info["session_id"], data.poll_id)
    return json_response(service.session_state(session, await service.current_poll(session)))


@routes.get("/api/voting/polls/{poll_id}")
async def get_poll(request: web.Request) -> web.Response:
    who = await principal_of(request, request.app[VERIFIER])
    poll = await _service(request).poll(request.match_info["poll_id"])
    return json_response(views.poll_view(poll, now_ms(), moderator=bool(who and who.is_staff)))


async def _control(request: web.Request, action: str) -> web.Response:
    await require(request, request.app[VERIFIER], "moderator")
    poll = await _service(request).control(request.match_info["poll_id"], action)
    if action == "reset":
        request.app[ATTENDANCE].touch(poll["session_id"])  # its votes no longer count
    return json_response(views.poll_view(poll, now_ms(), moderator=True))


@routes.post("/api/voting/polls/{poll_id}/open")
async def open_poll(request: web.Request) -> web.Response:
    return await _control(request, "open")


@routes.post("/api/voting/polls/{poll_id}/close")
async def close_poll(request: web.Request) -> web.Response:
    return await _control(request, "close")


@routes.post("/api/voting/polls/{poll_id}/reveal")
async def reveal_poll(request: web.Request) -> web.Response:
    return await _control(request, "reveal")


@routes.post("/api/voting/polls/{poll_id}/reset")
async def reset_poll(request: web.Request) -> web.Response:
    await require(request, request.app[VERIFIER], "moderator")
    data = await parse_body(request, ResetIn)
    if not data.confirm:
        raise Problem(
            422,
            'A reset deletes the results; send {"confirm": true} to do it.',
            detail_de="Zurücksetzen bitte bestätigen.",
            code="confirm-required",
        )
    return await _control(request, "reset")


@routes.post("/api/voting/polls/{poll_id}/words/{verdict:approve|reject}")
async def moderate_words(request: web.Request) -> web.Response:
    await require(request, request.app[VERIFIER], "moderator")
    data = await parse_body(request, WordsIn)
    approve = request.match_info["verdict"] == "approve"
    poll = await _service(request).moderate_words(
        request.match_info["poll_id"], data.words, approve
    )
    return json_response(views.poll_view(poll, now_ms(), moderator=True))


@routes.post("/api/voting/polls/{poll_id}/votes")
async def cast_vote(request: web.Request) -> web.Response:
    who = await require(request, request.app[VERIFIER], "participant")
    data = await parse_body(request, VoteIn)
    poll = await _service(request).poll_for_vote(request.match_info["poll_id"])
    if who.session_id != poll["session_id"]:
        raise Problem(
            403,
            "Join this poll's workshop with its code first.",
            detail_de="Bitte zuerst mit dem Code dem Workshop beitreten.",
            code="not-in-session",
        )
    refusal = domain.vote_refusal(poll, now_ms())
    if refusal is not None:
        raise refusal
    choice = domain.check_choice(poll, data.choice)
    request.app[VOTE_LIMIT].check(who.sub)
    ballot = Ballot(poll["_id"], who.sub, choice, correlation_id.get())
    receipt = await request.app[COMMITTER].cast(ballot)
    request.app[ATTENDANCE].touch(poll["session_id"])  # `voted` may have grown
    return json_response(
        {
            "poll_id": poll["_id"],
            "vote_id": receipt.vote_id,
            "version": receipt.version,
            "choice": choice,
            "status": "accepted",
            "message": "Thank you, your vote counts.",
            "message_de": "Danke, Ihre Stimme zählt.",
        },
        status=202,
    )


@routes.get("/api/voting/polls/{poll_id}/votes/mine")
async def my_vote(request: web.Request) -> web.Response:
    who = await require(request, request.app[VERIFIER], "participant")
    poll = await _service(request).poll(request.match_info["poll_id"])
    vote = await _service(request).store.vote(poll["_id"], poll["round"], who.sub)
    if vote is None:
        raise Problem(
            404,
            "You have not voted on this poll yet.",
            detail_de="Sie haben hier noch nicht abgestimmt.",
            code="no-vote",
        )
    return json_response(
        {"poll_id": poll["_id"], "choice": vote["choice"], "version": vote["version"]}
    )


@routes.get("/api/voting/polls/{poll_id}/results")
async def poll_results(request: web.Request) -> web.Response:
    who = await principal_of(request, request.app[VERIFIER])
    service = _service(request)
    poll = await service.store.poll(request.match_info["poll_id"])
    if poll is None:
        raise not_found("poll")
    staff = who is not None and who.is_staff
    if not (staff or domain.results_visible(poll)):
        raise Problem(
            403,
            "The results are shown once the moderator reveals them.",
            detail_de="Die Ergebnisse erscheinen, sobald sie freigegeben sind.",
            code="results-hidden",
        )
    tally = await service.store.tally(poll["_id"], poll["round"])
    return json_response(views.results(poll, tally, now_ms(), moderator=staff))
