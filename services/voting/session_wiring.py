"""The sessions' part of the composition root: join codes, locking and ending, members, and the
counts joined / voted on the session:<id> channel."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from services.voting import appkeys
from services.voting.attendance import Attendance
from services.voting.handlers import VotingService
from services.voting.lifecycle import SessionLifecycle
from services.voting.membership import MemberStore
from services.voting.session_codes import JoinCodes
from shared.live import LivePublisher


def wire_sessions(
    app: web.Application, service: VotingService, members: MemberStore, live: LivePublisher
) -> tuple[Attendance, SessionLifecycle]:
    """Set the session objects on `app`; return the two whose `run` must be started."""

    async def counts_changed(session_id: str) -> None:
        # The channel's state is a function reading the counts when sent: send it again.
        if live.resend(f"session:{session_id}"):
            return
        if (session := await service.store.session(session_id)) is not None:
            await service.publish_session(session)

    attendance = Attendance(members, counts_changed)

    def on_session_change(session: dict[str, Any], poll: dict[str, Any] | None) -> None:
        sid, state = session["_id"], service.session_state(session, poll)
        live.set(f"session:{sid}", lambda: {**state, **attendance.snapshot(sid)})
        attendance.touch(sid)

    service.on_session_change = on_session_change
    codes = JoinCodes(service)
    lifecycle = SessionLifecycle(service, codes, members)
    app[appkeys.CODES], app[appkeys.LIFECYCLE] = codes, lifecycle
    app[appkeys.MEMBERS], app[appkeys.ATTENDANCE] = members, attendance
    return attendance, lifecycle
