"""Erasing a participant's data from the voting service (DSGVO Art. 17, DELETE /api/voting/me).

Their votes are deleted, in every poll and round, with one vote.withdrawn event each on
voting.votes: the tally processor takes back what it counted for the vote, so every tally equals
a recount of the votes that remain (docs/decisions/0013-erasing-a-participant.md). Their
memberships go too; the sessions' head counts follow. Erasing twice erases nothing the second
time.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.voting.handlers_base import Handlers, conflict
from services.voting.ports import VersionConflict
from services.voting.vote_events import VoteWithdrawn
from shared.unit_of_work import Transaction

# A vote the participant changes while their data is erased: the erasure reads again.
ERASE_ATTEMPTS = 3


@dataclass(frozen=True)
class Erased:
    """What was deleted."""

    votes: int
    memberships: int


class ErasureHandlers(Handlers):
    """The erase_participant command."""

    async def erase_participant(self, participants: list[str]) -> Erased:
        """Delete every vote and membership of one device's ids (its pseudonyms), in one unit
        of work."""
        for attempt in range(1, ERASE_ATTEMPTS + 1):
            try:
                return await self.deps.uow.run(lambda tx: self._erase(tx, participants))
            except VersionConflict:
                if attempt == ERASE_ATTEMPTS:
                    raise conflict() from None
        raise AssertionError("unreachable")

    async def _erase(self, tx: Transaction, participants: list[str]) -> Erased:
        votes = await self.deps.votes.of_participants(participants)
        for vote in votes:
            event = VoteWithdrawn({"_id": vote["poll_id"]}, vote)
            tx.record(self.deps.votes_topic, event.key, event.to_cloud())
        await self.deps.votes.erase(votes, tx)
        # Only the ids that voted can be in the vote events' copies (joining is no event).
        for participant in sorted({v["participant"] for v in votes}):
            tx.forget(participant)
        members = await self.deps.members.of_participants(participants)
        for member in members:
            await self.deps.members.remove(member["session_id"], member["participant"], tx)
            session_id = member["session_id"]
            tx.after_commit(lambda s=session_id: self.deps.live.attendance_changed(s))
        return Erased(len(votes), len(members))
