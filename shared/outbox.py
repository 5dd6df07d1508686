"""The transactional outbox: events are stored with the state change, then relayed to Kafka."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from bson import ObjectId
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from shared.events import CloudEvent

log = logging.getLogger(__name__)

FaultHook = Callable[[str], None]
SENT_RETENTION_S = 7 * 24 * 3600


def _no_fault(_point: str) -> None:
    return None


# The data members that name a participant (their token's subject), at the top or one level down
# (ideas events: data.idea.author, data.comment.author).
PERSON_KEYS = ("participant", "author")


def people_in(data: Any, about: Iterable[str] = ()) -> list[str]:
    """The participants an event's data names, and those it is `about` without naming them, so
    that its copies can be erased with them."""
    if not isinstance(data, dict):
        return sorted(set(about))
    found = set(about) | {data[k] for k in PERSON_KEYS if isinstance(data.get(k), str)}
    for inner in data.values():
        if isinstance(inner, dict):
            found |= {inner[k] for k in PERSON_KEYS if isinstance(inner.get(k), str)}
    return sorted(found)


def outbox_entry(topic: str, key: str, event: CloudEvent, about: Iterable[str] = ()) -> dict:
    """The outbox document of one event (for `Outbox.add`, or for a bulk insert of many);
    `about`: see Transaction.record."""
    entry = {
        "_id": ObjectId(),
        "event_id": event.id,
        "topic": topic,
        "key": key,
        "value": event.to_bytes(),
        "sent": False,
        "created_at": datetime.now(UTC),
    }
    if people := people_in(event.data, about):
        entry["people"] = people
    return entry


class Outbox:
    """Records events inside the caller's transaction."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.collection = db["outbox"]
        self._listeners: list[Callable[[], None]] = []

    async def ensure_indexes(self) -> None:
        """The relay reads only unsent entries, so its index range stays small; sent entries are
        kept for a week (for audits and replays), then the database removes them."""
        await self.collection.create_index([("sent", 1), ("_id", 1)])
        await self.collection.create_index("sent_at", expireAfterSeconds=SENT_RETENTION_S)
        # A participant's erasure finds the copies that name them (Outbox.erase_person).
        await self.collection.create_index("people", sparse=True)

    async def erase_person(self, person: str, session: AsyncClientSession) -> int:
        """Delete the stored copies of every event that names `person`, sent or waiting, parked
        ones included; the erasure's own events, recorded after, tell the readers the rest."""
        erased = 0
        for collection in (self.collection, self.collection.database["outbox_parked"]):
            found = await collection.delete_many({"people": person}, session=session)
            erased += found.deleted_count
        return erased

    async def add(
        self, session: AsyncClientSession, topic: str, key: str, event: CloudEvent
    ) -> None:
        """Store an event to be published; call inside the transaction that changes the state."""
        await self.collection.insert_one(outbox_entry(topic, key, event), session=session)

    def on_commit(self, listener: Callable[[], None]) -> None:
        """Register a callback (the relay's wake-up) for `committed`."""
        self._listeners.append(listener)

    def committed(self) -> None:
        """Tell the relay that new entries are waiting, so it does not sleep until its next poll."""
        for listener in self._listeners:
            listener()
