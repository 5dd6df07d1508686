"""Rules of the hackathons context, free of I/O: hackathons and their phases, challenges, teams
and their project pages. Jury scores and the leaderboard: scoring.py."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from shared.codes import random_code
from shared.errors import DomainError

Doc = dict[str, Any]

INVITE_CODE_LENGTH = 8
DEFAULT_MAX_TEAM_SIZE = 6


class Phase(StrEnum):
    REGISTRATION = "registration"
    HACKING = "hacking"
    JUDGING = "judging"
    RESULTS = "results"


ORDER = list(Phase)
# Teams form and projects change only before judging: jurors score what was submitted.
BUILDING = (Phase.REGISTRATION, Phase.HACKING)


def new_id() -> str:
    """A fresh id (also fit for a live channel name: hex only)."""
    return uuid.uuid4().hex[:16]


def iso(value: datetime | None) -> str | None:
    """A stored time as the API, the events and the screens write it (UTC, with Z)."""
    return value.isoformat().replace("+00:00", "Z") if value is not None else None


def new_hackathon(spec: Doc, now: datetime) -> Doc:
    """The stored form of a new hackathon (`spec` checked for form by the edge), in
    registration. Rubric weights default to 1."""
    rubric = [{"name": c["name"], "weight": c.get("weight") or 1.0} for c in spec["rubric"]]
    names = [c["name"].casefold() for c in rubric]
    if len(set(names)) != len(names):
        raise DomainError(
            "Every criterion of the rubric needs its own name.",
            "Jedes Kriterium braucht einen eigenen Namen.",
            "bad-rubric",
        )
    return {
        "_id": new_id(),
        "title": spec["title"],
        "target_groups": list(spec.get("target_groups") or []),
        "description": spec.get("description") or "",
        "place": spec.get("place") or "",
        "submission_deadline": spec["submission_deadline"],
        "rubric": rubric,
        "max_team_size": spec.get("max_team_size") or DEFAULT_MAX_TEAM_SIZE,
        "phase": Phase.REGISTRATION.value,
        "jurors": [],
        "audience": None,
        "created_at": now,
        "updated_at": now,
    }


def phase_change(hackathon: Doc, target: Phase) -> bool:
    """Whether moving to `target` changes anything; going back is refused."""
    current = Phase(hackathon["phase"])
    if current == target:
        return False
    if ORDER.index(target) < ORDER.index(current):
        raise DomainError(
            f"A hackathon in phase {current.value} cannot go back to {target.value}.",
            "Eine Phase kann nicht zurückgesetzt werden.",
            "invalid-transition",
            allowed=[p.value for p in ORDER[ORDER.index(current) + 1 :]],
        )
    return True


def refuse_unless_building(hackathon: Doc) -> None:
    """Teams form only in registration and hacking."""
    if Phase(hackathon["phase"]) not in BUILDING:
        raise DomainError(
            "Teams can only be formed during registration and hacking.",
            "Teams können nur während Anmeldung und Hacking gebildet werden.",
            "wrong-phase",
        )


def refuse_unless_editable(hackathon: Doc, now: datetime) -> None:
    """Project pages change until the submission deadline, and only before judging."""
    if Phase(hackathon["phase"]) not in BUILDING or now >= hackathon["submission_deadline"]:
        raise DomainError(
            "The submission deadline has passed; the project can no longer be changed.",
            "Die Abgabefrist ist vorbei; das Projekt kann nicht mehr geändert werden.",
            "deadline-passed",
        )


def refuse_unless_phase(hackathon: Doc, *phases: Phase) -> None:
    """An action of one or more phases only."""
    if Phase(hackathon["phase"]) not in phases:
        names = " or ".join(p.value for p in phases)
        raise DomainError(
            f"This is only possible in phase {names}.",
            "Das ist in dieser Phase nicht möglich.",
            "wrong-phase",
            phase=hackathon["phase"],
        )


def new_challenge(
    hackathon_id: str, title: str, description: str, dataset_url: str | None, now: datetime
) -> Doc:
    """The stored form of a challenge."""
    return {
        "_id": new_id(),
        "hackathon_id": hackathon_id,
        "title": title,
        "description": description,
        "dataset_url": dataset_url,
        "created_at": now,
    }


def new_team(
    hackathon_id: str, challenge_id: str, name: str, names: list[str], member: str, now: datetime
) -> Doc:
    """The stored form of a team whose first member is `member` (a participant's subject)."""
    return {
        "_id": new_id(),
        "hackathon_id": hackathon_id,
        "challenge_id": challenge_id,
        "name": name,
        "names": names,
        # Who typed each name: erasing a member's data takes their names out (leaving()).
        "names_by": [member] * len(names),
        "members": [member],
        "invite_code": random_code(INVITE_CODE_LENGTH),
        "project": None,
        "created_at": now,
        "updated_at": now,
    }


def refuse_if_full(hackathon: Doc, team: Doc) -> None:
    """A team takes at most the hackathon's max_team_size devices."""
    if len(team["members"]) >= hackathon["max_team_size"]:
        raise DomainError(
            f"This team is full ({hackathon['max_team_size']} members).",
            f"Dieses Team ist voll ({hackathon['max_team_size']} Mitglieder).",
            "team-full",
        )


def refuse_unless_member(team: Doc, member: str) -> None:
    """Only a team's members edit its project page."""
    if member not in team["members"]:
        raise DomainError(
            "Only members of this team can change its project.",
            "Nur Mitglieder dieses Teams können das Projekt ändern.",
            "not-a-member",
        )


def is_submitted(team: Doc) -> bool:
    """A team has submitted when its project has a title."""
    return bool(team.get("project") and team["project"].get("title"))


def leaving(team: Doc, member: str) -> dict[str, list[str]]:
    """A team's members and names once `member` has left: the names they typed go with them
    (a team stored before `names_by` existed keeps its names until its last member leaves)."""
    members = [m for m in team["members"] if m != member]
    names, names_by = team["names"], team.get("names_by")
    if names_by is None or len(names_by) != len(names):
        return {"members": members, "names": names if members else []}
    kept = [(n, by) for n, by in zip(names, names_by, strict=True) if by != member]
    return {"members": members, "names": [n for n, _ in kept], "names_by": [b for _, b in kept]}
