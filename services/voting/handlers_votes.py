"""The vote command: apply the vote rules, then hand the ballot to the group commit.

The rules are checked here against the poll as this instance last read it (a second's cache:
a hall of phones voting at once costs one read), so a vote that cannot count is refused before
it waits for a batch; the group commit checks them again in its transaction, where the poll's
state and the earlier vote cannot change under it (ballots.write_batch).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from services.voting.ballots import Ballot, Receipt
from services.voting.commands import CastVote, VoteAccepted
from services.voting.domain import not_found
from services.voting.handlers_base import Handlers, VotingDeps
from services.voting.ports import Doc
from services.voting.vote_rules import check_vote


class BallotBox(Protocol):
    """Where a vote goes once the rules allow it: the group commit (groupcommit.VoteCommitter)."""

    async def cast(self, ballot: Ballot) -> Receipt:
        """Store the ballot durably (or raise the DomainError saying why not)."""
        ...


class VoteHandlers(Handlers):
    """The cast_vote command."""

    def __init__(self, deps: VotingDeps, ballots: BallotBox, admit: Callable[[str], None]) -> None:
        super().__init__(deps)
        self.ballots = ballots
        self.admit = admit

    async def cast_vote(self, cmd: CastVote) -> VoteAccepted:
        """Take a participant's vote: refused with the rule's code, or stored durably; sending
        another choice replaces the earlier vote (a new version)."""
        poll = await self._poll_for_vote(cmd.poll_id)
        choice = check_vote(poll, cmd.voter_session, cmd.choice, self.now())
        # After the rules: a vote that cannot count costs the phone none of its allowance.
        self.admit(cmd.participant)
        ballot = Ballot(poll["_id"], cmd.participant, choice, cmd.correlation_id)
        receipt = await self.ballots.cast(ballot)
        # Committed by now (the receipt says so): `voted` may have grown.
        self.deps.live.attendance_changed(poll["session_id"])
        return VoteAccepted(
            poll_id=poll["_id"],
            session_id=poll["session_id"],
            vote_id=receipt.vote_id,
            version=receipt.version,
            choice=choice,
        )

    async def _poll_for_vote(self, poll_id: str) -> Doc:
        cached = self.deps.polls_for_votes.get(poll_id)
        if cached is not None:
            return cached
        poll = await self.deps.polls.get(poll_id)
        if poll is None:
            raise not_found("poll")
        return self.deps.polls_for_votes.put(poll_id, poll)
