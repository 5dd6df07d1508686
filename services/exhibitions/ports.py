"""The storage ports of the exhibitions context, in its own words.

Handlers see only these protocols; storage*.py implements them on MongoDB, fakes*.py in memory
(tests/contracts/exhibitions_store.py holds both to one contract). Writes take the handler's
`Transaction`; reads may, so a handler reads what its own transaction sees. Documents are plain
dicts (domain.py makes them). Ratings, comments and counters are in ports_feedback.py.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from services.exhibitions.domain import Doc
from shared.unit_of_work import Transaction


class ExhibitionRepository(Protocol):
    """Exhibitions by id."""

    async def add(self, exhibition: Doc, tx: Transaction) -> None:
        """Store a new exhibition; an id that exists already raises DuplicateKeyError."""
        ...

    async def get(self, exhibition_id: str, tx: Transaction | None = None) -> Doc | None:
        """The stored exhibition, or None."""
        ...

    async def set_status(
        self, exhibition_id: str, *, expected: str, status: str, at: datetime, tx: Transaction
    ) -> Doc | None:
        """Set `status` (and `updated_at`) if the status is still `expected`; the exhibition
        afterwards, or None if someone changed it meanwhile (or it is gone)."""
        ...

    async def newest(self, limit: int = 200) -> list[Doc]:
        """The newest exhibitions first."""
        ...


class ExhibitRepository(Protocol):
    """Exhibits by id and by their unique short code."""

    async def add(self, exhibit: Doc, tx: Transaction) -> None:
        """Store a new exhibit; a taken id or code raises DuplicateKeyError."""
        ...

    async def get(self, exhibit_id: str, tx: Transaction | None = None) -> Doc | None:
        """The stored exhibit, or None."""
        ...

    async def by_code(self, code: str) -> Doc | None:
        """The exhibit with this code, or None."""
        ...

    async def of_exhibition(self, exhibition_id: str) -> list[Doc]:
        """An exhibition's exhibits, oldest first."""
        ...


class KioskRegistry(Protocol):
    """The kiosk tablets registered for exhibits; revoked ones stay, marked."""

    async def add(self, kiosk: Doc, tx: Transaction) -> None:
        """Register a kiosk ({_id, exhibit_id, exhibition_id, created_at, revoked_at: None})."""
        ...

    async def get(self, kiosk_id: str) -> Doc | None:
        """The kiosk (revoked or not), or None if it was never registered."""
        ...

    async def touch(self, kiosk_id: str, given_at: datetime, tx: Transaction) -> None:
        """Note a rating of the kiosk given at `given_at` (keeps the latest). Written in every
        kiosk rating's transaction, so two ratings of one kiosk never pass its interval check
        side by side: the database lets only one of two such transactions commit at once."""
        ...

    async def revoke_all(self, exhibit_id: str, at: datetime, tx: Transaction) -> int:
        """Mark every kiosk of the exhibit that is not revoked yet; how many were."""
        ...
