"""The session commands: create a workshop session, lock and unlock it, end it (by its moderator
or after a time without activity). Ending closes its open poll, so its last votes stop there."""

from __future__ import annotations

import logging
from datetime import datetime

from pymongo.errors import DuplicateKeyError

from services.voting import domain, session_rules
from services.voting.commands import CreateSession, EndIdleSessions, EndSession, LockSession
from services.voting.events import (
    PollClosed,
    SessionCreated,
    SessionEnded,
    SessionLocked,
    SessionUnlocked,
)
from services.voting.handlers_base import Handlers
from services.voting.ports import Doc
from shared.unit_of_work import Transaction

log = logging.getLogger(__name__)
CODE_DRAWS = 10  # a taken code is drawn again; ten taken in a row means something is wrong


class SessionHandlers(Handlers):
    """Commands on sessions as a whole; each is one unit of work with its events."""

    async def create_session(self, cmd: CreateSession) -> Doc:
        """A new open session with a join code no other session ever had (the store's unique
        index says so; a taken code is drawn again)."""
        for _ in range(CODE_DRAWS):
            session = domain.new_session(cmd.title, cmd.by, self.now())

            async def work(tx: Transaction, session: Doc = session) -> Doc:
                await self.deps.sessions.add(session, tx)
                self._record(tx, SessionCreated(session))
                self._show(tx, session, None)
                return session

            try:
                return await self.deps.uow.run(work)
            except DuplicateKeyError:
                continue
        raise RuntimeError("could not find a free join code")

    async def lock_session(self, cmd: LockSession) -> Doc:
        """Lock (no new members) or unlock a session; doing it twice changes nothing."""

        async def work(tx: Transaction) -> Doc:
            session = await self._session(cmd.session_id, tx)
            session_rules.refuse_if_ended(session)
            if session_rules.is_locked(session) == cmd.locked:
                return session
            changes = session_rules.locking(cmd.locked, self.now())
            updated = await self._change_session(tx, session, changes)
            event = SessionLocked if cmd.locked else SessionUnlocked
            self._record(tx, event(cmd.session_id))
            await self._changed(tx, updated)
            return updated

        return await self.deps.uow.run(work)

    async def end_session(self, cmd: EndSession) -> Doc:
        """End a session for good and close its open poll; ending it again changes nothing."""

        async def work(tx: Transaction) -> Doc:
            session = await self._session(cmd.session_id, tx)
            if session_rules.is_ended(session):
                return session
            now = self.now()
            updated = await self._change_session(tx, session, session_rules.ending(cmd.reason, now))
            for poll in await self.deps.polls.of_session(cmd.session_id, tx):
                if poll["status"] == "open":
                    closing = {**domain.closing(poll, now), "updated_at": now}
                    closed = await self._change_poll(tx, poll, closing)
                    self._record(tx, PollClosed(closed))
            self._record(tx, SessionEnded(cmd.session_id, cmd.reason))
            await self._changed(tx, updated)
            return updated

        return await self.deps.uow.run(work)

    async def end_idle_sessions(self, cmd: EndIdleSessions) -> int:
        """End sessions without a join, vote or change for `max_idle_s`; returns how many.

        Activity is looked up only for sessions whose own document is that old; one found active
        gets its `active_at` moved forward, so it is not looked at again until it is idle.
        """
        cutoff = session_rules.idle_cutoff(self.now(), cmd.max_idle_s)
        ended = 0
        for session in await self.deps.sessions.idle_since(cutoff):
            latest = await self._latest_activity(session)
            if latest >= cutoff:
                await self.deps.uow.run(
                    lambda tx, sid=session["_id"], at=latest: self.deps.sessions.mark_active(
                        sid, at, tx
                    )
                )
                continue
            log.info(
                "session %s ends after %.0f s without activity", session["_id"], cmd.max_idle_s
            )
            await self.end_session(EndSession(session["_id"], "idle"))
            ended += 1
        return ended

    async def _latest_activity(self, session: Doc) -> datetime:
        """The latest join, vote or poll change of a session, or its own last change."""
        stamps = [session_rules.last_active(session)]
        sid = session["_id"]
        if (joined := await self.deps.members.latest_join(sid)) is not None:
            stamps.append(joined)
        for poll in await self.deps.polls.of_session(sid):
            stamps.append(poll["updated_at"])
            if (voted := await self.deps.votes.latest_at(poll["_id"], poll["round"])) is not None:
                stamps.append(voted)
        return max(stamps)

    async def _changed(self, tx: Transaction, session: Doc) -> None:
        # Its code resolves to the new state at once on this instance; phones see it too.
        tx.after_commit(lambda: self.deps.codes.forget(session["join_code"]))
        self._show(tx, session, await self._current_poll(session, tx))
