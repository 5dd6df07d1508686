"""Group commit of votes: a few milliseconds of votes written with one bulk write.

SecantusDB takes ~1.5k single writes a second but ~15k documents a second in bulk (ARCHITECTURE
§3), so votes wait for the batch that is being written, then go together: one transaction reads
the polls and the earlier votes, writes every changed vote with a version one higher and adds
one outbox entry per change for voting.votes. Each caller is answered once its vote is durable.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pymongo import AsyncMongoClient, InsertOne, UpdateOne
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import BulkWriteError, ConnectionFailure, DuplicateKeyError, OperationFailure

from services.voting.counting import contribution
from services.voting.domain import DomainError, vote_refusal
from services.voting.storage import VotingStore, tally_id, vote_id
from shared.events import CloudEvent
from shared.mongo import in_transaction
from shared.outbox import outbox_entry

log = logging.getLogger(__name__)
# A phone waits this long for its 202 before it is asked to send the vote again.
STORE_TIMEOUT_S = 15.0

SOURCE = "/oecherlab/voting"
VOTE_CAST = "de.oecherlab.voting.vote.cast"
VOTE_CHANGED = "de.oecherlab.voting.vote.changed"


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


@dataclass(frozen=True)
class Receipt:
    vote_id: str
    version: int
    changed: bool


class VoteCommitter:
    def __init__(
        self,
        client: AsyncMongoClient,
        store: VotingStore,
        topic: str,
        *,
        window_s: float = 0.003,
        max_batch: int = 500,
        on_commit: Any = None,
    ) -> None:
        self.client = client
        self.store = store
        self.topic = topic
        self.window_s = window_s
        self.max_batch = max_batch
        self.on_commit = on_commit
        self._queue: asyncio.Queue[Ballot] = asyncio.Queue()
        self.batches = 0
        self.written = 0

    async def cast(self, ballot: Ballot) -> Receipt:
        """Queue a vote and wait until it is stored (or refused), at most `STORE_TIMEOUT_S`.

        A phone told to send again may find its vote stored after all: the same choice again is
        then a no-op (Receipt with changed=False), so the retry is safe.
        """
        await self._queue.put(ballot)
        try:
            return await asyncio.wait_for(asyncio.shield(ballot.future), STORE_TIMEOUT_S)
        except TimeoutError:
            raise _store_unavailable() from None

    async def run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            await asyncio.sleep(self.window_s)
            while len(batch) < self.max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            await self._commit(batch)

    async def _commit(self, batch: list[Ballot]) -> None:
        for attempt in range(1, 8):
            try:
                outcomes = await in_transaction(self.client, lambda s: self._write(batch, s))
                break
            except asyncio.CancelledError:
                raise
            except (
                VersionConflict,
                DuplicateKeyError,
                BulkWriteError,
                OperationFailure,
                ConnectionFailure,
            ) as exc:
                log.warning("vote batch of %d failed (attempt %d): %s", len(batch), attempt, exc)
                await asyncio.sleep(0.01 * 2**attempt)
            except Exception as exc:
                log.exception("vote batch of %d failed", len(batch))
                outcomes = [exc] * len(batch)
                break
        else:
            outcomes = [_store_unavailable()] * len(batch)
        self.batches += 1
        if self.on_commit is not None:
            self.on_commit()
        for ballot, outcome in zip(batch, outcomes, strict=True):
            if ballot.future.done():
                continue
            if isinstance(outcome, Exception):
                ballot.future.set_exception(outcome)
            else:
                ballot.future.set_result(outcome)

    async def _write(self, batch: list[Ballot], s: AsyncClientSession) -> list[Any]:
        now = datetime.now(UTC)
        polls = {pid: await self.store.poll(pid, s) for pid in {b.poll_id for b in batch}}
        ids = [
            vote_id(b.poll_id, polls[b.poll_id]["round"], b.participant)
            for b in batch
            if polls[b.poll_id] is not None
        ]
        existing = {
            d["_id"]: d
            for d in await self.store.votes.find({"_id": {"$in": ids}}, session=s).to_list()
        }
        current = dict(existing)
        changed: dict[str, dict[str, Any]] = {}
        events: list[dict[str, Any]] = []
        outcomes: list[Any] = []
        for b in batch:
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
                        409,
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
            events.append(outbox_entry(self.topic, poll["_id"], _event(poll, doc, before, b)))
            outcomes.append(Receipt(vid, doc["version"], changed=True))
        if changed:
            await self._hold_polls_open({d["poll_id"] for d in changed.values()}, polls, s)
            await self._write_votes(changed, existing, s)
            await self.store.outbox.insert_many(events, session=s)
            self.written += len(events)
        return outcomes

    async def _hold_polls_open(
        self, poll_ids: set[str], polls: dict[str, Any], s: AsyncClientSession
    ) -> None:
        """Write to each poll this batch votes on, on condition that it is still open in the round
        read: a close or reset that commits meanwhile then conflicts with this transaction (or
        leaves nothing to match), and the batch is retried against the new state (409)."""
        for pid in poll_ids:
            result = await self.store.polls.update_one(
                {"_id": pid, "status": "open", "round": polls[pid]["round"]},
                {"$inc": {"vote_batches": 1}},
                session=s,
            )
            if result.matched_count == 0:
                raise VersionConflict(f"poll {pid} was closed or reset meanwhile")

    async def _write_votes(self, changed: dict, existing: dict, s: AsyncClientSession) -> None:
        ops = []
        for vid, doc in changed.items():
            before = existing.get(vid)
            if before is None:
                ops.append(InsertOne(doc))
            else:
                fields = {k: doc[k] for k in ("choice", "version", "updated_at")}
                ops.append(UpdateOne({"_id": vid, "version": before["version"]}, {"$set": fields}))
        result = await self.store.votes.bulk_write(ops, ordered=False, session=s)
        if result.inserted_count + result.matched_count != len(ops):
            raise VersionConflict(
                f"{len(ops) - result.inserted_count - result.matched_count} votes"
            )


def _store_unavailable() -> DomainError:
    return DomainError(
        503,
        "Your vote could not be stored just now; please send it again.",
        "Ihre Stimme konnte gerade nicht gespeichert werden; bitte noch einmal senden.",
        "vote-store-unavailable",
        retry_after=2,
    )


def _event(poll: dict, doc: dict, before: dict | None, ballot: Ballot) -> CloudEvent:
    return CloudEvent(
        source=SOURCE,
        type=VOTE_CHANGED if before else VOTE_CAST,
        subject=doc["_id"],
        correlationid=ballot.correlation_id,
        data={
            "vote_id": doc["_id"],
            "poll_id": poll["_id"],
            "session_id": poll["session_id"],
            "round": poll["round"],
            "tally_id": tally_id(poll["_id"], poll["round"]),
            "poll_type": poll["type"],
            "participant": doc["participant"],
            "version": doc["version"],
            "choice": doc["choice"],
            "previous": before["choice"] if before else None,
            "contribution": contribution(poll["type"], doc["choice"]),
        },
    )
