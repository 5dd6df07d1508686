"""The commands of the hackathons context, already checked for form by the HTTP edge. Each one
has exactly one handler (handlers_*.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.hackathons.domain import Phase


@dataclass(frozen=True)
class CreateHackathon:
    """Staff start a hackathon: title, target_groups, description, place, submission_deadline,
    rubric [{name, weight}], max_team_size (README)."""

    spec: dict[str, Any]


@dataclass(frozen=True)
class ChangePhase:
    """Staff move a hackathon on; `token` is the caller's, for the voting service (reveal)."""

    hackathon_id: str
    phase: Phase
    token: str = ""


@dataclass(frozen=True)
class AddChallenge:
    hackathon_id: str
    title: str
    description: str
    dataset_url: str | None


@dataclass(frozen=True)
class CreateTeam:
    """A participant (`member`, their token subject) forms a team for a challenge."""

    hackathon_id: str
    challenge_id: str
    name: str
    member: str
    names: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class JoinTeam:
    team_id: str
    invite_code: str
    member: str
    name: str | None = None


@dataclass(frozen=True)
class EditProject:
    """A member writes the team's project page (title, summary, problem, solution, links,
    open_data consent); `now` is when, against the deadline."""

    team_id: str
    member: str
    project: dict[str, Any]
    now: datetime


@dataclass(frozen=True)
class AssignJuror:
    hackathon_id: str
    username: str


@dataclass(frozen=True)
class RemoveJuror:
    hackathon_id: str
    username: str


@dataclass(frozen=True)
class ScoreProject:
    """A juror (`juror`: the account's user name) scores one project."""

    team_id: str
    juror: str
    scores: dict[str, int]
    note: str


@dataclass(frozen=True)
class DeclareConflict:
    team_id: str
    juror: str
    conflict: bool


@dataclass(frozen=True)
class StartAudienceVote:
    """Staff open the audience vote; `token` is theirs, for the voting service."""

    hackathon_id: str
    token: str
