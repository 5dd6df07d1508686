"""A hackathons service on fakes with the steps tests take (tests/unit/test_hackathons_*.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from services.hackathons.commands import (
    AddChallenge,
    ChangePhase,
    CreateHackathon,
    CreateTeam,
    EditProject,
    ScoreProject,
)
from services.hackathons.domain import Phase
from services.hackathons.handlers_hackathons import add_challenge, change_phase, create_hackathon
from services.hackathons.handlers_jury import score_project
from services.hackathons.handlers_teams import create_team, edit_project
from services.hackathons.in_memory import in_memory_service

RUBRIC = [{"name": "Nutzen", "weight": 2.0}, {"name": "Umsetzung"}]


class World:
    """The service, its unit of work and the fake voting service."""

    def __init__(self, *jury: str) -> None:
        self.service, self.uow = in_memory_service(*jury)
        self.voting = self.service.outside.voting
        self.stores = self.service.stores

    def kinds(self) -> list[str]:
        """The types of the events published so far, without the prefix."""
        return [e.type.removeprefix("de.oecherlab.hackathons.") for _t, _k, e in self.uow.published]

    async def hackathon(self, deadline_in: timedelta = timedelta(hours=2), **spec: Any) -> dict:
        deadline = datetime.now(UTC) + deadline_in
        body = {"title": "Hackday", "rubric": RUBRIC, "submission_deadline": deadline, **spec}
        hackathon = await create_hackathon(self.service, CreateHackathon(body))
        challenge = await add_challenge(
            self.service, AddChallenge(hackathon["_id"], "Parken", "", None)
        )
        return {**hackathon, "challenge_id": challenge["_id"]}

    async def team(
        self, hackathon: dict, member: str, name: str = "", project: bool = True
    ) -> dict:
        name = name or member.removeprefix("p:").title()
        command = CreateTeam(hackathon["_id"], hackathon["challenge_id"], name, member)
        team = await create_team(self.service, command)
        if project:
            page = {
                "title": f"Projekt {name}",
                "summary": "Kurz",
                "links": [],
                "open_data": False,
            }
            team = await edit_project(
                self.service, EditProject(team["_id"], member, page, datetime.now(UTC))
            )
        return team

    async def phase(self, hackathon: dict, phase: Phase) -> dict:
        return await change_phase(self.service, ChangePhase(hackathon["_id"], phase))

    async def score(self, team: dict, juror: str, nutzen: int, umsetzung: int) -> dict:
        scores = {"Nutzen": nutzen, "Umsetzung": umsetzung}
        return await score_project(self.service, ScoreProject(team["_id"], juror, scores, ""))
