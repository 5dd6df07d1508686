"""The storage ports of the ideas context, in its own words.

Handlers see only these protocols; `storage.py` implements them on MongoDB, `fakes.py` in memory.
Writes take the handler's `Transaction` (MongoDB uses its session, the fakes ignore it); reads may
take it too, so a handler reads what its own transaction sees. Ideas and comments stay plain
dicts: the read model, the events and the follower all speak that form already.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any, Protocol

from shared.unit_of_work import Transaction

Idea = dict[str, Any]
Comment = dict[str, Any]


class IdeaRepository(Protocol):
    """Ideas by id, each carrying a `version` that every change bumps."""

    async def get(self, idea_id: str, tx: Transaction | None = None) -> Idea | None:
        """The stored idea, or None."""
        ...

    async def add(self, idea: Idea, tx: Transaction) -> None:
        """Store a new idea; an id that exists already raises DuplicateKeyError."""
        ...

    async def save(self, idea: Idea, *, expected_version: int, tx: Transaction) -> bool:
        """Replace the idea if its stored version is still `expected_version`; False if someone
        changed it meanwhile (or it is gone). `idea` carries its new version itself."""
        ...

    async def add_to_counts(
        self, idea_id: str, tx: Transaction, *, supports: int = 0, comments: int = 0
    ) -> Idea | None:
        """Add to the idea's counters and bump its version; the idea afterwards, None if gone
        (unknown or withdrawn: a tombstone never counts again).

        Counters change without a version guard: a hall supporting one idea at once must not
        turn into conflicts and retries."""
        ...

    async def of_author(self, author: str) -> list[Idea]:
        """The author's ideas in any status (no tombstones: a withdrawn idea has no author any
        more), oldest first."""
        ...

    def all(
        self, *, oldest_first: bool = False, include_withdrawn: bool = False
    ) -> AsyncIterator[Idea]:
        """Every idea (unordered unless `oldest_first`, which costs a sort). Tombstones of
        withdrawn ideas only with `include_withdrawn` (the read model needs them to keep those
        ideas gone; exports and lists must never meet one)."""
        ...


class SupportRepository(Protocol):
    """Who supports which idea: at most once per participant and idea."""

    async def add(self, idea_id: str, participant: str, at: datetime, tx: Transaction) -> bool:
        """Record the support; False (and nothing changed) if it was there already."""
        ...

    async def remove(self, idea_id: str, participant: str, tx: Transaction) -> bool:
        """Drop the support; False if there was none."""
        ...

    async def exists(self, idea_id: str, participant: str) -> bool:
        """Whether the participant supports the idea."""
        ...

    async def remove_all(self, idea_id: str, tx: Transaction) -> int:
        """Drop every support of the idea (it was withdrawn); how many there were."""
        ...

    async def of_participant(self, participant: str) -> list[dict]:
        """The participant's supports ({idea_id, participant, at}), oldest first."""
        ...


class CommentRepository(Protocol):
    """Comments on ideas, each with a moderation status (submitted, published, rejected)."""

    async def add(self, comment: Comment, tx: Transaction) -> None:
        """Store a new comment; an id that exists already raises DuplicateKeyError."""
        ...

    async def get(
        self, comment_id: str, idea_id: str, tx: Transaction | None = None
    ) -> Comment | None:
        """The comment if it belongs to that idea, else None."""
        ...

    async def set_status(
        self, comment_id: str, *, expected: str, status: str, at: datetime, tx: Transaction
    ) -> bool:
        """Moderate: set `status` (and the time) if the comment still has status `expected`;
        False if another moderator was quicker."""
        ...

    async def of_idea(
        self, idea_id: str, *, published_only: bool, limit: int = 500
    ) -> list[Comment]:
        """An idea's comments, oldest first (only published ones if `published_only`)."""
        ...

    async def with_status(self, status: str, limit: int = 200) -> list[Comment]:
        """Comments of any idea in one moderation status, oldest first."""
        ...

    async def remove_all(self, idea_id: str, tx: Transaction) -> int:
        """Erase every comment of the idea, in any status (it was withdrawn); how many."""
        ...

    async def of_author(self, author: str) -> list[Comment]:
        """The author's comments on any idea, in any status, oldest first."""
        ...

    async def remove_of_author(self, author: str, tx: Transaction) -> list[Comment]:
        """Erase the author's comments on every idea (their data is deleted); the ones erased."""
        ...


class EventCopies(Protocol):
    """The copies of an idea's events this service keeps itself: the transactional outbox holds
    each event, with the whole idea in it, until it is sent and for a week after."""

    async def erase(self, idea_id: str, tx: Transaction) -> int:
        """Drop every kept copy of the idea's events (sent, waiting or parked); how many."""
        ...

    async def count(self, idea_id: str) -> int:
        """How many copies of the idea's events are kept."""
        ...
