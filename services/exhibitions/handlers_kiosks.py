"""Handlers of kiosk tablets: register one (the gateway's first step before it signs the kiosk's
token), revoke all of an exhibit's, and the check every kiosk rating passes.

Only the gateway holds the signing key, so it cannot take a token back; a kiosk token works only
while its kiosk id is registered here and not revoked, which every rating looks up.
"""

from __future__ import annotations

import uuid

from services.exhibitions import domain_feedback
from services.exhibitions.commands import Rater, RegisterKiosk, RevokeKiosks
from services.exhibitions.domain import Doc
from services.exhibitions.events import KioskRevoked
from services.exhibitions.handlers import ExhibitionsService
from shared.clock import now_ms as now
from shared.unit_of_work import Transaction


async def register_kiosk(service: ExhibitionsService, command: RegisterKiosk) -> Doc:
    """A new kiosk of the exhibit; its id becomes the subject of the kiosk's token."""
    exhibit = await service.exhibit(command.exhibit_id)
    kiosk = {
        # A full uuid: the id is all that a kiosk token carries, so it must not be guessable.
        "_id": uuid.uuid4().hex,
        "exhibit_id": exhibit["_id"],
        "exhibition_id": exhibit["exhibition_id"],
        "created_at": now(),
        "revoked_at": None,
    }

    async def work(tx: Transaction) -> Doc:
        await service.stores.kiosks.add(kiosk, tx)
        return kiosk

    return await service.uow.run(work)


async def revoke_kiosks(service: ExhibitionsService, command: RevokeKiosks) -> int:
    """Revoke every kiosk of the exhibit; how many were active."""
    exhibit = await service.exhibit(command.exhibit_id)

    async def work(tx: Transaction) -> int:
        revoked = await service.stores.kiosks.revoke_all(exhibit["_id"], now(), tx)
        if revoked:
            service.record(tx, KioskRevoked(exhibit["exhibition_id"], exhibit["_id"], revoked))
        return revoked

    return await service.uow.run(work)


async def check_rater(service: ExhibitionsService, rater: Rater, exhibit_id: str) -> None:
    """A kiosk must stand at this exhibit and be registered and not revoked; participants
    pass. Looked up on every rating (one read by id): a revoked tablet stops at once."""
    if rater.kind != "kiosk":
        return
    # A token of another exhibit is refused without a lookup.
    mine = rater.exhibit_id == exhibit_id
    kiosk = await service.stores.kiosks.get(rater.id) if mine else None
    domain_feedback.check_kiosk(rater.exhibit_id, kiosk, exhibit_id)
