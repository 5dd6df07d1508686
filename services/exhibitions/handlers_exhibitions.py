"""Handlers of exhibitions and their exhibits: create, open, close, add an exhibit."""

from __future__ import annotations

from pymongo.errors import DuplicateKeyError

from services.exhibitions import domain
from services.exhibitions.commands import AddExhibit, ChangeExhibitionStatus, CreateExhibition
from services.exhibitions.domain import Doc, Status
from services.exhibitions.events import (
    ExhibitCreated,
    ExhibitionClosed,
    ExhibitionCreated,
    ExhibitionOpened,
)
from services.exhibitions.handlers import ExhibitionsService
from shared.clock import now_ms as now
from shared.errors import DomainError
from shared.unit_of_work import Transaction

# A taken code is drawn again; with 32^6 codes, ten taken in a row means something is wrong.
CODE_DRAWS = 10


async def create_exhibition(service: ExhibitionsService, command: CreateExhibition) -> Doc:
    """A new exhibition, as a draft."""
    exhibition = domain.new_exhibition(command.title, command.description, now())

    async def work(tx: Transaction) -> Doc:
        await service.stores.exhibitions.add(exhibition, tx)
        service.record(tx, ExhibitionCreated(exhibition["_id"], exhibition))
        service.changed(tx, exhibition["_id"])
        return exhibition

    return await service.uow.run(work)


async def change_exhibition_status(
    service: ExhibitionsService, command: ChangeExhibitionStatus
) -> Doc:
    """Open or close an exhibition; doing it twice changes nothing."""

    async def work(tx: Transaction) -> Doc:
        current = await service.exhibition(command.exhibition_id, tx)
        if not domain.status_change(current, command.status):
            return current
        updated = await service.stores.exhibitions.set_status(
            command.exhibition_id,
            expected=current["status"],
            status=command.status.value,
            at=now(),
            tx=tx,
        )
        if updated is None:
            raise DomainError(
                "The exhibition was changed by someone else meanwhile; reload and try again.",
                "Die Ausstellung wurde inzwischen geändert; bitte neu laden.",
                "conflict",
            )
        event = ExhibitionOpened if command.status == Status.OPEN else ExhibitionClosed
        service.record(tx, event(updated["_id"], updated))
        service.changed(tx, updated["_id"])
        return updated

    return await service.uow.run(work)


async def add_exhibit(service: ExhibitionsService, command: AddExhibit) -> Doc:
    """A new exhibit of the exhibition with a code no other exhibit has (the store's unique
    index says so; a taken code is drawn again)."""
    await service.exhibition(command.exhibition_id)
    for _ in range(CODE_DRAWS):
        exhibit = domain.new_exhibit(
            command.exhibition_id,
            command.title,
            command.field,
            command.description,
            service.rules.fields_of_action,
            now(),
        )

        async def work(tx: Transaction, exhibit: Doc = exhibit) -> Doc:
            await service.stores.exhibits.add(exhibit, tx)
            service.record(tx, ExhibitCreated(command.exhibition_id, exhibit))
            service.changed(tx, command.exhibition_id)
            return exhibit

        try:
            return await service.uow.run(work)
        except DuplicateKeyError:
            continue
    raise RuntimeError("could not find a free exhibit code")
