"""A whole hackathons service on in-memory fakes, for handler tests without servers."""

from __future__ import annotations

from services.hackathons.fakes import FakeChallenges, FakeHackathons, FakeTeams
from services.hackathons.fakes_scores import FakeScores
from services.hackathons.handlers import HackathonsService, Outside, Stores
from services.hackathons.jury_accounts import FakeJuryAccounts
from services.hackathons.voting_client import FakeVoting
from shared.unit_of_work import FakeUnitOfWork


def in_memory_service(*jury: str) -> tuple[HackathonsService, FakeUnitOfWork]:
    """A service whose jury accounts are `jury`; the unit of work tells what was published,
    `service.outside.voting` (a FakeVoting) what the voting service was asked."""
    stores = Stores(FakeHackathons(), FakeChallenges(), FakeTeams(), FakeScores())
    uow = FakeUnitOfWork(*vars(stores).values())
    outside = Outside(voting=FakeVoting(), accounts=FakeJuryAccounts(set(jury)))
    service = HackathonsService(
        uow=uow,
        stores=stores,
        outside=outside,
        topic="hackathons.events",
        public_url="https://lab.example",
    )
    return service, uow
