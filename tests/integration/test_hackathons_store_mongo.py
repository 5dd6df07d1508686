"""The hackathons storage contract against SecantusDB over TCP (the service's real collections)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from services.hackathons.storage import MongoChallenges, MongoHackathons, MongoTeams
from services.hackathons.storage_scores import MongoScores
from shared.mongo import make_client
from shared.outbox import Outbox
from shared.settings import Settings
from shared.unit_of_work import MongoUnitOfWork
from tests.contracts.hackathons_store import Backend, HackathonsStoreContract


class MongoBackend(Backend):
    def __init__(self, settings: Settings) -> None:
        self.client = make_client(settings.mongodb_uri)
        db = self.client[settings.database("hackathons")]
        self.hackathons = MongoHackathons(db)
        self.challenges = MongoChallenges(db)
        self.teams = MongoTeams(db)
        self.scores = MongoScores(db)
        self.uow = MongoUnitOfWork(self.client, Outbox(db))

    async def ensure_indexes(self) -> None:
        for store in (self.hackathons, self.challenges, self.teams, self.scores):
            await store.ensure_indexes()


@pytest_asyncio.fixture
async def backend(settings: Settings) -> AsyncIterator[MongoBackend]:
    b = MongoBackend(settings)
    await b.ensure_indexes()
    yield b
    await b.client.close()


class TestMongoHackathonsStore(HackathonsStoreContract):
    pass
