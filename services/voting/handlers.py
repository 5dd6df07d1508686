"""The voting service's command handlers, one entry per command (commands.py).

Sessions and polls: handlers_sessions, handlers_members, handlers_polls; votes: handlers_votes,
which hands each ballot to the group commit. Each handler runs in one unit of work (shared/
unit_of_work.py), records its events there and shows the live state after the commit.
"""

from __future__ import annotations

from collections.abc import Callable

from services.voting.erasure import ErasureHandlers
from services.voting.handlers_base import LiveState, VotingDeps, conflict
from services.voting.handlers_members import MemberHandlers
from services.voting.handlers_polls import PollHandlers
from services.voting.handlers_sessions import SessionHandlers
from services.voting.handlers_votes import BallotBox, VoteHandlers
from services.voting.retention import RetentionHandlers

__all__ = ["BallotBox", "LiveState", "VotingDeps", "VotingHandlers", "conflict"]


def _no_limit(_participant: str) -> None:
    return None


class VotingHandlers:
    """Every command of the voting service, by name."""

    def __init__(
        self,
        deps: VotingDeps,
        ballots: BallotBox,
        admit_vote: Callable[[str], None] = _no_limit,
    ) -> None:
        self.deps = deps
        sessions, members = SessionHandlers(deps), MemberHandlers(deps)
        polls, votes = PollHandlers(deps), VoteHandlers(deps, ballots, admit_vote)
        self.create_session = sessions.create_session
        self.lock_session = sessions.lock_session
        self.end_session = sessions.end_session
        self.end_idle_sessions = sessions.end_idle_sessions
        self.join_session = members.join_session
        self.create_poll = polls.create_poll
        self.control_poll = polls.control_poll
        self.moderate_words = polls.moderate_words
        self.next_poll = polls.next_poll
        self.close_expired = polls.close_expired
        self.cast_vote = votes.cast_vote
        self.erase_participant = ErasureHandlers(deps).erase_participant
        self.purge_votes = RetentionHandlers(deps).purge_votes
