"""HTTP routes of votes: cast one (the group commit stores it), and read one's own."""

from __future__ import annotations

from typing import Annotated, Any

from aiohttp import web
from pydantic import BaseModel, BeforeValidator, ConfigDict

from services.voting.appkeys import HANDLERS, PSEUDONYMS, QUERIES, VERIFIER
from services.voting.commands import CastVote
from shared.auth import require
from shared.context import correlation_id
from shared.problems import Problem
from shared.text import clean_texts
from shared.web import json_response, parse_body

routes = web.RouteTableDef()


class VoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    # Every text inside a choice is cleaned like any other text; a lone surrogate is a 422 here
    # and never reaches the batch, where it would fail the write of everyone's votes with it.
    choice: Annotated[Any, BeforeValidator(clean_texts)]


@routes.post("/api/voting/polls/{poll_id}/votes")
async def cast_vote(request: web.Request) -> web.Response:
    """A participant's vote: 202 once stored durably (it is counted a moment later)."""
    who = await require(request, request.app[VERIFIER], "participant")
    data = await parse_body(request, VoteIn)
    # Stored and published under the device's pseudonym in its session (pseudonyms.py).
    voter = request.app[PSEUDONYMS].of(who.sub, who.session_id)
    cmd = CastVote(
        request.match_info["poll_id"], voter, who.session_id, data.choice, correlation_id.get()
    )
    vote = await request.app[HANDLERS].cast_vote(cmd)
    return json_response(
        {
            "poll_id": vote.poll_id,
            "vote_id": vote.vote_id,
            "version": vote.version,
            "choice": vote.choice,
            "status": "accepted",
            "message": "Thank you, your vote counts.",
            "message_de": "Danke, Ihre Stimme zählt.",
        },
        status=202,
    )


@routes.get("/api/voting/polls/{poll_id}/votes/mine")
async def my_vote(request: web.Request) -> web.Response:
    """The caller's vote in the poll's current round."""
    who = await require(request, request.app[VERIFIER], "participant")
    pseudonyms = request.app[PSEUDONYMS]
    poll, vote = await request.app[QUERIES].my_vote(
        request.match_info["poll_id"], lambda session_id: pseudonyms.of(who.sub, session_id)
    )
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
