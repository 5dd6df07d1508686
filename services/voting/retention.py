"""Retention of a workshop's personal data (DSGVO Art. 5(1)(e), storage limitation).

A session's individual votes (who chose what) and its members (who joined) are needed while it
runs and for a while after, to answer questions about its result. Once it has ended longer ago
than Settings.retention_votes_days, they are deleted, with the tally processor's record of what
it counted for each vote; the tallies (counts, no one's) stay, so the results still show. The
session is marked `votes_purged_at`, so it is not looked at again. A timer sends PurgeVotes
(wiring.py); the handler takes "now" from the deps' clock, which tests move.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from services.voting.commands import PurgeVotes
from services.voting.handlers_base import Handlers
from services.voting.ports import Doc
from shared.errors import DomainError
from shared.unit_of_work import Transaction

log = logging.getLogger(__name__)


class RetentionHandlers(Handlers):
    """The purge_votes command."""

    async def purge_votes(self, cmd: PurgeVotes) -> int:
        """Purge every session that ended before the retention period; how many sessions."""
        cutoff = self.now() - timedelta(days=cmd.after_days)
        purged = 0
        for session in await self.deps.sessions.ended_unpurged(cutoff):
            try:
                votes = await self.deps.uow.run(lambda tx, s=session: self._purge(tx, s))
            except DomainError:
                continue  # changed meanwhile: the next sweep reads it again
            log.info(
                "session %s: %d votes deleted after the retention period", session["_id"], votes
            )
            purged += 1
        return purged

    async def _purge(self, tx: Transaction, session: Doc) -> int:
        polls = await self.deps.polls.of_session(session["_id"], tx)
        votes = await self.deps.votes.purge([p["_id"] for p in polls], tx)
        await self.deps.members.purge(session["_id"], tx)
        await self._change_session(tx, session, {"votes_purged_at": self.now()})
        return votes
