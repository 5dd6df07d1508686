"""The session and member ports on MongoDB (collections `sessions` and `members`).

members  _id = "<session>:<participant>": joining twice is the same as joining once
"""

from __future__ import annotations

from datetime import datetime

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from services.voting.ports import Doc
from shared.unit_of_work import Transaction, session_of


async def change_versioned(
    collection: AsyncCollection, doc: Doc, changes: Doc, tx: Transaction
) -> Doc | None:
    """Set `changes` if the document still has the version it was read with; the document
    after, or None (a concurrent change, which the caller turns into a conflict)."""
    return await collection.find_one_and_update(
        {"_id": doc["_id"], "version": doc["version"]},
        {"$set": changes, "$inc": {"version": 1}},
        session=session_of(tx),
        return_document=ReturnDocument.AFTER,
    )


def member_id(session_id: str, participant: str) -> str:
    """The member document's key: one per session and participant, by construction."""
    return f"{session_id}:{participant}"


class MongoSessionStore:
    """SessionStore on the `sessions` collection (unique index on join_code: storage.py)."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.sessions = db["sessions"]

    async def get(self, session_id: str, tx: Transaction | None = None) -> Doc | None:
        """See SessionStore.get."""
        return await self.sessions.find_one({"_id": session_id}, session=session_of(tx))

    async def by_code(self, code: str) -> Doc | None:
        """See SessionStore.by_code."""
        return await self.sessions.find_one({"join_code": code})

    async def add(self, session: Doc, tx: Transaction) -> None:
        """See SessionStore.add."""
        await self.sessions.insert_one(session, session=session_of(tx))

    async def change(self, session: Doc, changes: Doc, tx: Transaction) -> Doc | None:
        """See SessionStore.change."""
        return await change_versioned(self.sessions, session, changes, tx)

    async def mark_active(self, session_id: str, at: datetime, tx: Transaction) -> None:
        """See SessionStore.mark_active."""
        await self.sessions.update_one(
            {"_id": session_id}, {"$max": {"active_at": at}}, session=session_of(tx)
        )

    async def ids(self) -> list[str]:
        """See SessionStore.ids."""
        return [d["_id"] async for d in self.sessions.find({}, {"_id": 1})]

    async def newest(self, limit: int) -> list[Doc]:
        """See SessionStore.newest."""
        return await self.sessions.find({}).sort("created_at", -1).limit(limit).to_list()

    async def changed_since(self, since: datetime) -> list[Doc]:
        """See SessionStore.changed_since."""
        return await self.sessions.find({"updated_at": {"$gte": since}}).to_list()

    async def ended_unpurged(self, before: datetime) -> list[Doc]:
        """See SessionStore.ended_unpurged."""
        where = {"ended_at": {"$lt": before}, "votes_purged_at": None}
        return await self.sessions.find(where).to_list()

    async def idle_since(self, cutoff: datetime) -> list[Doc]:
        """See SessionStore.idle_since."""
        quiet = {"$or": [{"active_at": None}, {"active_at": {"$lt": cutoff}}]}
        where = {"ended_at": None, "updated_at": {"$lt": cutoff}, **quiet}
        return await self.sessions.find(where).to_list()


class MongoMemberStore:
    """MemberStore on the `members` collection."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.members = db["members"]

    async def get(
        self, session_id: str, participant: str, tx: Transaction | None = None
    ) -> Doc | None:
        """See MemberStore.get."""
        key = {"_id": member_id(session_id, participant)}
        return await self.members.find_one(key, session=session_of(tx))

    async def add(self, session_id: str, participant: str, at: datetime, tx: Transaction) -> bool:
        """See MemberStore.add. Two joins racing inside transactions conflict; the loser is
        retried (or gets DuplicateKeyError, which the join handler retries)."""
        doc: Doc = {
            "session_id": session_id,
            "participant": participant,
            "joined_at": at,
        }
        result = await self.members.update_one(
            {"_id": member_id(session_id, participant)},
            {"$setOnInsert": doc},
            upsert=True,
            session=session_of(tx),
        )
        return result.upserted_id is not None

    async def remove(self, session_id: str, participant: str, tx: Transaction) -> None:
        """See MemberStore.remove."""
        key = {"_id": member_id(session_id, participant)}
        await self.members.delete_one(key, session=session_of(tx))

    async def count(self, session_id: str) -> int:
        """See MemberStore.count."""
        return await self.members.count_documents({"session_id": session_id})

    async def latest_join(self, session_id: str) -> datetime | None:
        """See MemberStore.latest_join."""
        latest = await self.members.find_one(
            {"session_id": session_id}, sort=[("joined_at", DESCENDING)]
        )
        return latest["joined_at"] if latest else None

    async def purge(self, session_id: str, tx: Transaction) -> int:
        """See MemberStore.purge (on the session's index: storage.py)."""
        gone = await self.members.delete_many({"session_id": session_id}, session=session_of(tx))
        return gone.deleted_count

    async def of_participants(self, participants: list[str]) -> list[Doc]:
        """See MemberStore.of_participants (on the participant's index: storage.py)."""
        found = self.members.find({"participant": {"$in": participants}})
        return await found.sort([("joined_at", ASCENDING), ("_id", ASCENDING)]).to_list()
