"""The `ScoreRepository` port on MongoDB: the `score_cards` collection."""

from __future__ import annotations

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from services.hackathons.domain import Doc
from shared.unit_of_work import Transaction


class MongoScores:
    """`ScoreRepository` on the `score_cards` collection (_id: team id and juror)."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.collection = db["score_cards"]

    async def ensure_indexes(self) -> None:
        """A hackathon's cards, a juror's cards."""
        await self.collection.create_index([("hackathon_id", ASCENDING), ("juror", ASCENDING)])

    async def put(self, card: Doc, tx: Transaction) -> None:
        """See `ScoreRepository.put`."""
        card_id = f"{card['team_id']}:{card['juror']}"
        await self.collection.replace_one(
            {"_id": card_id}, {**card, "_id": card_id}, upsert=True, session=tx.session
        )

    async def of_hackathon(self, hackathon_id: str) -> list[Doc]:
        """See `ScoreRepository.of_hackathon`."""
        cursor = self.collection.find({"hackathon_id": hackathon_id}).sort("_id", ASCENDING)
        return await cursor.to_list()

    async def of_juror(self, hackathon_id: str, juror: str) -> list[Doc]:
        """See `ScoreRepository.of_juror`."""
        query = {"hackathon_id": hackathon_id, "juror": juror}
        return await self.collection.find(query).sort("_id", ASCENDING).to_list()

    async def remove_of_team(self, team_id: str, tx: Transaction) -> None:
        """See `ScoreRepository.remove_of_team`."""
        await self.collection.delete_many({"team_id": team_id}, session=tx.session)
