"""The storage ports of the hackathons context, in its own words.

Handlers see only these protocols; storage.py implements them on MongoDB, fakes.py in memory
(tests/contracts/hackathons_store.py holds both to one contract). Writes take the handler's
`Transaction`; reads may. Documents are plain dicts (domain.py makes them).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from services.hackathons.domain import Doc
from shared.unit_of_work import Transaction


class HackathonRepository(Protocol):
    """Hackathons by id, with their jurors and audience vote."""

    async def add(self, hackathon: Doc, tx: Transaction) -> None:
        """Store a new hackathon."""
        ...

    async def get(self, hackathon_id: str, tx: Transaction | None = None) -> Doc | None:
        """The stored hackathon, or None."""
        ...

    async def newest(self, limit: int = 200) -> list[Doc]:
        """The newest hackathons first."""
        ...

    async def update(
        self,
        hackathon_id: str,
        changes: dict[str, Any],
        at: datetime,
        tx: Transaction,
        *,
        expected: dict[str, Any] | None = None,
    ) -> Doc | None:
        """Set `changes` (and `updated_at`) if the stored members equal `expected`; the
        hackathon afterwards, or None if it changed meanwhile (or is gone)."""
        ...

    async def set_juror(
        self, hackathon_id: str, username: str, present: bool, tx: Transaction
    ) -> Doc | None:
        """Add or remove a juror's user name (a set); the hackathon afterwards."""
        ...


class ChallengeRepository(Protocol):
    """A hackathon's challenges."""

    async def add(self, challenge: Doc, tx: Transaction) -> None:
        """Store a new challenge."""
        ...

    async def get(self, challenge_id: str, tx: Transaction | None = None) -> Doc | None:
        """The challenge, or None."""
        ...

    async def of_hackathon(self, hackathon_id: str) -> list[Doc]:
        """A hackathon's challenges, oldest first."""
        ...


class TeamRepository(Protocol):
    """Teams, by id and by invite code, and who belongs to which (one team per participant and
    hackathon)."""

    async def add(self, team: Doc, tx: Transaction) -> None:
        """Store a new team; a taken id or invite code raises DuplicateKeyError."""
        ...

    async def get(self, team_id: str, tx: Transaction | None = None) -> Doc | None:
        """The team, or None."""
        ...

    async def by_code(self, invite_code: str) -> Doc | None:
        """The team with this invite code, or None."""
        ...

    async def of_hackathon(self, hackathon_id: str) -> list[Doc]:
        """A hackathon's teams, oldest first."""
        ...

    async def claim_membership(
        self, hackathon_id: str, member: str, team_id: str, tx: Transaction
    ) -> None:
        """Note that `member` belongs to `team_id`; DuplicateKeyError when they belong to a
        team of this hackathon already (two concurrent claims: one wins)."""
        ...

    async def team_of(self, hackathon_id: str, member: str) -> str | None:
        """The id of the member's team in this hackathon, or None."""
        ...

    async def of_member(self, member: str) -> list[Doc]:
        """Every team, of any hackathon, that `member` belongs to, oldest first."""
        ...

    async def add_member(
        self, team: Doc, member: str, name: str | None, tx: Transaction
    ) -> Doc | None:
        """Add a member to `team` as read (its members unchanged since); the team afterwards,
        or None when someone joined meanwhile."""
        ...

    async def set_project(
        self, team_id: str, project: Doc, at: datetime, tx: Transaction
    ) -> Doc | None:
        """Replace the team's project page; the team afterwards."""
        ...

    async def leave(self, team: Doc, member: str, tx: Transaction) -> Doc | None:
        """Take `member` out of `team` as read (its members unchanged since), with the names
        they typed and their membership; the team afterwards, or None when it changed."""
        ...

    async def remove(self, team_id: str, tx: Transaction) -> None:
        """Delete the team (its last member left)."""
        ...


class ScoreRepository(Protocol):
    """Score cards: one per juror and project ({team_id, hackathon_id, juror, scores, note,
    conflict, updated_at}), replaced when given again."""

    async def put(self, card: Doc, tx: Transaction) -> None:
        """Store the juror's card for the project, replacing an earlier one."""
        ...

    async def of_hackathon(self, hackathon_id: str) -> list[Doc]:
        """Every card of the hackathon."""
        ...

    async def of_juror(self, hackathon_id: str, juror: str) -> list[Doc]:
        """One juror's cards in the hackathon."""
        ...

    async def remove_of_team(self, team_id: str, tx: Transaction) -> None:
        """Delete every card of the team's project."""
        ...
