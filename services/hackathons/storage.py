"""The hackathons ports on MongoDB: the `hackathons`, `challenges`, `teams`, `team_members`
and `score_cards` collections.

Invite codes are unique by index, and `team_members` has one document per participant and
hackathon (its _id), so neither two teams sharing a code nor one participant in two teams can
come out of concurrent requests.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from services.hackathons.domain import Doc, leaving
from shared.unit_of_work import Transaction, session_of

AFTER = ReturnDocument.AFTER


class MongoHackathons:
    """`HackathonRepository` on the `hackathons` collection."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.collection = db["hackathons"]

    async def ensure_indexes(self) -> None:
        """The list, newest first."""
        await self.collection.create_index([("created_at", DESCENDING)])

    async def add(self, hackathon: Doc, tx: Transaction) -> None:
        """See `HackathonRepository.add`."""
        await self.collection.insert_one(hackathon, session=tx.session)

    async def get(self, hackathon_id: str, tx: Transaction | None = None) -> Doc | None:
        """See `HackathonRepository.get`."""
        return await self.collection.find_one({"_id": hackathon_id}, session=session_of(tx))

    async def newest(self, limit: int = 200) -> list[Doc]:
        """See `HackathonRepository.newest`."""
        cursor = self.collection.find({}).sort([("created_at", DESCENDING), ("_id", DESCENDING)])
        return await cursor.limit(limit).to_list()

    async def update(
        self,
        hackathon_id: str,
        changes: dict[str, Any],
        at: datetime,
        tx: Transaction,
        *,
        expected: dict[str, Any] | None = None,
    ) -> Doc | None:
        """See `HackathonRepository.update`."""
        return await self.collection.find_one_and_update(
            {"_id": hackathon_id, **(expected or {})},
            {"$set": {**changes, "updated_at": at}},
            session=tx.session,
            return_document=AFTER,
        )

    async def set_juror(
        self, hackathon_id: str, username: str, present: bool, tx: Transaction
    ) -> Doc | None:
        """See `HackathonRepository.set_juror`."""
        change = {"$addToSet" if present else "$pull": {"jurors": username}}
        return await self.collection.find_one_and_update(
            {"_id": hackathon_id}, change, session=tx.session, return_document=AFTER
        )


class MongoChallenges:
    """`ChallengeRepository` on the `challenges` collection."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.collection = db["challenges"]

    async def ensure_indexes(self) -> None:
        """A hackathon's challenges by age."""
        await self.collection.create_index([("hackathon_id", ASCENDING), ("created_at", ASCENDING)])
        await self.collection.create_index([("members", ASCENDING)])

    async def add(self, challenge: Doc, tx: Transaction) -> None:
        """See `ChallengeRepository.add`."""
        await self.collection.insert_one(challenge, session=tx.session)

    async def get(self, challenge_id: str, tx: Transaction | None = None) -> Doc | None:
        """See `ChallengeRepository.get`."""
        return await self.collection.find_one({"_id": challenge_id}, session=session_of(tx))

    async def of_hackathon(self, hackathon_id: str) -> list[Doc]:
        """See `ChallengeRepository.of_hackathon`."""
        cursor = self.collection.find({"hackathon_id": hackathon_id})
        return await cursor.sort([("created_at", ASCENDING), ("_id", ASCENDING)]).to_list()


class MongoTeams:
    """`TeamRepository` on the `teams` and `team_members` collections."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.collection = db["teams"]
        self.members = db["team_members"]

    async def ensure_indexes(self) -> None:
        """Invite codes are unique; a hackathon's teams by age."""
        await self.collection.create_index([("invite_code", ASCENDING)], unique=True)
        await self.collection.create_index([("hackathon_id", ASCENDING), ("created_at", ASCENDING)])

    async def add(self, team: Doc, tx: Transaction) -> None:
        """See `TeamRepository.add`."""
        await self.collection.insert_one(team, session=tx.session)

    async def get(self, team_id: str, tx: Transaction | None = None) -> Doc | None:
        """See `TeamRepository.get`."""
        return await self.collection.find_one({"_id": team_id}, session=session_of(tx))

    async def by_code(self, invite_code: str) -> Doc | None:
        """See `TeamRepository.by_code`."""
        return await self.collection.find_one({"invite_code": invite_code})

    async def of_hackathon(self, hackathon_id: str) -> list[Doc]:
        """See `TeamRepository.of_hackathon`."""
        cursor = self.collection.find({"hackathon_id": hackathon_id})
        return await cursor.sort([("created_at", ASCENDING), ("_id", ASCENDING)]).to_list()

    async def claim_membership(
        self, hackathon_id: str, member: str, team_id: str, tx: Transaction
    ) -> None:
        """See `TeamRepository.claim_membership`."""
        doc = {"_id": f"{hackathon_id}:{member}", "team_id": team_id}
        await self.members.insert_one(doc, session=tx.session)

    async def team_of(self, hackathon_id: str, member: str) -> str | None:
        """See `TeamRepository.team_of`."""
        found = await self.members.find_one({"_id": f"{hackathon_id}:{member}"})
        return found["team_id"] if found else None

    async def of_member(self, member: str) -> list[Doc]:
        """See `TeamRepository.of_member`."""
        cursor = self.collection.find({"members": member})
        return await cursor.sort([("created_at", ASCENDING), ("_id", ASCENDING)]).to_list()

    async def add_member(
        self, team: Doc, member: str, name: str | None, tx: Transaction
    ) -> Doc | None:
        """See `TeamRepository.add_member`."""
        change: dict[str, Any] = {"$push": {"members": member}}
        if name:
            change["$push"] |= {"names": name, "names_by": member}
        return await self.collection.find_one_and_update(
            {"_id": team["_id"], "members": team["members"]},
            change,
            session=tx.session,
            return_document=AFTER,
        )

    async def set_project(
        self, team_id: str, project: Doc, at: datetime, tx: Transaction
    ) -> Doc | None:
        """See `TeamRepository.set_project`."""
        return await self.collection.find_one_and_update(
            {"_id": team_id},
            {"$set": {"project": project, "updated_at": at}},
            session=tx.session,
            return_document=AFTER,
        )

    async def leave(self, team: Doc, member: str, tx: Transaction) -> Doc | None:
        """See `TeamRepository.leave`."""
        after = await self.collection.find_one_and_update(
            {"_id": team["_id"], "members": team["members"]},
            {"$set": leaving(team, member)},
            session=tx.session,
            return_document=AFTER,
        )
        if after is not None:
            key = {"_id": f"{team['hackathon_id']}:{member}"}
            await self.members.delete_one(key, session=tx.session)
        return after

    async def remove(self, team_id: str, tx: Transaction) -> None:
        """See `TeamRepository.remove`."""
        await self.collection.delete_one({"_id": team_id}, session=tx.session)
