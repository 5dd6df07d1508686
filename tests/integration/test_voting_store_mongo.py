"""The voting storage contract against SecantusDB over TCP (the service's own collections and
indexes, the real outbox)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from services.voting.mongo_polls import MongoPollStore, MongoVoteStore
from services.voting.mongo_sessions import MongoMemberStore, MongoSessionStore
from services.voting.storage import VotingStore, tally_id
from shared.mongo import make_client
from shared.outbox import Outbox
from shared.settings import Settings
from shared.unit_of_work import MongoUnitOfWork
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


class MongoBackend(VotingBackend):
    def __init__(self, settings: Settings) -> None:
        self.client = make_client(settings.mongodb_uri)
        db = self.client[settings.database("voting")]
        self.store = VotingStore(db)
        self.outbox = Outbox(db)
        self.sessions = MongoSessionStore(db)
        self.polls = MongoPollStore(db)
        self.members = MongoMemberStore(db)
        self.votes = MongoVoteStore(db)
        self.tallies = self.store
        self.uow = MongoUnitOfWork(self.client, self.outbox)

    async def put_tally(self, poll_id: str, round_: int, counts: dict, voters: int) -> None:
        doc = {"poll_id": poll_id, "round": round_, "counts": counts, "voters": voters}
        await self.store.tallies.insert_one({"_id": tally_id(poll_id, round_), **doc})


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
    await b.store.ensure_indexes()
    await b.outbox.ensure_indexes()
    yield b
    await b.client.close()


class TestMongoSessionStore(SessionStoreContract):
    pass


class TestMongoPollStore(PollStoreContract):
    pass


class TestMongoMemberStore(MemberStoreContract):
    pass


class TestMongoVoteStore(VoteStoreContract):
    pass


class TestMongoRetention(RetentionContract):
    pass


class TestMongoTallies(TallyReaderContract):
    pass


class TestMongoMembersOfParticipant(MemberStoreOfParticipantContract):
    pass


class TestMongoVotesOfParticipant(VoteStoreOfParticipantContract):
    pass


async def test_a_participants_own_data_is_read_by_index(backend: MongoBackend) -> None:
    # The queries of MongoMemberStore and MongoVoteStore.of_participants (a device's pseudonym
    # in every session), on the indexes that VotingStore.ensure_indexes makes: GET
    # /api/voting/me scans no whole collection.
    for collection, order in (
        (backend.votes.votes, "updated_at"),
        (backend.members.members, "joined_at"),
    ):
        ids = {"$in": ["p:anna", "w:1", "w:2"]}
        cursor = collection.find({"participant": ids}).sort([(order, 1), ("_id", 1)])
        assert index_scanned(await cursor.explain()) == f"participant_1_{order}_1"


async def test_purging_votes_deletes_the_tallys_records_of_them_too(backend: MongoBackend) -> None:
    # `applied` keys carry the participant ("<poll>:<round>:<participant>"): they go with the
    # votes. "p10" begins like "p1" and keeps its record.
    records = [{"_id": k, "version": 1} for k in ("p1:0:anna", "p1:1:ben", "p10:0:anna")]
    await backend.store.applied.insert_many(records)
    await backend.uow.run(lambda tx: backend.votes.purge(["p1"], tx))
    assert [d["_id"] async for d in backend.store.applied.find({})] == ["p10:0:anna"]
