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
from tests.contracts.exhibitions_store_participant import RatingsOfParticipantContract


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


def index_scanned(plan: dict) -> str | None:
    """The index the winning plan of an explained query scans, or None (a collection scan)."""
    stage = plan["queryPlanner"]["winningPlan"]
    while stage is not None:
        if stage["stage"] == "IXSCAN":
            return stage["indexName"]
        stage = stage.get("inputStage")
    return None


@pytest_asyncio.fixture
async def backend(settings: Settings) -> AsyncIterator[MongoBackend]:
    b = MongoBackend(settings)
    await b.ensure_indexes()
    yield b
    await b.client.close()


class TestMongoExhibitionsStore(ExhibitionsStoreContract):
    pass


class TestMongoRatingsOfParticipant(RatingsOfParticipantContract):
    pass


async def test_a_participants_own_ratings_are_read_by_index(backend: MongoBackend) -> None:
    # The query of MongoRatings.of_participant on the index of `by` (MongoRatings.ensure_indexes):
    # GET /api/exhibitions/me scans no whole collection.
    cursor = backend.ratings.collection.find({"by": "p:1"})
    plan = await cursor.sort([("given_at", 1), ("_id", 1)]).explain()
    assert index_scanned(plan) == "by_1_given_at_1"
