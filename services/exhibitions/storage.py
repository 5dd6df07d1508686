"""The exhibitions ports on MongoDB: the `exhibitions`, `exhibits` and `kiosks` collections
(ratings, comments and counters: storage_feedback.py).

An exhibit's code is unique by index, so two exhibits can never share a QR code whatever the
transactions do.
"""

from __future__ import annotations

from datetime import datetime

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from services.exhibitions.domain import Doc
from shared.unit_of_work import Transaction, session_of


class MongoExhibitions:
    """`ExhibitionRepository` on the `exhibitions` collection."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.collection = db["exhibitions"]

    async def ensure_indexes(self) -> None:
        """The list, newest first."""
        await self.collection.create_index([("created_at", DESCENDING)])

    async def add(self, exhibition: Doc, tx: Transaction) -> None:
        """See `ExhibitionRepository.add`."""
        await self.collection.insert_one(exhibition, session=tx.session)

    async def get(self, exhibition_id: str, tx: Transaction | None = None) -> Doc | None:
        """See `ExhibitionRepository.get`."""
        return await self.collection.find_one({"_id": exhibition_id}, session=session_of(tx))

    async def set_status(
        self, exhibition_id: str, *, expected: str, status: str, at: datetime, tx: Transaction
    ) -> Doc | None:
        """See `ExhibitionRepository.set_status`."""
        return await self.collection.find_one_and_update(
            {"_id": exhibition_id, "status": expected},
            {"$set": {"status": status, "updated_at": at}},
            session=tx.session,
            return_document=ReturnDocument.AFTER,
        )

    async def newest(self, limit: int = 200) -> list[Doc]:
        """See `ExhibitionRepository.newest`."""
        cursor = self.collection.find({}).sort([("created_at", DESCENDING), ("_id", DESCENDING)])
        return await cursor.limit(limit).to_list()


class MongoExhibits:
    """`ExhibitRepository` on the `exhibits` collection."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.collection = db["exhibits"]

    async def ensure_indexes(self) -> None:
        """Codes are unique; an exhibition's exhibits by age."""
        await self.collection.create_index([("code", ASCENDING)], unique=True)
        await self.collection.create_index(
            [("exhibition_id", ASCENDING), ("created_at", ASCENDING)]
        )

    async def add(self, exhibit: Doc, tx: Transaction) -> None:
        """See `ExhibitRepository.add`."""
        await self.collection.insert_one(exhibit, session=tx.session)

    async def get(self, exhibit_id: str, tx: Transaction | None = None) -> Doc | None:
        """See `ExhibitRepository.get`."""
        return await self.collection.find_one({"_id": exhibit_id}, session=session_of(tx))

    async def by_code(self, code: str) -> Doc | None:
        """See `ExhibitRepository.by_code`."""
        return await self.collection.find_one({"code": code})

    async def of_exhibition(self, exhibition_id: str) -> list[Doc]:
        """See `ExhibitRepository.of_exhibition`."""
        cursor = self.collection.find({"exhibition_id": exhibition_id})
        return await cursor.sort([("created_at", ASCENDING), ("_id", ASCENDING)]).to_list()


class MongoKiosks:
    """`KioskRegistry` on the `kiosks` collection."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.collection = db["kiosks"]

    async def ensure_indexes(self) -> None:
        """Revoking finds an exhibit's kiosks."""
        await self.collection.create_index([("exhibit_id", ASCENDING)])

    async def add(self, kiosk: Doc, tx: Transaction) -> None:
        """See `KioskRegistry.add`."""
        await self.collection.insert_one(kiosk, session=tx.session)

    async def get(self, kiosk_id: str) -> Doc | None:
        """See `KioskRegistry.get`."""
        return await self.collection.find_one({"_id": kiosk_id})

    async def touch(self, kiosk_id: str, given_at: datetime, tx: Transaction) -> None:
        """See `KioskRegistry.touch`."""
        # The $inc makes it a write even when given_at is older than the latest: a no-op
        # update would not make two concurrent transactions conflict.
        await self.collection.update_one(
            {"_id": kiosk_id},
            {"$max": {"last_given_at": given_at}, "$inc": {"ratings": 1}},
            session=tx.session,
        )

    async def revoke_all(self, exhibit_id: str, at: datetime, tx: Transaction) -> int:
        """See `KioskRegistry.revoke_all`."""
        result = await self.collection.update_many(
            {"exhibit_id": exhibit_id, "revoked_at": None},
            {"$set": {"revoked_at": at}},
            session=tx.session,
        )
        return result.modified_count
