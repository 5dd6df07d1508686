"""The ballots of a vote batch and the transaction that stores them.

One transaction reads the polls and the earlier votes, writes every changed vote with a version
one higher and adds one outbox entry per change for voting.votes.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pymongo import InsertOne, UpdateOne
from pymongo.asynchronous.client_session import AsyncClientSession

from services.voting.domain import DomainError, vote_refusal
from services.voting.storage import VotingStore, vote_id
from services.voting.vote_events import store_unavailable, vote_event
from shared.outbox import outbox_entry


class VersionConflict(Exception):
    """Another writer changed a vote of this batch meanwhile; the batch is retried."""


@dataclass
class Ballot:
    poll_id: str
    participant: str
    choice: Any
    correlation_id: str | None = None
    future: asyncio.Future = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )
    # Set when its caller was told "not stored, send again": from then on it must never be
    # written, or an old choice could land after a newer one the phone was told is stored.
    abandoned: bool = False


@dataclass(frozen=True)
class Receipt:
    vote_id: str
    version: int
    changed: bool


async def write_batch(
    store: VotingStore, topic: str, batch: list[Ballot], s: AsyncClientSession
) -> list[Any]:
    """Inside one transaction: refuse or write each ballot; return an outcome per ballot."""
    now = datetime.now(UTC)
    polls = {pid: await store.poll(pid, s) for pid in {b.poll_id for b in batch}}
    ids = [
        vote_id(b.poll_id, polls[b.poll_id]["round"], b.participant)
        for b in batch
        if polls[b.poll_id] is not None
    ]
    existing = {
        d["_id"]: d for d in await store.votes.find({"_id": {"$in": ids}}, session=s).to_list()
    }
    current = dict(existing)
    changed: dict[str, dict[str, Any]] = {}
    events: list[dict[str, Any]] = []
    outcomes: list[Any] = []
    for b in batch:
        if b.abandoned:
            # Checked on every attempt (with_transaction retries this function too).
            outcomes.append(store_unavailable())
            continue
        poll = polls[b.poll_id]
        refusal = vote_refusal(poll, now)
        if refusal is not None:
            outcomes.append(refusal)
            continue
        vid = vote_id(poll["_id"], poll["round"], b.participant)
        before = current.get(vid)
        if before is not None and before["choice"] == b.choice:
            outcomes.append(Receipt(vid, before["version"], changed=False))
            continue
        if before is not None and not poll["settings"]["allow_change"]:
            outcomes.append(
                DomainError(
                    "You have voted on this poll already.",
                    "Sie haben hier schon abgestimmt.",
                    "already-voted",
                )
            )
            continue
        doc = {
            "_id": vid,
            "poll_id": poll["_id"],
            "round": poll["round"],
            "session_id": poll["session_id"],
            "participant": b.participant,
            "choice": b.choice,
            "version": (before["version"] if before else 0) + 1,
            "created_at": before["created_at"] if before else now,
            "updated_at": now,
        }
        current[vid] = changed[vid] = doc
        events.append(
            outbox_entry(topic, poll["_id"], vote_event(poll, doc, before, b.correlation_id))
        )
        outcomes.append(Receipt(vid, doc["version"], changed=True))
    if changed:
        await _hold_polls_open(store, {d["poll_id"] for d in changed.values()}, polls, s)
        await _write_votes(store, changed, existing, s)
        await store.outbox.insert_many(events, session=s)
    return outcomes


async def _hold_polls_open(
    store: VotingStore, poll_ids: set[str], polls: dict[str, Any], s: AsyncClientSession
) -> None:
    """Write to each poll this batch votes on, on condition that it is still open in the round
    read: a close or reset that commits meanwhile then conflicts with this transaction (or
    leaves nothing to match), and the batch is retried against the new state (409)."""
    for pid in poll_ids:
        result = await store.polls.update_one(
            {"_id": pid, "status": "open", "round": polls[pid]["round"]},
            {"$inc": {"vote_batches": 1}},
            session=s,
        )
        if result.matched_count == 0:
            raise VersionConflict(f"poll {pid} was closed or reset meanwhile")


async def _write_votes(
    store: VotingStore, changed: dict, existing: dict, s: AsyncClientSession
) -> None:
    ops = []
    for vid, doc in changed.items():
        before = existing.get(vid)
        if before is None:
            ops.append(InsertOne(doc))
        else:
            fields = {k: doc[k] for k in ("choice", "version", "updated_at")}
            ops.append(UpdateOne({"_id": vid, "version": before["version"]}, {"$set": fields}))
    result = await store.votes.bulk_write(ops, ordered=False, session=s)
    if result.inserted_count + result.matched_count != len(ops):
        raise VersionConflict(f"{len(ops) - result.inserted_count - result.matched_count} votes")
