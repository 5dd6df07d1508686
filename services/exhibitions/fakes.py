"""The exhibitions ports in memory, for handler tests without servers: exhibitions, exhibits and
kiosks here, feedback in fakes_feedback.py, and a whole service on fakes (`in_memory_service`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from pymongo.errors import DuplicateKeyError

from services.exhibitions.domain import Doc
from services.exhibitions.fakes_feedback import (
    FakeComments,
    FakeCounters,
    FakeRatings,
)
from services.exhibitions.handlers import ExhibitionsService, Rules, Stores
from shared.idempotency import FakeIdempotencyStore
from shared.memory_docs import MemoryDocs
from shared.settings import Settings
from shared.unit_of_work import FakeUnitOfWork, Transaction


class FakeExhibitions(MemoryDocs):
    """`ExhibitionRepository` in a dict."""

    async def add(self, exhibition: Doc, tx: Transaction) -> None:
        """See `ExhibitionRepository.add`."""
        self._insert(exhibition)

    async def get(self, exhibition_id: str, tx: Transaction | None = None) -> Doc | None:
        """See `ExhibitionRepository.get`."""
        return self._get(exhibition_id)

    async def set_status(
        self, exhibition_id: str, *, expected: str, status: str, at: datetime, tx: Transaction
    ) -> Doc | None:
        """See `ExhibitionRepository.set_status`."""
        exhibition = self.docs.get(exhibition_id)
        if exhibition is None or exhibition["status"] != expected:
            return None
        exhibition.update(status=status, updated_at=at)
        return self._get(exhibition_id)

    async def newest(self, limit: int = 200) -> list[Doc]:
        """See `ExhibitionRepository.newest`."""
        return self._sorted(lambda _e: True, "created_at", newest=True, limit=limit)


class FakeExhibits(MemoryDocs):
    """`ExhibitRepository` in a dict; codes unique as the database's index keeps them."""

    async def add(self, exhibit: Doc, tx: Transaction) -> None:
        """See `ExhibitRepository.add`."""
        if any(x["code"] == exhibit["code"] for x in self.docs.values()):
            raise DuplicateKeyError(f"code {exhibit['code']} is taken")
        self._insert(exhibit)

    async def get(self, exhibit_id: str, tx: Transaction | None = None) -> Doc | None:
        """See `ExhibitRepository.get`."""
        return self._get(exhibit_id)

    async def by_code(self, code: str) -> Doc | None:
        """See `ExhibitRepository.by_code`."""
        found = [x for x in self.docs.values() if x["code"] == code]
        return self._get(found[0]["_id"]) if found else None

    async def of_exhibition(self, exhibition_id: str) -> list[Doc]:
        """See `ExhibitRepository.of_exhibition`."""
        return self._sorted(
            lambda x: x["exhibition_id"] == exhibition_id, "created_at", newest=False
        )


class FakeKiosks(MemoryDocs):
    """`KioskRegistry` in a dict."""

    async def add(self, kiosk: Doc, tx: Transaction) -> None:
        """See `KioskRegistry.add`."""
        self._insert(kiosk)

    async def get(self, kiosk_id: str) -> Doc | None:
        """See `KioskRegistry.get`."""
        return self._get(kiosk_id)

    async def touch(self, kiosk_id: str, given_at: datetime, tx: Transaction) -> None:
        """See `KioskRegistry.touch`."""
        kiosk = self.docs.get(kiosk_id)
        if kiosk is not None:
            latest = kiosk.get("last_given_at")
            kiosk["last_given_at"] = given_at if latest is None else max(latest, given_at)
            kiosk["ratings"] = kiosk.get("ratings", 0) + 1

    async def revoke_all(self, exhibit_id: str, at: datetime, tx: Transaction) -> int:
        """See `KioskRegistry.revoke_all`."""
        active = [
            k
            for k in self.docs.values()
            if k["exhibit_id"] == exhibit_id and k["revoked_at"] is None
        ]
        for kiosk in active:
            kiosk["revoked_at"] = at
        return len(active)


def fake_stores() -> Stores:
    """A fresh set of fakes."""
    return Stores(
        exhibitions=FakeExhibitions(),
        exhibits=FakeExhibits(),
        kiosks=FakeKiosks(),
        ratings=FakeRatings(),
        comments=FakeComments(),
        counters=FakeCounters(),
    )


def in_memory_service(**rules: Any) -> tuple[ExhibitionsService, FakeUnitOfWork]:
    """An exhibitions service on fakes with the default settings (`rules` changes some, e.g.
    kiosk_interval_s=0); the unit of work tells what was published."""
    stores, idempotency = fake_stores(), FakeIdempotencyStore()
    uow = FakeUnitOfWork(*vars(stores).values(), idempotency)
    service = ExhibitionsService(
        uow=uow,
        stores=stores,
        idempotency=idempotency,
        topic="exhibitions.events",
        rules=replace(Rules.from_settings(Settings()), **rules),
    )
    return service, uow
