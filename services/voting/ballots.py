"""The ballots of a vote batch and the work that stores them in one unit of work.

The work reads the polls and the earlier votes, applies the vote rules again where they cannot
change under it (vote_rules.ballot_refusal), writes every changed vote with a version one higher
and records one voting.votes event per change.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.voting.ports import Doc, PollStore, VersionConflict, VoteStore
from services.voting.vote_events import vote_stored
from services.voting.vote_rules import ballot_refusal, next_vote, store_unavailable, vote_id
from shared.unit_of_work import Transaction

__all__ = ["Ballot", "Receipt", "VersionConflict", "write_batch"]


@dataclass
class Ballot:
    """One vote waiting for its batch; its caller waits on `future`."""

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
    """A stored vote: its id, its version, and whether this ballot changed it."""

    vote_id: str
    version: int
    changed: bool


async def write_batch(
    polls: PollStore,
    votes: VoteStore,
    topic: str,
    batch: list[Ballot],
    tx: Transaction,
    now: datetime,
) -> list[Any]:
    """Inside one unit of work: refuse or write each ballot; return an outcome per ballot (a
    Receipt or the DomainError to answer with)."""
    found = {pid: await polls.get(pid, tx) for pid in {b.poll_id for b in batch}}
    ids = [
        vote_id(b.poll_id, poll["round"], b.participant)
        for b in batch
        if (poll := found[b.poll_id]) is not None
    ]
    existing = await votes.find(ids, tx)
    current = dict(existing)
    changed: dict[str, Doc] = {}
    outcomes: list[Any] = []
    for b in batch:
        if b.abandoned:
            # Checked on every attempt (a unit of work may run this function again).
            outcomes.append(store_unavailable())
            continue
        poll = found[b.poll_id]
        before = current.get(vote_id(b.poll_id, poll["round"], b.participant)) if poll else None
        refusal = ballot_refusal(poll, before, b.choice, now)
        if refusal is not None:
            outcomes.append(refusal)
            continue
        assert poll is not None  # a refusal says "not-found" otherwise
        if before is not None and before["choice"] == b.choice:
            outcomes.append(Receipt(before["_id"], before["version"], changed=False))
            continue
        doc = next_vote(poll, before, b.participant, b.choice, now)
        current[doc["_id"]] = changed[doc["_id"]] = doc
        event = vote_stored(poll, doc, before, b.correlation_id)
        tx.record(topic, event.key, event.to_cloud())
        outcomes.append(Receipt(doc["_id"], doc["version"], changed=True))
    if changed:
        await _hold_polls_open(polls, {d["poll_id"] for d in changed.values()}, found, tx)
        await votes.write([(doc, existing.get(vid)) for vid, doc in changed.items()], tx)
    return outcomes


async def _hold_polls_open(
    polls: PollStore, poll_ids: set[str], found: dict[str, Doc | None], tx: Transaction
) -> None:
    """Write to each poll this batch votes on, on condition that it is still open in the round
    read: a close or reset that commits meanwhile then conflicts with this transaction (or
    leaves nothing to match), and the batch is retried against the new state (409)."""
    for pid in poll_ids:
        poll = found[pid]
        assert poll is not None
        if not await polls.hold_open(pid, poll["round"], tx):
            raise VersionConflict(f"poll {pid} was closed or reset meanwhile")
