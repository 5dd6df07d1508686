"""In-memory fakes of the poll and vote ports (ports.py), like fake_sessions.py."""

from __future__ import annotations

import copy
from datetime import datetime

from services.voting.fake_sessions import FakeDocs
from services.voting.ports import Doc, VersionConflict
from services.voting.vote_rules import vote_id
from shared.unit_of_work import Transaction


class FakePollStore(FakeDocs):
    """PollStore in memory."""

    async def get(self, poll_id: str, tx: Transaction | None = None) -> Doc | None:
        """See PollStore.get."""
        return self._get(poll_id)

    async def of_session(self, session_id: str, tx: Transaction | None = None) -> list[Doc]:
        """See PollStore.of_session."""
        return sorted(self._where(session_id=session_id), key=lambda p: p["order"])

    async def add(self, poll: Doc, tx: Transaction) -> None:
        """See PollStore.add."""
        self._insert(poll)

    async def change(self, poll: Doc, changes: Doc, tx: Transaction) -> Doc | None:
        """See PollStore.change."""
        return self._change(poll, changes)

    async def due(self, now: datetime) -> list[Doc]:
        """See PollStore.due."""
        return [
            p
            for p in self._where(status="open")
            if p.get("closes_at") is not None and p["closes_at"] <= now
        ]

    async def hold_open(self, poll_id: str, round_: int, tx: Transaction) -> bool:
        """See PollStore.hold_open."""
        stored = self.docs.get(poll_id)
        if stored is None or stored["status"] != "open" or stored["round"] != round_:
            return False
        stored["vote_batches"] = stored.get("vote_batches", 0) + 1
        return True


class FakeVoteStore(FakeDocs):
    """VoteStore in memory; a batch is checked whole before any of it is written."""

    async def find(self, vote_ids: list[str], tx: Transaction) -> dict[str, Doc]:
        """See VoteStore.find."""
        return {v: copy.deepcopy(self.docs[v]) for v in vote_ids if v in self.docs}

    async def write(self, changes: list[tuple[Doc, Doc | None]], tx: Transaction) -> None:
        """See VoteStore.write."""
        for doc, before in changes:
            # The version stored must be the one read (None: there was no vote then).
            stored = self.docs.get(doc["_id"], {}).get("version")
            if stored != (before["version"] if before else None):
                raise VersionConflict(f"vote {doc['_id']} changed meanwhile")
        for doc, _before in changes:
            self.docs[doc["_id"]] = copy.deepcopy(doc)

    async def mine(self, poll_id: str, round_: int, participant: str) -> Doc | None:
        """See VoteStore.mine."""
        return self._get(vote_id(poll_id, round_, participant))

    async def voters(self, poll_id: str, round_: int) -> set[str]:
        """See VoteStore.voters."""
        return {v["participant"] for v in self._where(poll_id=poll_id, round=round_)}

    async def latest_at(self, poll_id: str, round_: int) -> datetime | None:
        """See VoteStore.latest_at."""
        votes = self._where(poll_id=poll_id, round=round_)
        return max((v["updated_at"] for v in votes), default=None)

    async def of_participants(self, participants: list[str]) -> list[Doc]:
        """See VoteStore.of_participants."""
        votes = [v for v in self._where() if v["participant"] in participants]
        return sorted(votes, key=lambda v: (v["updated_at"], v["_id"]))

    async def purge(self, poll_ids: list[str], tx: Transaction) -> int:
        """See VoteStore.purge (the fakes keep no tally bookkeeping)."""
        gone = [k for k, v in self.docs.items() if v["poll_id"] in poll_ids]
        return len([self.docs.pop(k) for k in gone])

    async def erase(self, votes: list[Doc], tx: Transaction) -> None:
        """See VoteStore.erase."""
        for vote in votes:
            if self.docs.get(vote["_id"], {}).get("version") != vote["version"]:
                raise VersionConflict(f"vote {vote['_id']} changed meanwhile")
        for vote in votes:
            del self.docs[vote["_id"]]
