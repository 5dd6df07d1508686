"""Locking, unlocking and ending workshop sessions, and ending those left idle.

Each change is stored with its event on voting.events in one transaction, like every moderator
command (handlers.py). Ending also closes the session's open poll, so its last votes stop there.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Any

from pymongo import ReturnDocument
from pymongo.asynchronous.client_session import AsyncClientSession

from services.voting import session_rules
from services.voting.handlers import VotingService, now_ms, plain_doc
from services.voting.membership import MemberStore
from services.voting.session_codes import JoinCodes
from shared.mongo import in_transaction

log = logging.getLogger(__name__)


class SessionLifecycle:
    """Moderator commands on a session as a whole, and the end of idle sessions."""

    def __init__(self, service: VotingService, codes: JoinCodes, members: MemberStore) -> None:
        self.service = service
        self.codes = codes
        self.members = members

    async def set_locked(self, session_id: str, locked: bool) -> dict[str, Any]:
        """Lock (no new members) or unlock a session; doing it twice changes nothing."""
        service = self.service
        session = await service.session(session_id)
        session_rules.refuse_if_ended(session)
        if session_rules.is_locked(session) == locked:
            return session
        now = now_ms()

        async def work(s: AsyncClientSession) -> dict[str, Any] | None:
            updated = await service.store.sessions.find_one_and_update(
                {"_id": session_id, "ended_at": None},
                {"$set": {"locked": locked, "updated_at": now}, "$inc": {"version": 1}},
                session=s,
                return_document=ReturnDocument.AFTER,
            )
            if updated is not None:
                kind = "session.locked" if locked else "session.unlocked"
                await service.record(s, kind, session_id, session_id=session_id)
            return updated

        updated = await in_transaction(service.client, work)
        if updated is None:  # ended meanwhile
            current = await service.session(session_id)
            session_rules.refuse_if_ended(current)
            return current
        service.outbox.committed()
        await self._changed(updated)
        return updated

    async def end(self, session_id: str, reason: str = "moderator") -> dict[str, Any]:
        """End a session for good and close its open poll; ending it again changes nothing."""
        service = self.service
        session = await service.session(session_id)
        if session_rules.is_ended(session):
            return session
        now = now_ms()

        async def work(s: AsyncClientSession) -> dict[str, Any] | None:
            updated = await service.store.sessions.find_one_and_update(
                {"_id": session_id, "ended_at": None},
                {
                    "$set": {"ended_at": now, "ended_reason": reason, "updated_at": now},
                    "$inc": {"version": 1},
                },
                session=s,
                return_document=ReturnDocument.AFTER,
            )
            if updated is None:
                return None
            await self._close_open_polls(s, session_id, now)
            await service.record(
                s, "session.ended", session_id, session_id=session_id, reason=reason
            )
            return updated

        updated = await in_transaction(service.client, work)
        if updated is None:  # ended meanwhile by someone else
            return await service.session(session_id)
        service.outbox.committed()
        await self._changed(updated)
        return updated

    async def _close_open_polls(self, s: AsyncClientSession, sid: str, now: datetime) -> None:
        # As a moderator's close would (domain.control), with the event the tally projects.
        polls = self.service.store.polls
        open_ = {"session_id": sid, "status": "open"}
        for poll in await polls.find(open_, session=s).to_list():
            closed = await polls.find_one_and_update(
                {"_id": poll["_id"]},
                {
                    "$set": {
                        "status": "closed",
                        "closes_at": min(poll.get("closes_at") or now, now),
                        "updated_at": now,
                    },
                    "$inc": {"version": 1},
                },
                session=s,
                return_document=ReturnDocument.AFTER,
            )
            await self.service.record(s, "poll.closed", poll["_id"], poll=plain_doc(closed))

    async def _changed(self, session: dict[str, Any]) -> None:
        self.codes.forget(session["join_code"])
        await self.service.publish_session(session)

    async def end_idle(self, max_idle_s: float) -> int:
        """End sessions without a join, vote or change for `max_idle_s`; return how many.

        Activity is looked up only for sessions whose own document is that old; one found active
        gets its `active_at` moved forward, so it is not looked at again until it is idle.
        """
        store = self.service.store
        cutoff = session_rules.idle_cutoff(now_ms(), max_idle_s)
        old = {"$or": [{"active_at": None}, {"active_at": {"$lt": cutoff}}]}
        candidates = await store.sessions.find(
            {"ended_at": None, "updated_at": {"$lt": cutoff}, **old}
        ).to_list()
        ended = 0
        for session in candidates:
            latest = await self.members.latest_activity(session)
            if latest >= cutoff:
                active = {"$max": {"active_at": latest}}
                await store.sessions.update_one({"_id": session["_id"]}, active)
                continue
            log.info("session %s ends after %.0f s without activity", session["_id"], max_idle_s)
            await self.end(session["_id"], "idle")
            ended += 1
        return ended

    async def run_idle_sweep(self, max_idle_s: float) -> None:
        """End idle sessions now and then, until cancelled."""
        every = session_rules.idle_sweep_interval_s(max_idle_s)
        while True:
            try:
                await self.end_idle(max_idle_s)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("ending idle sessions failed")
            await asyncio.sleep(every)
