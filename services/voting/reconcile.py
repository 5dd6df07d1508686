"""Reconciling the tallies from MongoDB, the source of truth, when the broker lost events.

The embedded broker keeps nothing across a restart: vote events that the outbox relay had marked
sent but the tally processor had not consumed yet are gone with it, and their votes would never
be counted. Every stored vote carries its version and `applied` the version counted, so each vote
of a recent poll whose stored version is newer than the counted one is folded in through the
path a consumed event takes (VotingStore.count, in one transaction). When the real event does
arrive later it adds nothing: fold applies only a newer version.

A vote deleted with its participant's data whose withdrawal event was lost leaves a counted
record (`applied`) without a vote: it is taken back the same way (_fold_deleted).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import AsyncMongoClient

from services.voting.counting import VoteChange, contribution
from services.voting.storage import VotingStore, tally_id
from shared.mongo import in_transaction

# Polls changed this recently, and open ones, are reconciled (and projected) at start.
RECENT = timedelta(days=2)
# Votes per read and per transaction: bounded, whatever the size of the hall.
CHUNK = 500


@dataclass(frozen=True)
class Reconciled:
    polls: list[str]  # every recent poll looked at: all of them deserve a fresh projection
    votes: int  # votes that are now counted at their stored version and were not before


async def recent_polls(store: VotingStore) -> list[dict[str, Any]]:
    """Open polls and polls changed within RECENT: two narrow index ranges, not a scan."""
    since = datetime.now(UTC) - RECENT
    fields = {"type": 1}
    polls = {p["_id"]: p async for p in store.polls.find({"status": "open"}, fields)}
    async for p in store.polls.find({"updated_at": {"$gte": since}}, fields):
        polls[p["_id"]] = p
    return list(polls.values())


async def reconcile(
    client: AsyncMongoClient, store: VotingStore, *, progress: Callable[[], None] = lambda: None
) -> Reconciled:
    """Count every vote of the recent polls that is stored at a newer version than counted.

    `progress` is called after each chunk, so that a long reconcile does not look stuck.
    """
    polls = await recent_polls(store)
    folded = 0
    for poll in polls:
        chunk: list[dict[str, Any]] = []
        fields = {"round": 1, "version": 1, "choice": 1}
        async for vote in store.votes.find({"poll_id": poll["_id"]}, fields):
            chunk.append(vote)
            if len(chunk) >= CHUNK:
                folded += await _fold_uncounted(client, store, poll, chunk)
                chunk = []
                progress()
        if chunk:
            folded += await _fold_uncounted(client, store, poll, chunk)
        folded += await _fold_deleted(client, store, poll)
        progress()
    return Reconciled([p["_id"] for p in polls], folded)


async def _fold_uncounted(
    client: AsyncMongoClient, store: VotingStore, poll: dict[str, Any], votes: list[dict]
) -> int:
    ids = [v["_id"] for v in votes]
    cursor = store.applied.find({"_id": {"$in": ids}}, {"version": 1})
    counted = {d["_id"]: d["version"] async for d in cursor}
    changes = [
        VoteChange(
            event_id=f"reconcile:{v['_id']}:{v['version']}",  # recorded nowhere: not an event
            vote_id=v["_id"],
            tally_id=tally_id(poll["_id"], v["round"]),
            version=v["version"],
            contribution=contribution(poll["type"], v["choice"]),
        )
        for v in votes
        if v["version"] > counted.get(v["_id"], 0)
    ]
    if not changes:
        return 0
    # count() reads `applied` again inside the transaction: a batch committed meanwhile wins.
    return await in_transaction(client, lambda s: store.count(changes, s))


async def _fold_deleted(client: AsyncMongoClient, store: VotingStore, poll: dict[str, Any]) -> int:
    """Take back what is counted for votes of the poll that no longer exist."""
    prefix = {"_id": {"$regex": f"^{re.escape(poll['_id'])}:"}}
    counted = {d["_id"]: d["version"] async for d in store.applied.find(prefix, {"version": 1})}
    if not counted:
        return 0
    cursor = store.votes.find({"_id": {"$in": list(counted)}}, {"_id": 1})
    stored = {v["_id"] async for v in cursor}
    changes = [
        VoteChange(
            event_id=f"reconcile:{vid}:withdrawn",
            vote_id=vid,
            tally_id=tally_id(poll["_id"], int(vid[len(poll["_id"]) + 1 :].split(":", 1)[0])),
            version=version + 1,
            contribution={},
            withdrawn=True,
        )
        for vid, version in counted.items()
        if vid not in stored
    ]
    if not changes:
        return 0
    return await in_transaction(client, lambda s: store.count(changes, s))
