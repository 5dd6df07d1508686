"""The voting service's HTTP edge: the rule codes' statuses, the status route, and the route
tables of a participant's own data, sessions, polls and votes. Each route parses its input,
builds a command (or asks a query), calls one handler and shapes the answer."""

from __future__ import annotations

from datetime import timedelta

from aiohttp import web

from services.voting import api_me, api_polls, api_sessions, api_votes
from services.voting.appkeys import COMMITTER, TALLY_HEARTBEAT
from services.voting.domain import now_ms
from shared.web import json_response

__all__ = ["COMMITTER", "ROUTES", "STATUSES", "TALLY_HEARTBEAT"]

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


@routes.get("/api/voting/status")
async def status(request: web.Request) -> web.Response:
    """Whether live tallies are being kept: 200 when the tally processor's heartbeat is fresh."""
    seen = await request.app[TALLY_HEARTBEAT]()
    alive = seen is not None and now_ms() - seen < TALLY_SILENCE
    body = {"tally_processor": "ok" if alive else "silent", "last_heartbeat": seen}
    return json_response(body, status=200 if alive else 503)


# /me first, so no route with an id in that place could take "me" for an id (aiohttp prefers
# the longer literal path today; among routes of one prefix it keeps the order added).
ROUTES = (routes, api_me.routes, api_sessions.routes, api_polls.routes, api_votes.routes)
