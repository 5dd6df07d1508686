"""In-memory fakes of the session and member ports (ports.py); fake_polls.py has the poll and
vote ones, fake_voting.py puts them together with the handlers (tests without servers).

They keep what MongoDB keeps (copies in, copies out; a taken join code or key refused) and pass
tests/contracts/voting_store.py like the MongoDB classes. `snapshot` and `restore` let
shared.unit_of_work.FakeUnitOfWork roll them back when a handler fails.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from pymongo.errors import DuplicateKeyError

from services.voting.ports import Doc
from shared.memory_docs import MemoryDocs
from shared.unit_of_work import Transaction


class FakeDocs(MemoryDocs):
    """Documents by `_id`, with versioned changes; the base of the fakes."""

    def _change(self, doc: Doc, changes: Doc) -> Doc | None:
        stored = self.docs.get(doc["_id"])
        if stored is None or stored["version"] != doc["version"]:
            return None
        stored.update(copy.deepcopy(changes))
        stored["version"] += 1
        return copy.deepcopy(stored)

    def _where(self, **equal: Any) -> list[Doc]:
        return [
            copy.deepcopy(d)
            for d in self.docs.values()
            if all(d.get(k) == v for k, v in equal.items())
        ]


class FakeSessionStore(FakeDocs):
    """SessionStore in memory."""

    async def get(self, session_id: str, tx: Transaction | None = None) -> Doc | None:
        """See SessionStore.get."""
        return self._get(session_id)

    async def by_code(self, code: str) -> Doc | None:
        """See SessionStore.by_code."""
        found = self._where(join_code=code)
        return found[0] if found else None

    async def ids(self) -> list[str]:
        """See SessionStore.ids."""
        return list(self.docs)

    async def add(self, session: Doc, tx: Transaction) -> None:
        """See SessionStore.add."""
        if self._where(join_code=session["join_code"]):
            raise DuplicateKeyError(f"join code {session['join_code']} is taken")
        self._insert(session)

    async def change(self, session: Doc, changes: Doc, tx: Transaction) -> Doc | None:
        """See SessionStore.change."""
        return self._change(session, changes)

    async def mark_active(self, session_id: str, at: datetime, tx: Transaction) -> None:
        """See SessionStore.mark_active."""
        stored = self.docs.get(session_id)
        if stored is not None and (stored.get("active_at") is None or stored["active_at"] < at):
            stored["active_at"] = at

    async def newest(self, limit: int) -> list[Doc]:
        """See SessionStore.newest."""
        return sorted(self._where(), key=lambda d: d["created_at"], reverse=True)[:limit]

    async def changed_since(self, since: datetime) -> list[Doc]:
        """See SessionStore.changed_since."""
        return [d for d in self._where() if d["updated_at"] >= since]

    async def ended_unpurged(self, before: datetime) -> list[Doc]:
        """See SessionStore.ended_unpurged."""
        return [
            d
            for d in self._where(votes_purged_at=None)
            if d.get("ended_at") is not None and d["ended_at"] < before
        ]

    async def idle_since(self, cutoff: datetime) -> list[Doc]:
        """See SessionStore.idle_since."""

        def quiet(d: Doc) -> bool:
            return d.get("active_at") is None or d["active_at"] < cutoff

        return [
            d
            for d in self._where()
            if d.get("ended_at") is None and d["updated_at"] < cutoff and quiet(d)
        ]


class FakeMemberStore(FakeDocs):
    """MemberStore in memory."""

    async def get(
        self, session_id: str, participant: str, tx: Transaction | None = None
    ) -> Doc | None:
        """See MemberStore.get."""
        return self._get(f"{session_id}:{participant}")

    async def add(self, session_id: str, participant: str, at: datetime, tx: Transaction) -> bool:
        """See MemberStore.add."""
        key = f"{session_id}:{participant}"
        if key in self.docs:
            return False
        self._insert(
            {"_id": key, "session_id": session_id, "participant": participant, "joined_at": at}
        )
        return True

    async def remove(self, session_id: str, participant: str, tx: Transaction) -> None:
        """See MemberStore.remove."""
        self.docs.pop(f"{session_id}:{participant}", None)

    async def count(self, session_id: str) -> int:
        """See MemberStore.count."""
        return len(self._where(session_id=session_id))

    async def latest_join(self, session_id: str) -> datetime | None:
        """See MemberStore.latest_join."""
        return max((m["joined_at"] for m in self._where(session_id=session_id)), default=None)

    async def purge(self, session_id: str, tx: Transaction) -> int:
        """See MemberStore.purge."""
        gone = [k for k, m in self.docs.items() if m["session_id"] == session_id]
        return len([self.docs.pop(k) for k in gone])

    async def of_participants(self, participants: list[str]) -> list[Doc]:
        """See MemberStore.of_participants."""
        members = [m for m in self._where() if m["participant"] in participants]
        return sorted(members, key=lambda m: (m["joined_at"], m["_id"]))
