"""The exhibitions storage contract against SecantusDB over TCP (the service's real collections)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from services.exhibitions.storage import MongoExhibitions, MongoExhibits, MongoKiosks
from services.exhibitions.storage_feedback import MongoComments, MongoCounters, MongoRatings
from shared.mongo import make_client
from shared.outbox import Outbox
from shared.settings import Settings
from shared.unit_of_work import MongoUnitOfWork
from tests.contracts.exhibitions_store import Backend, ExhibitionsStoreContract


class MongoBackend(Backend):
    def __init__(self, settings: Settings) -> None:
        self.client = make_client(settings.mongodb_uri)
        db = self.client[settings.database("exhibitions")]
        self.exhibitions = MongoExhibitions(db)
        self.exhibits = MongoExhibits(db)
        self.kiosks = MongoKiosks(db)
        self.ratings = MongoRatings(db)
        self.comments = MongoComments(db)
        self.counters = MongoCounters(db)
        self.uow = MongoUnitOfWork(self.client, Outbox(db))

    async def ensure_indexes(self) -> None:
        for store in (
            self.exhibitions,
            self.exhibits,
            self.kiosks,
            self.ratings,
            self.comments,
            self.counters,
        ):
            await store.ensure_indexes()


@pytest_asyncio.fixture
async def backend(settings: Settings) -> AsyncIterator[MongoBackend]:
    b = MongoBackend(settings)
    await b.ensure_indexes()
    yield b
    await b.client.close()


class TestMongoExhibitionsStore(ExhibitionsStoreContract):
    pass
