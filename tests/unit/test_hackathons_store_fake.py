"""The hackathons storage contract against the in-memory fakes."""

from __future__ import annotations

import pytest

from services.hackathons.fakes import FakeChallenges, FakeHackathons, FakeTeams
from services.hackathons.fakes_scores import FakeScores
from shared.unit_of_work import FakeUnitOfWork
from tests.contracts.hackathons_store import Backend, HackathonsStoreContract


class FakeBackend(Backend):
    def __init__(self) -> None:
        self.hackathons = FakeHackathons()
        self.challenges = FakeChallenges()
        self.teams = FakeTeams()
        self.scores = FakeScores()
        self.uow = FakeUnitOfWork(self.hackathons, self.challenges, self.teams, self.scores)


@pytest.fixture
def backend() -> FakeBackend:
    return FakeBackend()


class TestFakeHackathonsStore(HackathonsStoreContract):
    pass
