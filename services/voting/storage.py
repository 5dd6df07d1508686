"""MongoDB collections of the voting service, keyed so that duplicates cannot exist, and the
tally worker's store (the voting service's handlers use the ports of ports.py instead).

sessions  one per workshop, unique join code
polls     one per prepared question; `round` grows with each reset
members   _id = "<session>:<participant>": one per session and participant
votes     _id = "<poll>:<round>:<participant>": one vote per participant, poll and round
tallies   _id = "<poll>:<round>": counters kept by the tally processor
applied   _id = vote id: the version and contribution the tally processor has counted
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING, DeleteOne, UpdateOne
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import CollectionInvalid, OperationFailure

from services.voting.counting import WITHDRAWN, TallyDelta, VoteChange, fold, recount
from services.voting.vote_rules import tally_id, vote_id

__all__ = ["VotingStore", "normalised_tally", "tally_id", "vote_id"]
# Written inside transactions from their first write on (votes and members by the handlers,
# the rest by the tally worker), so they must exist before.
TRANSACTIONAL = ("votes", "members", "tallies", "applied", "processed_events", "outbox", "status")


class VotingStore:
    """The collections, their indexes, and what the tally worker reads and counts."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.db = db
        self.sessions = db["sessions"]
        self.polls = db["polls"]
        self.votes = db["votes"]
        self.tallies = db["tallies"]
        self.applied = db["applied"]
        self.processed = db["processed_events"]
        self.outbox = db["outbox"]

    async def ensure_indexes(self) -> None:
        """Collections and indexes of the voting service and the tally worker."""
        # Created up front: a collection's first write inside a transaction would create it there.
        existing = set(await self.db.list_collection_names())
        for name in TRANSACTIONAL:
            if name not in existing:
                with contextlib.suppress(CollectionInvalid, OperationFailure):
                    await self.db.create_collection(name)
        await self.sessions.create_index([("join_code", ASCENDING)], unique=True)
        await self.sessions.create_index([("updated_at", ASCENDING)])
        await self.polls.create_index([("session_id", ASCENDING), ("order", ASCENDING)])
        await self.polls.create_index([("status", ASCENDING), ("closes_at", ASCENDING)])
        await self.polls.create_index([("updated_at", ASCENDING)])
        await self.votes.create_index([("poll_id", ASCENDING), ("round", ASCENDING)])
        # Counting a session's members and finding its latest join use this one.
        members = self.db["members"]
        await members.create_index([("session_id", ASCENDING), ("joined_at", ASCENDING)])
        # A participant's own votes and memberships (GET /api/voting/me), without a scan.
        await self.votes.create_index([("participant", ASCENDING), ("updated_at", ASCENDING)])
        await members.create_index([("participant", ASCENDING), ("joined_at", ASCENDING)])

    async def poll(self, poll_id: str, s: AsyncClientSession | None = None) -> dict | None:
        """The poll, or None."""
        return await self.polls.find_one({"_id": poll_id}, session=s)

    async def tally(self, poll_id: str, round_: int) -> dict | None:
        """The tally of the poll's round (TallyReader), or None before its first vote."""
        return await self.tallies.find_one({"_id": tally_id(poll_id, round_)})

    async def count(self, changes: list[VoteChange], s: AsyncClientSession) -> int:
        """Fold vote changes into `applied` and the tallies, inside the caller's transaction.

        Only a version newer than the one counted changes anything (counting.fold), so a change
        that comes twice (a replayed event, or a reconcile and then the event) adds nothing the
        second time. Returns how many votes are now counted at a newer version.
        """
        now = datetime.now(UTC)
        vote_ids = list({c.vote_id for c in changes})
        cursor = self.applied.find({"_id": {"$in": vote_ids}}, session=s)
        applied = {d["_id"]: (d["version"], d["contribution"]) async for d in cursor}
        before = dict(applied)
        deltas = fold(applied, changes)
        # A withdrawn vote's record goes: it would keep the participant's id in its key, and a
        # vote they give afterwards starts again at version 1.
        ops = [
            DeleteOne({"_id": vid})
            if contrib is WITHDRAWN
            else UpdateOne(
                {"_id": vid},
                {"$set": {"version": version, "contribution": contrib, "at": now}},
                upsert=True,
            )
            for vid, (version, contrib) in applied.items()
            if before.get(vid) != (version, contrib) or contrib is WITHDRAWN
        ]
        if ops:
            await self.applied.bulk_write(ops, ordered=False, session=s)
        for tid, d in deltas.items():
            await self._add(tid, d, s)
        return len(ops)

    async def _add(self, tid: str, d: TallyDelta, s: AsyncClientSession) -> None:
        if d.empty:
            return
        inc = {f"counts.{k}": v for k, v in d.counts.items() if v}
        if d.voters:
            inc["voters"] = d.voters
        poll_id, round_ = tid.rsplit(":", 1)
        await self.tallies.update_one(
            {"_id": tid},
            {"$inc": inc, "$setOnInsert": {"poll_id": poll_id, "round": int(round_)}},
            upsert=True,
            session=s,
        )

    async def recount(self, poll: dict[str, Any], round_: int | None = None) -> dict[str, Any]:
        """The tally computed from the stored votes alone (what the live tally must equal)."""
        r = poll["round"] if round_ is None else round_
        cursor = self.votes.find({"poll_id": poll["_id"], "round": r}, {"choice": 1})
        counts, voters = recount(poll["type"], [v["choice"] async for v in cursor])
        return {"counts": counts, "voters": voters}


def normalised_tally(tally: dict[str, Any] | None) -> dict[str, Any]:
    """A stored tally in the form `recount` gives (zero counters dropped), for comparisons."""
    tally = tally or {}
    counts = {k: v for k, v in tally.get("counts", {}).items() if v}
    return {"counts": counts, "voters": tally.get("voters", 0)}
