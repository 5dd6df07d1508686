"""The exhibitions service: what every command handler works with, and the lookups they share.

The handlers are in handlers_exhibitions.py, handlers_kiosks.py, handlers_feedback.py and
handlers_comments.py; each runs its work in the unit of work, records its events with
`ExhibitionsService.record` and says which exhibition changed with `changed`, so its live state
is redrawn once (and only if) the work committed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from services.exhibitions.domain import Doc
from services.exhibitions.domain_feedback import rater_key
from services.exhibitions.events import ExhibitionsEvent
from services.exhibitions.ports import ExhibitionRepository, ExhibitRepository, KioskRegistry
from services.exhibitions.ports_feedback import (
    CommentRepository,
    CounterRepository,
    RatingRepository,
)
from services.exhibitions.tally import AlertRule
from shared.errors import DomainError
from shared.idempotency import IdempotencyStore
from shared.settings import Settings
from shared.unit_of_work import Transaction, UnitOfWork


def not_found(what: str = "exhibition") -> DomainError:
    """The error for an unknown exhibition, exhibit, comment or rating."""
    german = {
        "exhibition": "Diese Ausstellung gibt es nicht.",
        "exhibit": "Dieses Exponat gibt es nicht.",
        "comment": "Diesen Kommentar gibt es nicht.",
    }
    return DomainError(
        f"There is no {what} with this id.",
        german.get(what, "Das gibt es nicht."),
        "not-found",
    )


@dataclass(frozen=True)
class Stores:
    """The service's storage ports."""

    exhibitions: ExhibitionRepository
    exhibits: ExhibitRepository
    kiosks: KioskRegistry
    ratings: RatingRepository
    comments: CommentRepository
    counters: CounterRepository


@dataclass(frozen=True)
class Rules:
    """The configuration the rules need (from Settings)."""

    fields_of_action: list[str]
    public_url: str
    kiosk_interval_s: float
    alert: AlertRule
    rater_key: bytes

    @classmethod
    def from_settings(cls, settings: Settings) -> Rules:
        """The rules as configured."""
        return cls(
            fields_of_action=list(settings.fields_of_action),
            public_url=settings.public_url,
            kiosk_interval_s=settings.kiosk_interval_s,
            alert=AlertRule(
                settings.exhibit_alert_window,
                settings.exhibit_alert_drop,
                settings.exhibit_alert_min_usual,
            ),
            rater_key=rater_key(settings.jwt_audience),
        )


class ExhibitionsService:
    """The ports, the configuration and the live hook the handlers share."""

    def __init__(
        self,
        *,
        uow: UnitOfWork,
        stores: Stores,
        idempotency: IdempotencyStore,
        topic: str,
        rules: Rules,
    ) -> None:
        self.uow = uow
        self.stores = stores
        self.idempotency = idempotency
        self.topic = topic
        self.rules = rules
        self._on_change: Callable[[str], None] = lambda _exhibition_id: None
        self._exhibit_locks: dict[str, asyncio.Lock] = {}

    def exhibit_lock(self, exhibit_id: str) -> asyncio.Lock:
        """Ratings of one exhibit take turns in this process: each writes the exhibit's counters,
        and concurrent transactions on one document conflict, are retried and, under a hall's
        load, crowd each other out (measured: bench/exhibition.py). One lock per exhibit (a few
        dozen per exhibition); other instances' conflicts are still retried by the database."""
        return self._exhibit_locks.setdefault(exhibit_id, asyncio.Lock())

    def on_change(self, hook: Callable[[str], None]) -> None:
        """Call `hook(exhibition_id)` after every committed change of an exhibition."""
        self._on_change = hook

    def record(self, tx: Transaction, event: ExhibitionsEvent, about: Iterable[str] = ()) -> None:
        """Publish `event` with the transaction (keyed by its exhibition); `about`: the
        participant whose words it carries without naming them (Transaction.record)."""
        tx.record(self.topic, event.exhibition_id, event.to_cloud_event(), about)

    def changed(self, tx: Transaction, exhibition_id: str) -> None:
        """Redraw the exhibition's live state once the transaction committed."""
        tx.after_commit(lambda: self._on_change(exhibition_id))

    async def exhibition(self, exhibition_id: str, tx: Transaction | None = None) -> Doc:
        """The exhibition, or the not-found error."""
        found = await self.stores.exhibitions.get(exhibition_id, tx)
        if found is None:
            raise not_found()
        return found

    async def exhibit(self, exhibit_id: str, tx: Transaction | None = None) -> Doc:
        """The exhibit, or the not-found error."""
        found = await self.stores.exhibits.get(exhibit_id, tx)
        if found is None:
            raise not_found("exhibit")
        return found

    async def exhibit_by_code(self, code: str) -> Doc:
        """The exhibit a QR code names, or the not-found error (codes are upper case)."""
        found = await self.stores.exhibits.by_code(code.upper())
        if found is None:
            raise not_found("exhibit")
        return found
