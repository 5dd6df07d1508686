"""The unit-of-work contract against the in-memory fakes."""

from __future__ import annotations

import pytest

from shared.idempotency import FakeIdempotencyStore
from shared.unit_of_work import FakeUnitOfWork
from tests.contracts.unit_of_work import Backend, UnitOfWorkContract


class FakeBackend(Backend):
    def __init__(self) -> None:
        self.store = FakeIdempotencyStore()
        self.uow = FakeUnitOfWork(self.store)

    async def published(self) -> list[str]:
        return [event.type for _t, _k, event in self.uow.published]


@pytest.fixture
def backend() -> FakeBackend:
    return FakeBackend()


class TestFakeUnitOfWork(UnitOfWorkContract):
    pass
