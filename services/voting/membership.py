"""Who has joined a workshop session: one member document per session and participant.

members  _id = "<session>:<participant>": joining twice is the same as joining once

Joining is not an event on voting.events: nothing else reacts to it, and participant ids stay
out of the broker. The member documents are the truth of `joined`; `voted` is counted from the
stored votes of the current round of each poll of the session.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.voting import session_rules
from services.voting.handlers import not_found
from services.voting.storage import VotingStore


def member_id(session_id: str, participant: str) -> str:
    """The member document's key: one per session and participant, by construction."""
    return f"{session_id}:{participant}"


class MemberStore:
    """The members collection and the counts a moderator sees."""

    def __init__(self, db: AsyncDatabase, store: VotingStore) -> None:
        self.members = db["members"]
        self.store = store

    async def ensure_indexes(self) -> None:
        """Counting a session's members and finding its latest join use this index."""
        await self.members.create_index([("session_id", ASCENDING), ("joined_at", ASCENDING)])

    async def add(self, session_id: str, participant: str, now: datetime) -> bool:
        """Record the participant as a member; True when they were not one before."""
        doc = {"session_id": session_id, "participant": participant, "joined_at": now}
        try:
            result = await self.members.update_one(
                {"_id": member_id(session_id, participant)}, {"$setOnInsert": doc}, upsert=True
            )
        except DuplicateKeyError:
            return False  # a concurrent join of the same participant inserted it first
        return result.upserted_id is not None

    async def remove(self, session_id: str, participant: str) -> None:
        """Take a member back (a join that lost the race against a lock or an end)."""
        await self.members.delete_one({"_id": member_id(session_id, participant)})

    async def get(self, session_id: str, participant: str) -> dict[str, Any] | None:
        """The member document, or None when the participant has not joined."""
        return await self.members.find_one({"_id": member_id(session_id, participant)})

    async def joined(self, session_id: str) -> int:
        """How many participants have joined the session."""
        return await self.members.count_documents({"session_id": session_id})

    async def voted(self, session_id: str) -> int:
        """Distinct participants with a vote in the current round of any poll of the session
        (votes a reset discarded do not count). One query per poll, on the votes' own index."""
        voters: set[str] = set()
        for poll in await self.store.polls_of(session_id):
            where = {"poll_id": poll["_id"], "round": poll["round"]}
            voters.update(await self.store.votes.distinct("participant", where))
        return len(voters)

    async def latest_activity(self, session: dict[str, Any]) -> datetime:
        """The latest join, vote or poll change of a session, or its own last change."""
        stamps = [session_rules.last_active(session)]
        sid = session["_id"]
        joined = await self.members.find_one({"session_id": sid}, sort=[("joined_at", DESCENDING)])
        if joined:
            stamps.append(joined["joined_at"])
        for poll in await self.store.polls_of(sid):
            stamps.append(poll["updated_at"])
            vote = await self.store.votes.find_one(
                {"poll_id": poll["_id"], "round": poll["round"]}, sort=[("updated_at", DESCENDING)]
            )
            if vote:
                stamps.append(vote["updated_at"])
        return max(stamps)


async def join(
    store: VotingStore, members: MemberStore, session_id: str, participant: str, now: datetime
) -> tuple[dict[str, Any], dict[str, Any], bool]:
    """Make the participant a member of the session: (session, member, new) or DomainError.

    The session is read again after a new member is written: a lock or an end that committed
    before the write is then seen, and the member taken back. So once a moderator's lock has
    been answered, no join can still succeed.
    """
    session = await store.session(session_id)
    if session is None:
        raise not_found("session")
    member = await members.get(session_id, participant)
    refusal = session_rules.join_refusal(session, member=member is not None)
    if refusal is not None:
        raise refusal
    if member is not None:
        return session, member, False
    new = await members.add(session_id, participant, now)
    after = await store.session(session_id) or session
    refusal = session_rules.join_refusal(after, member=not new)
    if refusal is not None:
        if new:
            await members.remove(session_id, participant)
        raise refusal
    if new:
        return after, {"session_id": session_id, "participant": participant, "joined_at": now}, new
    return after, await members.get(session_id, participant) or {"joined_at": now}, new
