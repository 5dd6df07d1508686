"""How many have joined a workshop session and how many of them voted.

The member documents are the truth of `joined`; `voted` is counted from the stored votes of the
current round of each poll of the session (votes a reset discarded do not count).
"""

from __future__ import annotations

from services.voting.ports import MemberStore, PollStore, VoteStore


class Headcount:
    """joined and voted of a session, as attendance.Attendance counts them."""

    def __init__(self, polls: PollStore, members: MemberStore, votes: VoteStore) -> None:
        self.polls = polls
        self.members = members
        self.votes = votes

    async def joined(self, session_id: str) -> int:
        """How many participants have joined the session."""
        return await self.members.count(session_id)

    async def voted(self, session_id: str) -> int:
        """Distinct participants with a vote in the current round of any poll of the session.
        One query per poll, on the votes' own index."""
        voters: set[str] = set()
        for poll in await self.polls.of_session(session_id):
            voters |= await self.votes.voters(poll["_id"], poll["round"])
        return len(voters)
