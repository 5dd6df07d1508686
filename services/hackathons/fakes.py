"""The hackathons ports in memory, for handler tests without servers, and a whole service on
fakes (`in_memory_service`). They behave as the MongoDB classes do (tests/contracts/
hackathons_store.py holds both to one contract)."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from pymongo.errors import DuplicateKeyError

from services.hackathons.domain import Doc, leaving
from shared.memory_docs import MemoryDocs
from shared.unit_of_work import Transaction


class FakeHackathons(MemoryDocs):
    """`HackathonRepository` in a dict."""

    async def add(self, hackathon: Doc, tx: Transaction) -> None:
        """See `HackathonRepository.add`."""
        self._insert(hackathon)

    async def get(self, hackathon_id: str, tx: Transaction | None = None) -> Doc | None:
        """See `HackathonRepository.get`."""
        return self._get(hackathon_id)

    async def newest(self, limit: int = 200) -> list[Doc]:
        """See `HackathonRepository.newest`."""
        return self._sorted(lambda _h: True, "created_at", newest=True, limit=limit)

    async def update(
        self,
        hackathon_id: str,
        changes: dict[str, Any],
        at: datetime,
        tx: Transaction,
        *,
        expected: dict[str, Any] | None = None,
    ) -> Doc | None:
        """See `HackathonRepository.update`."""
        found = self.docs.get(hackathon_id)
        if found is None or any(found.get(k) != v for k, v in (expected or {}).items()):
            return None
        found.update(copy.deepcopy(changes), updated_at=at)
        return self._get(hackathon_id)

    async def set_juror(
        self, hackathon_id: str, username: str, present: bool, tx: Transaction
    ) -> Doc | None:
        """See `HackathonRepository.set_juror`."""
        found = self.docs.get(hackathon_id)
        if found is None:
            return None
        if present and username not in found["jurors"]:
            found["jurors"].append(username)
        elif not present:
            found["jurors"] = [j for j in found["jurors"] if j != username]
        return self._get(hackathon_id)


class FakeChallenges(MemoryDocs):
    """`ChallengeRepository` in a dict."""

    async def add(self, challenge: Doc, tx: Transaction) -> None:
        """See `ChallengeRepository.add`."""
        self._insert(challenge)

    async def get(self, challenge_id: str, tx: Transaction | None = None) -> Doc | None:
        """See `ChallengeRepository.get`."""
        return self._get(challenge_id)

    async def of_hackathon(self, hackathon_id: str) -> list[Doc]:
        """See `ChallengeRepository.of_hackathon`."""
        return self._sorted(lambda c: c["hackathon_id"] == hackathon_id, "created_at", newest=False)


class FakeTeams(MemoryDocs):
    """`TeamRepository` in a dict; memberships in `memberships` (part of the snapshot)."""

    def __init__(self) -> None:
        super().__init__()
        self.memberships: dict[str, str] = {}

    def snapshot(self) -> Any:
        """For the fake unit of work."""
        return {"docs": self.docs, "memberships": self.memberships}

    def restore(self, state: Any) -> None:
        """For the fake unit of work."""
        self.docs, self.memberships = state["docs"], state["memberships"]

    async def add(self, team: Doc, tx: Transaction) -> None:
        """See `TeamRepository.add`."""
        if any(t["invite_code"] == team["invite_code"] for t in self.docs.values()):
            raise DuplicateKeyError(f"invite code {team['invite_code']} is taken")
        self._insert(team)

    async def get(self, team_id: str, tx: Transaction | None = None) -> Doc | None:
        """See `TeamRepository.get`."""
        return self._get(team_id)

    async def by_code(self, invite_code: str) -> Doc | None:
        """See `TeamRepository.by_code`."""
        found = [t for t in self.docs.values() if t["invite_code"] == invite_code]
        return self._get(found[0]["_id"]) if found else None

    async def of_hackathon(self, hackathon_id: str) -> list[Doc]:
        """See `TeamRepository.of_hackathon`."""
        return self._sorted(lambda t: t["hackathon_id"] == hackathon_id, "created_at", newest=False)

    async def claim_membership(
        self, hackathon_id: str, member: str, team_id: str, tx: Transaction
    ) -> None:
        """See `TeamRepository.claim_membership`."""
        key = f"{hackathon_id}:{member}"
        if key in self.memberships:
            raise DuplicateKeyError(f"{key} belongs to a team already")
        self.memberships[key] = team_id

    async def team_of(self, hackathon_id: str, member: str) -> str | None:
        """See `TeamRepository.team_of`."""
        return self.memberships.get(f"{hackathon_id}:{member}")

    async def of_member(self, member: str) -> list[Doc]:
        """See `TeamRepository.of_member`."""
        return self._sorted(lambda t: member in t["members"], "created_at", newest=False)

    async def add_member(
        self, team: Doc, member: str, name: str | None, tx: Transaction
    ) -> Doc | None:
        """See `TeamRepository.add_member`."""
        stored = self.docs.get(team["_id"])
        if stored is None or stored["members"] != team["members"]:
            return None
        stored["members"].append(member)
        if name:
            stored["names"].append(name)
            stored.setdefault("names_by", []).append(member)
        return self._get(team["_id"])

    async def set_project(
        self, team_id: str, project: Doc, at: datetime, tx: Transaction
    ) -> Doc | None:
        """See `TeamRepository.set_project`."""
        stored = self.docs.get(team_id)
        if stored is None:
            return None
        stored.update(project=copy.deepcopy(project), updated_at=at)
        return self._get(team_id)

    async def leave(self, team: Doc, member: str, tx: Transaction) -> Doc | None:
        """See `TeamRepository.leave`."""
        stored = self.docs.get(team["_id"])
        if stored is None or stored["members"] != team["members"]:
            return None
        stored.update(leaving(team, member))
        self.memberships.pop(f"{team['hackathon_id']}:{member}", None)
        return self._get(team["_id"])

    async def remove(self, team_id: str, tx: Transaction) -> None:
        """See `TeamRepository.remove`."""
        self.docs.pop(team_id, None)
