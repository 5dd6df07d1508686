"""What the voting service holds of the calling participant (DSGVO Art. 15 and 20): the
sessions they joined and their votes, under the device's pseudonym in each session; and erasing
it (Art. 17, erasure.py). The gateway's GET /api/me/export and DELETE /api/me collect these with
every other service's answers.

Survey responses are not listed: the voting service has no surveys yet. The tally worker's
bookkeeping (`applied`, keyed by vote id) holds what these votes counted and nothing else; the
tallies hold counts only, tied to no one.
"""

from __future__ import annotations

from aiohttp import web

from services.voting.appkeys import HANDLERS, PSEUDONYMS, QUERIES, VERIFIER
from shared.auth import require
from shared.web import json_response

routes = web.RouteTableDef()


@routes.get("/api/voting/me")
async def mine(request: web.Request) -> web.Response:
    """Everything stored tied to the caller's token (its `sub`), in every session, whichever
    session the token is bound to: {service, memberships, votes} (views.participant_view)."""
    who = await require(request, request.app[VERIFIER], "participant")
    data = await request.app[QUERIES].participant_data(await _ids_of(request, who.sub))
    # Personal data: no shared cache may keep a copy.
    return json_response(data, headers={"Cache-Control": "no-store"})


@routes.delete("/api/voting/me")
async def erase(request: web.Request) -> web.Response:
    """Delete the caller's votes and memberships: {service, erased: {votes, memberships}}."""
    who = await require(request, request.app[VERIFIER], "participant")
    erased = await request.app[HANDLERS].erase_participant(await _ids_of(request, who.sub))
    counts = {"votes": erased.votes, "memberships": erased.memberships}
    return json_response({"service": "voting", "erased": counts})


async def _ids_of(request: web.Request, subject: str) -> list[str]:
    """The device's ids in the voting service: its pseudonym in every session (pseudonyms.py)."""
    sessions = await request.app[QUERIES].sessions.ids()
    return request.app[PSEUDONYMS].every(subject, sessions)
