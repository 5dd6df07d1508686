"""The voting service's storage ports, in the domain's words.

Each has a MongoDB class (mongo_sessions.py, mongo_polls.py) and an in-memory fake (fakes.py);
tests/contracts/voting_store.py holds both to one contract. A write takes the handler's
`Transaction` (MongoDB uses its session; a fake ignores it, the fake unit of work rolls fakes
back by snapshot); a read takes it when a decision inside the transaction rests on it.
Documents are plain dicts in their stored form (`_id`, `version`, ...).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from shared.unit_of_work import Transaction

Doc = dict[str, Any]


class VersionConflict(Exception):
    """A document changed since it was read; the caller's work is retried or refused."""


class SessionStore(Protocol):
    """Workshop sessions; a join code belongs to one session ever."""

    async def get(self, session_id: str, tx: Transaction | None = None) -> Doc | None:
        """The session, or None."""
        ...

    async def by_code(self, code: str) -> Doc | None:
        """The session with this join code (open, locked or ended), or None."""
        ...

    async def add(self, session: Doc, tx: Transaction) -> None:
        """Store a new session; DuplicateKeyError when its id or join code is taken."""
        ...

    async def change(self, session: Doc, changes: Doc, tx: Transaction) -> Doc | None:
        """Set `changes` on the session as read (version one higher); the session after, or
        None when it changed since it was read."""
        ...

    async def mark_active(self, session_id: str, at: datetime, tx: Transaction) -> None:
        """Remember activity at `at` (never moves backwards; no version change)."""
        ...

    async def ids(self) -> list[str]:
        """The id of every session (to compute a device's pseudonyms in each)."""
        ...

    async def newest(self, limit: int) -> list[Doc]:
        """The latest sessions created, newest first."""
        ...

    async def changed_since(self, since: datetime) -> list[Doc]:
        """Sessions changed at or after `since`."""
        ...

    async def ended_unpurged(self, before: datetime) -> list[Doc]:
        """Sessions that ended before `before` whose votes are not yet deleted (retention)."""
        ...

    async def idle_since(self, cutoff: datetime) -> list[Doc]:
        """Sessions not ended whose own document shows nothing since `cutoff`."""
        ...


class PollStore(Protocol):
    """The polls of sessions, in the order they were prepared."""

    async def get(self, poll_id: str, tx: Transaction | None = None) -> Doc | None:
        """The poll, or None."""
        ...

    async def of_session(self, session_id: str, tx: Transaction | None = None) -> list[Doc]:
        """The session's polls by `order`."""
        ...

    async def add(self, poll: Doc, tx: Transaction) -> None:
        """Store a new poll."""
        ...

    async def change(self, poll: Doc, changes: Doc, tx: Transaction) -> Doc | None:
        """As SessionStore.change, for a poll."""
        ...

    async def due(self, now: datetime) -> list[Doc]:
        """Polls stored as open whose deadline is at or before `now`."""
        ...

    async def hold_open(self, poll_id: str, round_: int, tx: Transaction) -> bool:
        """Write to the poll on condition that it is open in `round_`; False when it is not.
        A close or reset committing meanwhile then conflicts with the caller's transaction."""
        ...


class MemberStore(Protocol):
    """Who has joined which session: one member per session and participant."""

    async def get(
        self, session_id: str, participant: str, tx: Transaction | None = None
    ) -> Doc | None:
        """The member ({session_id, participant, joined_at}), or None."""
        ...

    async def add(self, session_id: str, participant: str, at: datetime, tx: Transaction) -> bool:
        """Make the participant a member; True when they were not one before."""
        ...

    async def remove(self, session_id: str, participant: str, tx: Transaction) -> None:
        """Take a member back."""
        ...

    async def count(self, session_id: str) -> int:
        """How many have joined the session."""
        ...

    async def latest_join(self, session_id: str) -> datetime | None:
        """When the latest member joined, or None."""
        ...

    async def purge(self, session_id: str, tx: Transaction) -> int:
        """Delete every member of the session (retention); how many."""
        ...

    async def of_participants(self, participants: list[str]) -> list[Doc]:
        """The members of these participant ids (one device's pseudonyms) in every session,
        earliest join first."""
        ...


class VoteStore(Protocol):
    """Stored votes: one per participant, poll and round (vote_rules.vote_id), versioned."""

    async def find(self, vote_ids: list[str], tx: Transaction) -> dict[str, Doc]:
        """The stored votes among `vote_ids`, by id."""
        ...

    async def write(self, changes: list[tuple[Doc, Doc | None]], tx: Transaction) -> None:
        """Store each (vote, the vote as read before or None); VersionConflict when one of
        them changed (or appeared) since it was read."""
        ...

    async def mine(self, poll_id: str, round_: int, participant: str) -> Doc | None:
        """The participant's vote in this round, or None."""
        ...

    async def voters(self, poll_id: str, round_: int) -> set[str]:
        """The participants with a vote in this round."""
        ...

    async def latest_at(self, poll_id: str, round_: int) -> datetime | None:
        """When a vote of this round was last stored, or None."""
        ...

    async def of_participants(self, participants: list[str]) -> list[Doc]:
        """The votes of these participant ids (one device's pseudonyms) in every poll and round,
        by when they were last stored (`updated_at`), oldest first."""
        ...

    async def erase(self, votes: list[Doc], tx: Transaction) -> None:
        """Delete these votes; VersionConflict when one of them changed since it was read."""
        ...

    async def purge(self, poll_ids: list[str], tx: Transaction) -> int:
        """Delete every vote of these polls, in every round, and the tally's record of what it
        counted for each (retention: the tallies themselves stay); how many votes."""
        ...


class TallyReader(Protocol):
    """The tallies the tally worker keeps (read only here)."""

    async def tally(self, poll_id: str, round_: int) -> Doc | None:
        """{"counts": {...}, "voters": n, ...} of the poll's round, or None before any vote."""
        ...
