"""The ideas storage contract against the in-memory fakes."""

from __future__ import annotations

import pytest

from services.ideas.fakes import FakeComments, FakeIdeas, FakeSupports
from services.ideas.fakes_events import FakeEventCopies
from shared.unit_of_work import FakeUnitOfWork
from tests.contracts.ideas_store import Backend, IdeasStoreContract


class FakeBackend(Backend):
    def __init__(self) -> None:
        self.ideas = FakeIdeas()
        self.supports = FakeSupports()
        self.comments = FakeComments()
        self.uow = FakeUnitOfWork(self.ideas, self.supports, self.comments)
        self.topic = "ideas.events"
        self.events = FakeEventCopies(self.uow, self.topic)


@pytest.fixture
def backend() -> FakeBackend:
    return FakeBackend()


class TestFakeIdeasStore(IdeasStoreContract):
    pass
