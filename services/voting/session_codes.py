"""New workshop sessions with a free join code, and join codes resolved to their sessions.

Codes are unique among all sessions ever made (a unique index; a taken code is drawn again), so
an ended session's code, still printed on yesterday's QR poster, never leads into a new one.
"""

from __future__ import annotations

import time
from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import DuplicateKeyError

from services.voting import domain
from services.voting.handlers import VotingService, now_ms, plain_doc
from shared.mongo import in_transaction

# Short: a lock or an end reaches every instance within this; a hall of phones joining still
# costs about one lookup a second.
CODE_CACHE_S = 1.0


class JoinCodes:
    """Makes sessions and resolves their codes, with a short cache per instance."""

    def __init__(self, service: VotingService, *, cache_s: float = CODE_CACHE_S) -> None:
        self.service = service
        self.cache_s = cache_s
        self._cache: dict[str, tuple[float, dict[str, Any]]] = {}

    async def resolve(self, code: str) -> dict[str, Any] | None:
        """The session of `code` (ended, locked or open), or None for an unknown code."""
        now = time.monotonic()
        cached = self._cache.get(code)
        if cached is not None and cached[0] > now:
            return cached[1]
        session = await self.service.store.session_by_code(code)
        if session is not None:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[code] = (now + self.cache_s, session)
        return session

    def forget(self, code: str) -> None:
        """The session of `code` changed (locked, unlocked, ended): read it again next time."""
        self._cache.pop(code, None)

    async def create(self, title: str, by: str) -> dict[str, Any]:
        """A new open session with a code no other session has."""
        service = self.service
        now = now_ms()
        for _ in range(10):
            session = {
                "_id": domain.new_id(),
                "title": title,
                "join_code": domain.new_join_code(),
                "current_poll": None,
                "locked": False,
                "ended_at": None,
                "created_by": by,
                "created_at": now,
                "updated_at": now,
                "active_at": now,
                "version": 1,
            }

            async def work(s: AsyncClientSession, session: dict = session) -> None:
                await service.store.sessions.insert_one(session, session=s)
                plain = plain_doc(session)
                await service.record(s, "session.created", session["_id"], session=plain)

            try:
                await in_transaction(service.client, work)
            except DuplicateKeyError:
                continue  # the join code is taken; draw another
            service.outbox.committed()
            service.on_session_change(session, None)
            return session
        raise RuntimeError("could not find a free join code")
