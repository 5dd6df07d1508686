"""HTTP routes of workshop sessions: create, read, resolve a code, join, lock, unlock, end."""

from __future__ import annotations

from typing import Annotated, Any

from aiohttp import web
from pydantic import BaseModel, ConfigDict, StringConstraints

from services.voting import session_rules, views
from services.voting.appkeys import (
    ATTENDANCE,
    HANDLERS,
    JOIN_LIMIT,
    PSEUDONYMS,
    QUERIES,
    VERIFIER,
)
from services.voting.commands import CreateSession, EndSession, JoinSession, LockSession
from services.voting.domain import now_ms
from shared.auth import principal_of, require
from shared.errors import DomainError
from shared.problems import Problem, problem_from
from shared.qr import qr_svg
from shared.text import Text
from shared.web import json_response, parse_body

routes = web.RouteTableDef()
# Phones and screens may see counts this old; moderators get them counted afresh (a count and
# one query per poll: cheap enough per moderator request, and exact right after a join).
PUBLIC_COUNTS_MAX_AGE_S = 2.0


class SessionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    title: Annotated[Text, StringConstraints(min_length=1, max_length=120)]


async def _view(request: web.Request, session: dict[str, Any], max_age_s: float) -> dict:
    """The session as GET shows it: current poll, lock, and the counts joined and voted."""
    queries = request.app[QUERIES]
    view = queries.session_view(session, await queries.current_poll(session))
    view.update(await request.app[ATTENDANCE].count(session["_id"], max_age_s=max_age_s))
    return view


def code_answer(refusal: DomainError) -> Exception:
    """What the code route answers a refused code with: an ended session's code resolves no
    more, so 404 like an unknown code (with its own reason for the phone)."""
    return problem_from(refusal, 404) if refusal.code == "session-ended" else refusal


@routes.get("/api/voting/join/{code}")
async def resolve_code(request: web.Request) -> web.Response:
    """A join code → {session_id, title}; 404 for unknown or ended, 423 while locked."""
    code = request.match_info["code"].strip().upper()
    session = await request.app[QUERIES].resolve_code(code) if len(code) <= 16 else None
    if session is None:
        raise Problem(
            404,
            "There is no workshop with this code.",
            detail_de="Zu diesem Code gibt es keinen Workshop.",
            code="unknown-join-code",
        )
    refusal = session_rules.code_refusal(session)
    if refusal is not None:
        raise code_answer(refusal)
    return json_response({"session_id": session["_id"], "title": session["title"]})


@routes.post("/api/voting/sessions")
async def create_session(request: web.Request) -> web.Response:
    """A new open session with a fresh join code (moderator)."""
    who = await require(request, request.app[VERIFIER], "moderator")
    data = await parse_body(request, SessionIn)
    session = await request.app[HANDLERS].create_session(CreateSession(data.title, who.sub))
    view = {**request.app[QUERIES].session_view(session, None), "joined": 0, "voted": 0}
    location = f"/api/voting/sessions/{view['id']}"
    return json_response(view, status=201, headers={"Location": location})


@routes.get("/api/voting/sessions")
async def list_sessions(request: web.Request) -> web.Response:
    """The latest 100 sessions, newest first, without counts (moderator)."""
    await require(request, request.app[VERIFIER], "moderator")
    queries = request.app[QUERIES]
    sessions = await queries.newest_sessions(100)
    return json_response({"items": [queries.session_view(s, None) for s in sessions]})


@routes.get("/api/voting/sessions/{session_id}")
async def get_session(request: web.Request) -> web.Response:
    """A session with its current poll, lock and counts; staff also get every poll."""
    who = await principal_of(request, request.app[VERIFIER])
    staff = who is not None and who.is_staff
    queries = request.app[QUERIES]
    session = await queries.session(request.match_info["session_id"])
    view = await _view(request, session, 0.0 if staff else PUBLIC_COUNTS_MAX_AGE_S)
    if staff:
        polls = await queries.polls_of(session["_id"])
        view["polls"] = [views.poll_view(p, now_ms(), moderator=True) for p in polls]
    return json_response(view)


@routes.get("/api/voting/sessions/{session_id}/qr.svg")
async def session_qr(request: web.Request) -> web.Response:
    """The QR code of the session's join link."""
    queries = request.app[QUERIES]
    session = await queries.session(request.match_info["session_id"])
    return web.Response(
        body=qr_svg(views.join_url(queries.public_url, session["join_code"])),
        content_type="image/svg+xml",
        headers={"Cache-Control": "public, max-age=300"},
    )


@routes.post("/api/voting/sessions/{session_id}/join")
async def join(request: web.Request) -> web.Response:
    """Record the caller (a participant token bound to this session) as a member; idempotent."""
    who = await require(request, request.app[VERIFIER], "participant")
    session_id = request.match_info["session_id"]
    if who.session_id != session_id:
        raise session_rules.wrong_session()
    request.app[JOIN_LIMIT].check(who.sub)
    member = request.app[PSEUDONYMS].of(who.sub, session_id)
    joined = await request.app[HANDLERS].join_session(JoinSession(session_id, member))
    counts = await request.app[ATTENDANCE].count(session_id, max_age_s=PUBLIC_COUNTS_MAX_AGE_S / 2)
    return json_response(
        {
            "session_id": session_id,
            "title": joined.session["title"],
            "status": session_rules.status(joined.session),
            "joined_at": joined.joined_at,
            "new": joined.new,
            **counts,
        }
    )


async def _moderate(request: web.Request, command: str) -> web.Response:
    await require(request, request.app[VERIFIER], "moderator")
    session_id = request.match_info["session_id"]
    handlers = request.app[HANDLERS]
    if command == "end":
        session = await handlers.end_session(EndSession(session_id))
    else:
        session = await handlers.lock_session(LockSession(session_id, command == "lock"))
    return json_response(await _view(request, session, 0.0))


@routes.post("/api/voting/sessions/{session_id}/lock")
async def lock(request: web.Request) -> web.Response:
    """No new members until unlocked (those already in stay in)."""
    return await _moderate(request, "lock")


@routes.post("/api/voting/sessions/{session_id}/unlock")
async def unlock(request: web.Request) -> web.Response:
    """Let newcomers join again."""
    return await _moderate(request, "unlock")


@routes.post("/api/voting/sessions/{session_id}/end")
async def end(request: web.Request) -> web.Response:
    """End the session for good: its open poll closes, its code stops working."""
    return await _moderate(request, "end")
