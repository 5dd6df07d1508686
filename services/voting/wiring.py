"""The voting service's parts put together: the ports on MongoDB, the unit of work, the group
commit, the handlers and queries, and the session:<id> channel with its counts. The composition
root (app.py) adds the HTTP app, the broker, the relay and the lifetime of the tasks."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.voting import session_rules
from services.voting.attendance import Attendance
from services.voting.commands import CloseExpiredPolls, EndIdleSessions, PurgeVotes
from services.voting.domain import now_ms
from services.voting.groupcommit import VoteCommitter
from services.voting.handlers import VotingDeps, VotingHandlers
from services.voting.membership import Headcount
from services.voting.mongo_polls import MongoPollStore, MongoVoteStore
from services.voting.mongo_sessions import MongoMemberStore, MongoSessionStore
from services.voting.ports import Doc, SessionStore
from services.voting.queries import VotingQueries
from services.voting.storage import VotingStore
from services.voting.tally_processor import HEARTBEAT
from services.voting.ttl_cache import TtlCache
from shared.live import LivePublisher
from shared.settings import Settings
from shared.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
# Sessions younger than this get their session:<id> channel republished after a (re)start.
RECENT = timedelta(days=7)
POLL_TIMER_S = 0.5
# How often sessions past the retention period are looked for: a day's precision is plenty.
RETENTION_SWEEP_S = 3600


class LiveSessions:
    """The handlers' LiveState: session:<id> on live.updates, with joined and voted beside,
    which Attendance counts when it is told someone joined or voted."""

    def __init__(
        self,
        live: LivePublisher,
        sessions: SessionStore,
        queries: VotingQueries,
        headcount: Headcount,
    ) -> None:
        self.live = live
        self.sessions = sessions
        self.queries = queries
        self.attendance = Attendance(headcount, self._counts_changed)

    def session_changed(self, session: Doc, poll: Doc | None) -> None:
        """Show the session; its counts are read when the (throttled) publisher sends."""
        sid, state = session["_id"], self.queries.session_view(session, poll)
        self.live.set(f"session:{sid}", lambda: {**state, **self.attendance.snapshot(sid)})
        self.attendance.touch(sid)

    def attendance_changed(self, session_id: str) -> None:
        """Count the session again soon."""
        self.attendance.touch(session_id)

    async def _counts_changed(self, session_id: str) -> None:
        # The channel's state is a function reading the counts when sent: send it again.
        if self.live.resend(f"session:{session_id}"):
            return
        session = await self.sessions.get(session_id)
        if session is not None:
            self.session_changed(session, await self.queries.current_poll(session))

    async def republish_recent(self) -> None:
        """After a (re)start: show the sessions changed within RECENT again."""
        for session in await self.sessions.changed_since(now_ms() - RECENT):
            self.session_changed(session, await self.queries.current_poll(session))


@dataclass
class Voting:
    """The voting service's parts that the HTTP routes and the background tasks use."""

    handlers: VotingHandlers
    queries: VotingQueries
    shown: LiveSessions
    committer: VoteCommitter

    def tasks(self, settings: Settings) -> dict[str, Callable[[], Awaitable[None]]]:
        """The background tasks by name (each a function that runs it until cancelled): the
        group commit, the poll timer, the counts, the end of idle sessions, the retention."""
        handlers, max_idle = self.handlers, settings.session_max_idle_s

        async def poll_timer() -> None:
            await repeat(
                lambda: handlers.close_expired(CloseExpiredPolls()),
                POLL_TIMER_S,
                "closing expired polls",
            )

        async def retention() -> None:
            await repeat(
                lambda: handlers.purge_votes(PurgeVotes(settings.retention_votes_days)),
                RETENTION_SWEEP_S,
                "deleting votes after the retention period",
            )

        async def idle_sessions() -> None:
            await repeat(
                lambda: handlers.end_idle_sessions(EndIdleSessions(max_idle)),
                session_rules.idle_sweep_interval_s(max_idle),
                "ending idle sessions",
            )

        return {
            "vote-group-commit": self.committer.run,
            "poll-timer": poll_timer,
            "session-counts": self.shown.attendance.run,
            "idle-sessions": idle_sessions,
            "retention": retention,
        }


def build(
    db: AsyncDatabase,
    uow: UnitOfWork,
    live: LivePublisher,
    settings: Settings,
    admit_vote: Callable[[str], None],
) -> Voting:
    """Wire the handlers and queries to MongoDB, the unit of work (with the service's outbox)
    and the live publisher; `admit_vote` raises when a participant votes too often."""
    sessions, polls = MongoSessionStore(db), MongoPollStore(db)
    members, votes = MongoMemberStore(db), MongoVoteStore(db)
    codes: TtlCache[str, Doc] = TtlCache()
    queries = VotingQueries(
        sessions,
        polls,
        votes,
        VotingStore(db),
        members=members,
        public_url=settings.public_url,
        codes=codes,
    )
    shown = LiveSessions(live, sessions, queries, Headcount(polls, members, votes))
    votes_topic = settings.topic("voting.votes")
    deps = VotingDeps(
        uow,
        sessions,
        polls,
        members,
        votes,
        shown,
        settings.topic("voting.events"),
        codes=codes,
        votes_topic=votes_topic,
    )
    committer = VoteCommitter(uow, polls, votes, votes_topic)
    return Voting(VotingHandlers(deps, committer, admit_vote), queries, shown, committer)


def tally_heartbeat(db: AsyncDatabase) -> Callable[[], Awaitable[datetime | None]]:
    """When the tally processor last said it counts (its status document), or None."""

    async def seen() -> datetime | None:
        beat = await db["status"].find_one({"_id": HEARTBEAT})
        return beat["at"] if beat else None

    return seen


async def repeat(action: Callable[[], Awaitable[Any]], every_s: float, what: str) -> None:
    """Run `action` every `every_s` until cancelled; a failure is logged, not fatal."""
    while True:
        try:
            await action()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("%s failed", what)
        await asyncio.sleep(every_s)
