"""What the hackathons storage contract (hackathons_store.py, hackathons_store_teams.py) works
with: the backend a test layer gives it, units of work, and documents as domain.py makes them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from services.hackathons import domain
from services.hackathons.ports import (
    ChallengeRepository,
    HackathonRepository,
    ScoreRepository,
    TeamRepository,
)
from shared.unit_of_work import UnitOfWork

# Re-exported: the suites import them from here.
from tests.contracts.transactions import fails_after, in_tx  # noqa: F401

T0 = datetime(2026, 11, 14, 9, 30, tzinfo=UTC)


class Backend:
    """What a backend gives the suite: the four ports and the unit of work they take part in."""

    uow: UnitOfWork
    hackathons: HackathonRepository
    challenges: ChallengeRepository
    teams: TeamRepository
    scores: ScoreRepository


def a_hackathon(at: datetime = T0, title: str = "Hackathon") -> dict[str, Any]:
    spec = {
        "title": title,
        "target_groups": ["Schulen"],
        "submission_deadline": at + timedelta(days=2),
        "rubric": [{"name": "Idee", "weight": 2.0}, {"name": "Umsetzung"}],
    }
    return domain.new_hackathon(spec, at)


def a_challenge(
    hackathon_id: str = "h1", at: datetime = T0, title: str = "Challenge"
) -> dict[str, Any]:
    return domain.new_challenge(hackathon_id, title, "Beschreibung", "https://data.example", at)


def a_team(
    hackathon_id: str = "h1", at: datetime = T0, *, code: str | None = None, member: str = "p:1"
) -> dict[str, Any]:
    team = domain.new_team(hackathon_id, "c1", "Team", ["Ada"], member, at)
    return {**team, "invite_code": code} if code else team


def a_card(
    team_id: str = "t1", juror: str = "j1", hackathon_id: str = "h1", idea: float = 4.0
) -> dict[str, Any]:
    return {
        "team_id": team_id,
        "hackathon_id": hackathon_id,
        "juror": juror,
        "scores": {"Idee": idea, "Umsetzung": 3.0},
        "note": f"{juror} zu {team_id}",
        "conflict": False,
        "updated_at": T0,
    }


def without_id(cards: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cards as given (the store's _id for them is its own business), by project and juror."""
    found = [{k: v for k, v in card.items() if k != "_id"} for card in cards]
    return sorted(found, key=lambda c: (c["team_id"], c["juror"]))
