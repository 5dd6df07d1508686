"""The `EventCopies` port on MongoDB: the outbox entries of ideas.events (shared/outbox.py keeps
sent ones a week for audits and replays; shared/relay.py moves refused ones to `outbox_parked`).
"""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from shared.outbox import Outbox
from shared.unit_of_work import Transaction


class MongoEventCopies:
    """`EventCopies` on the `outbox` and `outbox_parked` collections, for one topic."""

    def __init__(self, db: AsyncDatabase, topic: str) -> None:
        self.outbox = Outbox(db).collection
        self.parked = db["outbox_parked"]  # the relay's name for it
        self.topic = topic

    async def erase(self, idea_id: str, tx: Transaction) -> int:
        """See `EventCopies.erase`."""
        # Entries still waiting go too: the withdrawal's own event, recorded in this same
        # transaction, tells every reader all there is left to know.
        flt = {"topic": self.topic, "key": idea_id}
        erased = 0
        for collection in (self.outbox, self.parked):
            erased += (await collection.delete_many(flt, session=tx.session)).deleted_count
        return erased

    async def count(self, idea_id: str) -> int:
        """See `EventCopies.count`."""
        flt = {"topic": self.topic, "key": idea_id}
        return sum([await c.count_documents(flt) for c in (self.outbox, self.parked)])
