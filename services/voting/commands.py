"""The voting service's commands (what a moderator, a phone or a timer asks for) and the
results their handlers answer with. The HTTP edge builds a command from a request, calls its one
handler (handlers.VotingHandlers) and shapes the result into the answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.voting.poll_control import PollAction
from services.voting.poll_types import PollType


@dataclass(frozen=True)
class CreateSession:
    """A new open workshop session with a join code no other session ever had."""

    title: str
    by: str


@dataclass(frozen=True)
class LockSession:
    """Keep newcomers out (locked=True) or let them in again (locked=False)."""

    session_id: str
    locked: bool = True


@dataclass(frozen=True)
class EndSession:
    """End a session for good; its open poll closes and its code stops working."""

    session_id: str
    reason: str = "moderator"


@dataclass(frozen=True)
class EndIdleSessions:
    """End sessions without a join, vote or change for `max_idle_s` (a timer sends this)."""

    max_idle_s: float


@dataclass(frozen=True)
class JoinSession:
    """Make a participant a member of a session (joining again changes nothing)."""

    session_id: str
    participant: str


@dataclass(frozen=True)
class CreatePoll:
    """A prepared poll (a draft) at the end of the session's list."""

    session_id: str
    question: str
    kind: PollType
    labels: list[str] | None = None
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ControlPoll:
    """Open, close, reveal or reset a poll."""

    poll_id: str
    action: PollAction


@dataclass(frozen=True)
class ModerateWords:
    """Approve (show) or reject (hide) words of a word cloud."""

    poll_id: str
    words: list[str]
    approve: bool


@dataclass(frozen=True)
class NextPoll:
    """Close the session's open poll, if any, and show `poll_id` next, or the poll after the
    current one; `open` opens it as well (CONTRACT: POST /sessions/{id}/next)."""

    session_id: str
    poll_id: str | None = None
    open: bool = False


@dataclass(frozen=True)
class CloseExpiredPolls:
    """Close the open polls whose timer ran out (a timer sends this)."""


@dataclass(frozen=True)
class CastVote:
    """A participant's vote; `voter_session` is the session their token is bound to."""

    poll_id: str
    participant: str
    voter_session: str | None
    choice: Any
    correlation_id: str | None = None


@dataclass(frozen=True)
class Joined:
    """The session joined, when the participant became a member, and whether just now."""

    session: dict[str, Any]
    joined_at: datetime
    new: bool


@dataclass(frozen=True)
class VoteAccepted:
    """A vote stored durably (its event will be counted): the answer's receipt."""

    poll_id: str
    session_id: str
    vote_id: str
    version: int
    choice: Any


@dataclass(frozen=True)
class SessionShown:
    """A session and the poll it shows (None before its first poll)."""

    session: dict[str, Any]
    poll: dict[str, Any] | None


@dataclass(frozen=True)
class PurgeVotes:
    """Delete the individual votes and members of sessions that ended more than `after_days`
    ago; their tallies stay (a timer sends this, Settings.retention_votes_days)."""

    after_days: float
