"""The poll and vote ports on MongoDB (collections `polls` and `votes`).

votes  _id = "<poll>:<round>:<participant>" (vote_rules.vote_id), with a version per change
"""

from __future__ import annotations

import re
from datetime import datetime

from pymongo import ASCENDING, DESCENDING, DeleteOne, InsertOne, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

from services.voting.mongo_sessions import change_versioned
from services.voting.ports import Doc, VersionConflict
from services.voting.vote_rules import vote_id
from shared.unit_of_work import Transaction, session_of

DUPLICATE_KEY = 11000


class MongoPollStore:
    """PollStore on the `polls` collection."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.polls = db["polls"]

    async def get(self, poll_id: str, tx: Transaction | None = None) -> Doc | None:
        """See PollStore.get."""
        return await self.polls.find_one({"_id": poll_id}, session=session_of(tx))

    async def of_session(self, session_id: str, tx: Transaction | None = None) -> list[Doc]:
        """See PollStore.of_session."""
        found = self.polls.find({"session_id": session_id}, session=session_of(tx))
        return await found.sort("order", 1).to_list()

    async def add(self, poll: Doc, tx: Transaction) -> None:
        """See PollStore.add."""
        await self.polls.insert_one(poll, session=session_of(tx))

    async def change(self, poll: Doc, changes: Doc, tx: Transaction) -> Doc | None:
        """See PollStore.change."""
        return await change_versioned(self.polls, poll, changes, tx)

    async def due(self, now: datetime) -> list[Doc]:
        """See PollStore.due."""
        return await self.polls.find({"status": "open", "closes_at": {"$lte": now}}).to_list()

    async def hold_open(self, poll_id: str, round_: int, tx: Transaction) -> bool:
        """See PollStore.hold_open: a counter written on condition, not the version, so that
        the batches of votes never conflict with a moderator's change by version."""
        result = await self.polls.update_one(
            {"_id": poll_id, "status": "open", "round": round_},
            {"$inc": {"vote_batches": 1}},
            session=session_of(tx),
        )
        return result.matched_count > 0


class MongoVoteStore:
    """VoteStore on the `votes` collection (and, to purge, the tally processor's `applied`)."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.votes = db["votes"]
        self.applied = db["applied"]

    async def find(self, vote_ids: list[str], tx: Transaction) -> dict[str, Doc]:
        """See VoteStore.find."""
        found = self.votes.find({"_id": {"$in": vote_ids}}, session=session_of(tx))
        return {d["_id"]: d for d in await found.to_list()}

    async def write(self, changes: list[tuple[Doc, Doc | None]], tx: Transaction) -> None:
        """See VoteStore.write: one unordered bulk write for the whole batch."""
        if not changes:
            return
        ops: list[InsertOne | UpdateOne] = []
        for doc, before in changes:
            if before is None:
                ops.append(InsertOne(doc))
            else:
                fields = {k: doc[k] for k in ("choice", "version", "updated_at")}
                ops.append(
                    UpdateOne({"_id": doc["_id"], "version": before["version"]}, {"$set": fields})
                )
        try:
            result = await self.votes.bulk_write(ops, ordered=False, session=session_of(tx))
        except BulkWriteError as exc:
            codes = {e.get("code") for e in exc.details.get("writeErrors", [])}
            if codes == {DUPLICATE_KEY}:
                raise VersionConflict("a first vote was stored meanwhile") from exc
            raise
        if result.inserted_count + result.matched_count != len(ops):
            missing = len(ops) - result.inserted_count - result.matched_count
            raise VersionConflict(f"{missing} votes changed meanwhile")

    async def mine(self, poll_id: str, round_: int, participant: str) -> Doc | None:
        """See VoteStore.mine."""
        return await self.votes.find_one({"_id": vote_id(poll_id, round_, participant)})

    async def voters(self, poll_id: str, round_: int) -> set[str]:
        """See VoteStore.voters (on the votes' own index)."""
        where = {"poll_id": poll_id, "round": round_}
        return set(await self.votes.distinct("participant", where))

    async def latest_at(self, poll_id: str, round_: int) -> datetime | None:
        """See VoteStore.latest_at."""
        latest = await self.votes.find_one(
            {"poll_id": poll_id, "round": round_}, sort=[("updated_at", DESCENDING)]
        )
        return latest["updated_at"] if latest else None

    async def of_participants(self, participants: list[str]) -> list[Doc]:
        """See VoteStore.of_participants (on the participant's index: storage.py)."""
        found = self.votes.find({"participant": {"$in": participants}})
        return await found.sort([("updated_at", ASCENDING), ("_id", ASCENDING)]).to_list()

    async def purge(self, poll_ids: list[str], tx: Transaction) -> int:
        """See VoteStore.purge (votes on the poll's index; `applied` by its keys' prefix)."""
        session = session_of(tx)
        gone = await self.votes.delete_many({"poll_id": {"$in": poll_ids}}, session=session)
        for poll_id in poll_ids:
            counted = {"_id": {"$regex": f"^{re.escape(poll_id)}:"}}
            await self.applied.delete_many(counted, session=session)
        return gone.deleted_count

    async def erase(self, votes: list[Doc], tx: Transaction) -> None:
        """See VoteStore.erase: each vote only at the version read."""
        if not votes:
            return
        ops = [DeleteOne({"_id": v["_id"], "version": v["version"]}) for v in votes]
        result = await self.votes.bulk_write(ops, ordered=False, session=session_of(tx))
        if result.deleted_count != len(ops):
            raise VersionConflict(f"{len(ops) - result.deleted_count} votes changed meanwhile")
