"""The ideas storage contract against SecantusDB over TCP (the service's real collections)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest_asyncio

from services.ideas.storage import MongoComments, MongoIdeas, MongoSupports
from services.ideas.storage_events import MongoEventCopies
from shared.mongo import make_client
from shared.outbox import Outbox
from shared.settings import Settings
from shared.unit_of_work import MongoUnitOfWork, Transaction
from tests.contracts.ideas_store import Backend, IdeasStoreContract


class MongoBackend(Backend):
    def __init__(self, settings: Settings) -> None:
        self.client = make_client(settings.mongodb_uri)
        db = self.client[settings.database("ideas")]
        self.ideas = MongoIdeas(db)
        self.supports = MongoSupports(db)
        self.comments = MongoComments(db)
        self.uow = MongoUnitOfWork(self.client, Outbox(db))
        self.topic = settings.topic("ideas.events")
        self.events = MongoEventCopies(db, self.topic)


@pytest_asyncio.fixture
async def backend(settings: Settings) -> AsyncIterator[MongoBackend]:
    b = MongoBackend(settings)
    await b.ideas.ensure_indexes()
    await b.comments.ensure_indexes()
    yield b
    await b.client.close()


class TestMongoIdeasStore(IdeasStoreContract):
    pass


async def test_copies_the_relay_parked_are_erased_too(backend: MongoBackend) -> None:
    idea = uuid.uuid4().hex
    parked = backend.ideas.collection.database["outbox_parked"]
    await parked.insert_one({"topic": backend.topic, "key": idea, "value": b"{}", "error": "x"})
    assert await backend.events.count(idea) == 1

    async def erase(tx: Transaction) -> int:
        return await backend.events.erase(idea, tx)

    assert await backend.uow.run(erase) == 1
    assert await parked.count_documents({"key": idea}) == 0
