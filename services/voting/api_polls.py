"""HTTP routes of polls: prepare, list, read, open / close / reveal / reset, moderate words,
show the next one, and the results."""

from __future__ import annotations

from typing import Annotated, Literal

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from services.voting import domain, views
from services.voting.appkeys import HANDLERS, QUERIES, VERIFIER
from services.voting.commands import ControlPoll, CreatePoll, ModerateWords, NextPoll
from services.voting.domain import PollAction, PollType, now_ms
from shared.auth import principal_of, require
from shared.problems import Problem
from shared.text import Text
from shared.web import json_response, parse_body

Label = Annotated[Text, StringConstraints(min_length=1, max_length=80)]
EndLabel = Annotated[Text, StringConstraints(max_length=40)]
routes = web.RouteTableDef()


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


class ResetIn(Strict):
    confirm: bool


class NextIn(Strict):
    poll_id: Annotated[str, StringConstraints(max_length=40)] | None = None
    open: bool = False


class WordsIn(Strict):
    words: list[Annotated[str, StringConstraints(min_length=1, max_length=60)]] = Field(
        min_length=1, max_length=200
    )


def _moderator_view(poll: dict) -> web.Response:
    return json_response(views.poll_view(poll, now_ms(), moderator=True))


@routes.get("/api/voting/sessions/{session_id}/polls")
async def list_polls(request: web.Request) -> web.Response:
    """The session's polls in their order (moderator)."""
    await require(request, request.app[VERIFIER], "moderator")
    queries = request.app[QUERIES]
    session = await queries.session(request.match_info["session_id"])
    polls = await queries.polls_of(session["_id"])
    return json_response({"items": [views.poll_view(p, now_ms(), moderator=True) for p in polls]})


@routes.post("/api/voting/sessions/{session_id}/polls")
async def create_poll(request: web.Request) -> web.Response:
    """A draft poll at the end of the session's list (moderator)."""
    await require(request, request.app[VERIFIER], "moderator")
    data = await parse_body(request, PollIn)
    settings = data.settings.model_dump(exclude_none=True) if data.settings else {}
    cmd = CreatePoll(
        request.match_info["session_id"], data.question, data.type, data.options, settings
    )
    poll = await request.app[HANDLERS].create_poll(cmd)
    view = views.poll_view(poll, now_ms(), moderator=True)
    return json_response(view, status=201, headers={"Location": f"/api/voting/polls/{poll['_id']}"})


@routes.post("/api/voting/sessions/{session_id}/next")
async def next_poll(request: web.Request) -> web.Response:
    """Close the open poll, show the chosen or the next one, and open it with {"open": true}
    (moderator)."""
    await require(request, request.app[VERIFIER], "moderator")
    data = await parse_body(request, NextIn) if request.can_read_body else NextIn()
    shown = await request.app[HANDLERS].next_poll(
        NextPoll(request.match_info["session_id"], data.poll_id, data.open)
    )
    return json_response(request.app[QUERIES].session_view(shown.session, shown.poll))


@routes.get("/api/voting/polls/{poll_id}")
async def get_poll(request: web.Request) -> web.Response:
    """A poll as phones see it (staff see its order and approved words too)."""
    who = await principal_of(request, request.app[VERIFIER])
    poll = await request.app[QUERIES].poll(request.match_info["poll_id"])
    return json_response(views.poll_view(poll, now_ms(), moderator=bool(who and who.is_staff)))


async def _control(request: web.Request, action: PollAction) -> web.Response:
    await require(request, request.app[VERIFIER], "moderator")
    cmd = ControlPoll(request.match_info["poll_id"], action)
    return _moderator_view(await request.app[HANDLERS].control_poll(cmd))


@routes.post("/api/voting/polls/{poll_id}/open")
async def open_poll(request: web.Request) -> web.Response:
    """Open the poll for votes; it becomes the session's current poll."""
    return await _control(request, PollAction.OPEN)


@routes.post("/api/voting/polls/{poll_id}/close")
async def close_poll(request: web.Request) -> web.Response:
    """Stop taking votes."""
    return await _control(request, PollAction.CLOSE)


@routes.post("/api/voting/polls/{poll_id}/reveal")
async def reveal_poll(request: web.Request) -> web.Response:
    """Show the results to everyone."""
    return await _control(request, PollAction.REVEAL)


@routes.post("/api/voting/polls/{poll_id}/reset")
async def reset_poll(request: web.Request) -> web.Response:
    """A new round from zero (needs {"confirm": true})."""
    await require(request, request.app[VERIFIER], "moderator")
    data = await parse_body(request, ResetIn)
    if not data.confirm:
        raise Problem(
            422,
            'A reset deletes the results; send {"confirm": true} to do it.',
            detail_de="Zurücksetzen bitte bestätigen.",
            code="confirm-required",
        )
    return await _control(request, PollAction.RESET)


@routes.post("/api/voting/polls/{poll_id}/words/{verdict:approve|reject}")
async def moderate_words(request: web.Request) -> web.Response:
    """Approve (show) or reject (hide) words of a word cloud."""
    await require(request, request.app[VERIFIER], "moderator")
    data = await parse_body(request, WordsIn)
    approve = request.match_info["verdict"] == "approve"
    cmd = ModerateWords(request.match_info["poll_id"], data.words, approve)
    return _moderator_view(await request.app[HANDLERS].moderate_words(cmd))


@routes.get("/api/voting/polls/{poll_id}/results")
async def poll_results(request: web.Request) -> web.Response:
    """The results: counts for staff, for everyone once visible."""
    who = await principal_of(request, request.app[VERIFIER])
    poll, tally = await request.app[QUERIES].results(request.match_info["poll_id"])
    staff = who is not None and who.is_staff
    if not (staff or domain.results_visible(poll)):
        raise Problem(
            403,
            "The results are shown once the moderator reveals them.",
            detail_de="Die Ergebnisse erscheinen, sobald sie freigegeben sind.",
            code="results-hidden",
        )
    return json_response(views.results(poll, tally, now_ms(), moderator=staff))
