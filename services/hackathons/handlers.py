"""The hackathons service: what every command handler works with, and the lookups they share.

The handlers are in handlers_hackathons.py (hackathons, phases, challenges), handlers_teams.py
(teams and project pages), handlers_jury.py (jurors and scores) and handlers_audience.py (the
audience vote); each runs its work in the unit of work, records its events with `record` and
says which hackathon changed with `changed`, so its live state is redrawn once it committed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from services.hackathons.domain import Doc
from services.hackathons.events import HackathonEvent
from services.hackathons.jury_accounts import JuryAccounts
from services.hackathons.ports import (
    ChallengeRepository,
    HackathonRepository,
    ScoreRepository,
    TeamRepository,
)
from services.hackathons.voting_client import VotingClient
from shared.errors import DomainError
from shared.unit_of_work import Transaction, UnitOfWork

GERMAN = {
    "hackathon": "Diesen Hackathon gibt es nicht.",
    "challenge": "Diese Challenge gibt es nicht.",
    "team": "Dieses Team gibt es nicht.",
}


def not_found(what: str = "hackathon") -> DomainError:
    """The error for an unknown hackathon, challenge or team."""
    return DomainError(f"There is no {what} with this id.", GERMAN[what], "not-found")


@dataclass(frozen=True)
class Stores:
    """The service's storage ports."""

    hackathons: HackathonRepository
    challenges: ChallengeRepository
    teams: TeamRepository
    scores: ScoreRepository


@dataclass(frozen=True)
class Outside:
    """The other services it asks: voting (the audience vote) and the gateway (jury accounts)."""

    voting: VotingClient
    accounts: JuryAccounts


class HackathonsService:
    """The ports, the configuration and the live hook the handlers share."""

    def __init__(
        self, *, uow: UnitOfWork, stores: Stores, outside: Outside, topic: str, public_url: str
    ) -> None:
        self.uow = uow
        self.stores = stores
        self.outside = outside
        self.topic = topic
        self.public_url = public_url.rstrip("/")
        self._on_change: Callable[[str], None] = lambda _hackathon_id: None

    def on_change(self, hook: Callable[[str], None]) -> None:
        """Call `hook(hackathon_id)` after every committed change of a hackathon."""
        self._on_change = hook

    def record(self, tx: Transaction, event: HackathonEvent) -> None:
        """Publish `event` with the transaction, and redraw the hackathon once it committed."""
        tx.record(self.topic, event.hackathon_id, event.to_cloud_event())
        tx.after_commit(lambda: self._on_change(event.hackathon_id))

    async def hackathon(self, hackathon_id: str, tx: Transaction | None = None) -> Doc:
        """The hackathon, or the not-found error."""
        found = await self.stores.hackathons.get(hackathon_id, tx)
        if found is None:
            raise not_found()
        return found

    async def team(self, team_id: str, tx: Transaction | None = None) -> Doc:
        """The team, or the not-found error."""
        found = await self.stores.teams.get(team_id, tx)
        if found is None:
            raise not_found("team")
        return found

    async def challenge(self, hackathon_id: str, challenge_id: str) -> Doc:
        """A challenge of this hackathon, or the not-found error."""
        found = await self.stores.challenges.get(challenge_id)
        if found is None or found["hackathon_id"] != hackathon_id:
            raise not_found("challenge")
        return found

    def invite_url(self, team: Doc) -> str:
        """The link teammates open to join (the QR code leads there)."""
        return f"{self.public_url}/hackathon/{team['hackathon_id']}?invite={team['invite_code']}"
