"""Joining a workshop session: one member per session and participant.

Joining is not an event on voting.events: nothing else reacts to it, and participant ids stay
out of the broker. The member documents are the truth of `joined`.
"""

from __future__ import annotations

from pymongo.errors import DuplicateKeyError

from services.voting import session_rules
from services.voting.commands import Joined, JoinSession
from services.voting.handlers_base import Handlers
from shared.unit_of_work import Transaction

# Two joins of one participant racing each other: the loser finds the member on its retry.
JOIN_ATTEMPTS = 3


class MemberHandlers(Handlers):
    """The join command."""

    async def join_session(self, cmd: JoinSession) -> Joined:
        """Make the participant a member of the session, or refuse (locked to newcomers, ended).

        The session is read again once a new member is committed: a lock or an end that
        committed meanwhile is then seen, and the member taken back. So once a moderator's lock
        has been answered, no join can still succeed. Joining again gives the first answer.
        """
        for attempt in range(1, JOIN_ATTEMPTS + 1):
            try:
                joined = await self.deps.uow.run(lambda tx: self._join(tx, cmd))
                break
            except DuplicateKeyError:
                if attempt == JOIN_ATTEMPTS:
                    raise
        after = await self.deps.sessions.get(cmd.session_id) or joined.session
        refusal = session_rules.join_refusal(after, member=not joined.new)
        if refusal is not None:
            if joined.new:
                await self.deps.uow.run(
                    lambda tx: self.deps.members.remove(cmd.session_id, cmd.participant, tx)
                )
            raise refusal
        return Joined(after, joined.joined_at, joined.new)

    async def _join(self, tx: Transaction, cmd: JoinSession) -> Joined:
        session = await self._session(cmd.session_id, tx)
        member = await self.deps.members.get(cmd.session_id, cmd.participant, tx)
        refusal = session_rules.join_refusal(session, member=member is not None)
        if refusal is not None:
            raise refusal
        tx.after_commit(lambda: self.deps.live.attendance_changed(cmd.session_id))
        if member is not None:
            return Joined(session, member["joined_at"], new=False)
        now = self.now()
        if await self.deps.members.add(cmd.session_id, cmd.participant, now, tx):
            return Joined(session, now, new=True)
        # Another join of the same participant committed between the read and the write.
        member = await self.deps.members.get(cmd.session_id, cmd.participant, tx)
        return Joined(session, member["joined_at"] if member else now, new=False)
