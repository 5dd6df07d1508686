"""The storage ports of feedback: ratings, comments and each exhibit's counters (see ports.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Protocol

from services.exhibitions.domain import Doc
from shared.unit_of_work import Transaction


class RatingRepository(Protocol):
    """Ratings: a participant's under a key of exhibit and participant (one each), a kiosk's
    each under an id of its own. Fields: exhibit_id, exhibition_id, source (phone or kiosk),
    by (participant or kiosk id), rating, given_at, comment_id, created_at, updated_at."""

    async def get(self, rating_id: str, tx: Transaction | None = None) -> Doc | None:
        """The stored rating, or None."""
        ...

    async def put(self, rating: Doc, tx: Transaction) -> None:
        """Store the rating, replacing one with the same _id."""
        ...

    async def nearest_of_kiosk(
        self, kiosk_id: str, given_at: datetime, within_s: float, tx: Transaction
    ) -> datetime | None:
        """The latest `given_at` among the kiosk's ratings less than `within_s` seconds before
        or after `given_at`, or None."""
        ...

    async def latest(self, exhibit_id: str, n: int, tx: Transaction) -> list[int]:
        """The exhibit's `n` most recently given ratings (by given_at), newest first."""
        ...

    def of_exhibition(self, exhibition_id: str) -> AsyncIterator[Doc]:
        """Every rating of the exhibition, in the order given."""
        ...

    async def of_participant(self, participant: str) -> list[Doc]:
        """The participant's own ratings (source phone, `by` their token's subject) of every
        exhibit, in the order given. A kiosk's ratings are no participant's."""
        ...

    async def remove(self, rating_ids: list[str], tx: Transaction) -> None:
        """Delete these ratings (their participant's data is erased)."""
        ...


class CommentRepository(Protocol):
    """Comments on exhibits with their moderation status (submitted, published, rejected).
    Fields: exhibit_id, exhibition_id, rating_id, body, status, created_at."""

    async def add(self, comment: Doc, tx: Transaction) -> None:
        """Store a new comment; an id that exists already raises DuplicateKeyError."""
        ...

    async def get(self, comment_id: str, tx: Transaction | None = None) -> Doc | None:
        """The comment, or None."""
        ...

    async def set_status(
        self, comment_id: str, *, expected: str, status: str, at: datetime, tx: Transaction
    ) -> bool:
        """Set `status` (and `moderated_at`) if the comment still has status `expected`; False
        if another moderator was quicker."""
        ...

    async def with_status(self, status: str, limit: int = 200) -> list[Doc]:
        """Comments of any exhibition in one status, oldest first."""
        ...

    async def of_ratings(self, rating_ids: list[str]) -> list[Doc]:
        """Every comment given with these ratings (a participant's rating keeps its id when it
        is replaced, so its earlier comments too), oldest first."""
        ...

    async def remove(self, comment_ids: list[str], tx: Transaction) -> None:
        """Delete these comments (their author's data is erased)."""
        ...

    async def published_of_exhibit(self, exhibit_id: str, limit: int) -> list[Doc]:
        """An exhibit's published comments, newest first."""
        ...

    async def published_of_exhibition(self, exhibition_id: str, limit: int) -> list[Doc]:
        """An exhibition's published comments, newest first."""
        ...


class CounterRepository(Protocol):
    """Each exhibit's counters (tally.py): count, sum, dist, hours, days, and its open alert."""

    async def add(
        self, exhibit_id: str, exhibition_id: str, deltas: dict[str, int], tx: Transaction
    ) -> Doc:
        """Add `deltas` (dotted paths, tally.rating_deltas) and return the counters afterwards;
        counters that do not exist yet start at zero."""
        ...

    async def get(self, exhibit_id: str) -> Doc | None:
        """The exhibit's counters, or None before its first rating."""
        ...

    async def of_exhibition(self, exhibition_id: str) -> list[Doc]:
        """The counters of every exhibit of the exhibition that has any."""
        ...

    async def set_alert(self, exhibit_id: str, alert: Doc | None, tx: Transaction) -> None:
        """Store the exhibit's open alert (None: no alert)."""
        ...
