"""What the exhibitions handler tests share: a service on fakes, a few steps, times given."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from services.exhibitions.commands import (
    AddExhibit,
    ChangeExhibitionStatus,
    CreateExhibition,
    GiveFeedback,
    Rater,
    RegisterKiosk,
)
from services.exhibitions.domain import Status
from services.exhibitions.fakes import in_memory_service
from services.exhibitions.handlers import Stores
from services.exhibitions.handlers_exhibitions import (
    add_exhibit,
    change_exhibition_status,
    create_exhibition,
)
from services.exhibitions.handlers_feedback import give_feedback
from services.exhibitions.handlers_kiosks import register_kiosk
from shared.clock import now_ms
from shared.settings import DEFAULT_FIELDS_OF_ACTION

FIELD = DEFAULT_FIELDS_OF_ACTION[0]
PREFIX = "de.oecherlab.exhibitions."


class World:
    """A service on fakes; `changed` lists the exhibitions whose live state was redrawn."""

    def __init__(self, **rules: Any) -> None:
        self.service, self.uow = in_memory_service(**rules)
        self.changed: list[str] = []
        self.service.on_change(self.changed.append)

    @property
    def stores(self) -> Stores:
        return self.service.stores

    def types(self) -> list[str]:
        """The kinds of the published events, in order (the prefix cut off)."""
        return [e.type.removeprefix(PREFIX) for _t, _k, e in self.uow.published]

    async def exhibition(self, status: Status | None = Status.OPEN) -> dict[str, Any]:
        exhibition = await create_exhibition(self.service, CreateExhibition("Ausstellung", ""))
        if status is not None and status != Status.DRAFT:
            command = ChangeExhibitionStatus(exhibition["_id"], Status.OPEN)
            exhibition = await change_exhibition_status(self.service, command)
        if status == Status.CLOSED:
            command = ChangeExhibitionStatus(exhibition["_id"], Status.CLOSED)
            exhibition = await change_exhibition_status(self.service, command)
        return exhibition

    async def exhibit(
        self, exhibition: dict[str, Any] | None = None, title: str = "Exponat", field: str = FIELD
    ) -> dict[str, Any]:
        """An exhibit (of a new open exhibition unless one is given)."""
        exhibition = exhibition or await self.exhibition()
        command = AddExhibit(exhibition["_id"], title, field, "")
        return await add_exhibit(self.service, command)

    async def kiosk(self, exhibit: dict[str, Any]) -> Rater:
        """A registered kiosk of the exhibit, as its token names it."""
        kiosk = await register_kiosk(self.service, RegisterKiosk(exhibit["_id"]))
        return Rater("kiosk", kiosk["_id"], exhibit["_id"])

    async def rate(
        self, exhibit: dict[str, Any], rating: int, rater: Rater | str = "p:visitor", **more: Any
    ) -> dict[str, Any]:
        """Give feedback; a string rater is a participant."""
        if isinstance(rater, str):
            rater = Rater("participant", rater)
        command = GiveFeedback(exhibit["_id"], rating, rater, **more)
        return await give_feedback(self.service, command)


def ago(seconds: float, now: datetime | None = None) -> str:
    """An ISO time `seconds` before now (negative: after), as a kiosk's queue sends it."""
    return ((now or now_ms()) - timedelta(seconds=seconds)).isoformat()
