"""A vote whose phone was told "not stored, send again" must never be written later.

Otherwise, with two voting instances, an old choice waiting in one instance's queue can land after
a newer choice the phone was told is stored through the other, and the tally counts the old one.
"""

from __future__ import annotations

import asyncio

import pytest

from services.voting.api import STATUSES
from services.voting.domain import DomainError
from services.voting.groupcommit import Ballot, VoteCommitter
from services.voting.mongo_polls import MongoPollStore, MongoVoteStore
from services.voting.storage import VotingStore
from shared.mongo import make_client
from shared.outbox import Outbox
from shared.problems import status_of
from shared.unit_of_work import MongoUnitOfWork


def committer(client, store: VotingStore, topic: str, **options) -> VoteCommitter:
    """A group commit over the service's MongoDB ports, as the voting service wires it."""
    uow = MongoUnitOfWork(client, Outbox(store.db))
    return VoteCommitter(uow, MongoPollStore(store.db), MongoVoteStore(store.db), topic, **options)


@pytest.fixture
async def store(settings):
    client = make_client(settings.mongodb_uri)
    store = VotingStore(client[settings.database("voting")])
    await store.ensure_indexes()
    await store.polls.insert_one(
        {
            "_id": "p1",
            "session_id": "s1",
            "type": "single",
            "status": "open",
            "round": 1,
            "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
            "settings": {"allow_change": True, "results": "live"},
            "revealed": False,
        }
    )
    yield client, store
    await client.close()


async def test_a_ballot_given_up_on_is_not_written_when_the_queue_moves_again(settings, store):
    client, votes = store
    topic = settings.topic("voting.votes")
    # Instance A: its writer is stuck (not running), so the phone's vote times out there.
    stuck = committer(client, votes, topic, store_timeout_s=0.2)
    with pytest.raises(DomainError) as refused:
        await stuck.cast(Ballot("p1", "phone-1", "a"))
    assert status_of(refused.value, STATUSES) == 503

    # Instance B: the phone changes its mind and is told the new choice is stored.
    other = committer(client, votes, topic)
    other_task = asyncio.create_task(other.run())
    receipt = await other.cast(Ballot("p1", "phone-1", "b"))
    assert receipt.changed

    # Instance A's writer comes back: the old ballot must not overwrite the acknowledged one.
    stuck_task = asyncio.create_task(stuck.run())
    await asyncio.sleep(0.5)
    for task in (other_task, stuck_task):
        task.cancel()
    await asyncio.gather(other_task, stuck_task, return_exceptions=True)

    stored = await votes.votes.find({"poll_id": "p1"}).to_list()
    assert [(v["participant"], v["choice"], v["version"]) for v in stored] == [("phone-1", "b", 1)]
    assert await votes.outbox.count_documents({}) == 1


async def test_a_ballot_stored_in_time_is_acknowledged(settings, store):
    client, votes = store
    writer = committer(client, votes, settings.topic("voting.votes"))
    task = asyncio.create_task(writer.run())
    try:
        first = await writer.cast(Ballot("p1", "phone-2", "a"))
        again = await writer.cast(Ballot("p1", "phone-2", "a"))
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert first.changed and not again.changed
    assert (await votes.votes.find_one({"participant": "phone-2"}))["choice"] == "a"
