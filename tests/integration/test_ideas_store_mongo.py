"""The ideas storage contract against SecantusDB over TCP (the service's real collections)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from services.ideas.storage import MongoComments, MongoIdeas, MongoSupports
from shared.mongo import make_client
from shared.outbox import Outbox
from shared.settings import Settings
from shared.unit_of_work import MongoUnitOfWork
from tests.contracts.ideas_store import Backend, IdeasStoreContract


class MongoBackend(Backend):
    def __init__(self, settings: Settings) -> None:
        self.client = make_client(settings.mongodb_uri)
        db = self.client[settings.database("ideas")]
        self.ideas = MongoIdeas(db)
        self.supports = MongoSupports(db)
        self.comments = MongoComments(db)
        self.uow = MongoUnitOfWork(self.client, Outbox(db))


@pytest_asyncio.fixture
async def backend(settings: Settings) -> AsyncIterator[MongoBackend]:
    b = MongoBackend(settings)
    await b.ideas.ensure_indexes()
    await b.comments.ensure_indexes()
    yield b
    await b.client.close()


class TestMongoIdeasStore(IdeasStoreContract):
    pass
