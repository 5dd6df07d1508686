"""The unit-of-work contract against SecantusDB over TCP (the real outbox collection)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from shared.events import CloudEvent
from shared.idempotency import MongoIdempotencyStore
from shared.mongo import make_client
from shared.outbox import Outbox
from shared.settings import Settings
from shared.unit_of_work import MongoUnitOfWork
from tests.contracts.unit_of_work import Backend, UnitOfWorkContract


class MongoBackend(Backend):
    def __init__(self, settings: Settings) -> None:
        self.client = make_client(settings.mongodb_uri)
        db = self.client[settings.database("contract")]
        self.outbox = Outbox(db)
        self.store = MongoIdempotencyStore(db)
        self.uow = MongoUnitOfWork(self.client, self.outbox)

    async def published(self) -> list[str]:
        entries = self.outbox.collection.find({}).sort("_id", 1)
        return [CloudEvent.from_bytes(entry["value"]).type async for entry in entries]


@pytest_asyncio.fixture
async def backend(settings: Settings) -> AsyncIterator[MongoBackend]:
    b = MongoBackend(settings)
    await b.store.ensure_indexes()
    await b.outbox.ensure_indexes()
    yield b
    await b.client.close()


class TestMongoUnitOfWork(UnitOfWorkContract):
    pass
