"""The voting storage contract against the in-memory fakes."""

from __future__ import annotations

import pytest

from services.voting.fake_polls import FakePollStore, FakeVoteStore
from services.voting.fake_sessions import (
    FakeMemberStore,
    FakeSessionStore,
)
from services.voting.fake_voting import FakeTallies
from shared.unit_of_work import FakeUnitOfWork
from tests.contracts.voting_store import (
    MemberStoreContract,
    PollStoreContract,
    SessionStoreContract,
    TallyReaderContract,
    VoteStoreContract,
    VotingBackend,
)
from tests.contracts.voting_store_participant import (
    MemberStoreOfParticipantContract,
    VoteStoreOfParticipantContract,
)
from tests.contracts.voting_store_retention import RetentionContract


class FakeBackend(VotingBackend):
    def __init__(self) -> None:
        self.sessions = FakeSessionStore()
        self.polls = FakePollStore()
        self.members = FakeMemberStore()
        self.votes = FakeVoteStore()
        self.tallies = FakeTallies()
        self.uow = FakeUnitOfWork(self.sessions, self.polls, self.members, self.votes)

    async def put_tally(self, poll_id: str, round_: int, counts: dict, voters: int) -> None:
        self.tallies.put(poll_id, round_, counts, voters)


@pytest.fixture
def backend() -> FakeBackend:
    return FakeBackend()


class TestFakeSessionStore(SessionStoreContract):
    pass


class TestFakePollStore(PollStoreContract):
    pass


class TestFakeMemberStore(MemberStoreContract):
    pass


class TestFakeVoteStore(VoteStoreContract):
    pass


class TestFakeRetention(RetentionContract):
    pass


class TestFakeTallies(TallyReaderContract):
    pass


class TestFakeMembersOfParticipant(MemberStoreOfParticipantContract):
    pass


class TestFakeVotesOfParticipant(VoteStoreOfParticipantContract):
    pass
