"""The exhibitions storage contract against the in-memory fakes."""

from __future__ import annotations

import pytest

from services.exhibitions.fakes import fake_stores
from shared.unit_of_work import FakeUnitOfWork
from tests.contracts.exhibitions_store import Backend, ExhibitionsStoreContract
from tests.contracts.exhibitions_store_participant import RatingsOfParticipantContract


class FakeBackend(Backend):
    def __init__(self) -> None:
        stores = fake_stores()
        self.exhibitions = stores.exhibitions
        self.exhibits = stores.exhibits
        self.kiosks = stores.kiosks
        self.ratings = stores.ratings
        self.comments = stores.comments
        self.counters = stores.counters
        self.uow = FakeUnitOfWork(*vars(stores).values())


@pytest.fixture
def backend() -> FakeBackend:
    return FakeBackend()


class TestFakeExhibitionsStore(ExhibitionsStoreContract):
    pass


class TestFakeRatingsOfParticipant(RatingsOfParticipantContract):
    pass
