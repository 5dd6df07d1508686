"""The demo data of `make run` passes the services' own input checks, so a seed never stops the
stack with a 422 (the seeds run against the real API; here only their bodies are checked)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from devstack.accounts import DEMO_STAFF
from devstack.seed_hackathons import (
    DEMO_CHALLENGES,
    DEMO_HACKATHON,
    DEMO_TEAMS,
    JOINER,
    JUROR,
    deadline,
)
from services.gateway.accounts import STAFF_ROLES
from services.hackathons.api_hackathons import ChallengeIn, HackathonIn
from services.hackathons.api_teams import JoinIn, ProjectIn, TeamIn


def test_the_demo_hackathon_and_its_challenges_are_valid_input() -> None:
    hackathon = HackathonIn.model_validate({**DEMO_HACKATHON, "submission_deadline": deadline()})
    assert [c.weight for c in hackathon.rubric] == [2, None, None, None]
    with_data = [c for c in DEMO_CHALLENGES if c[2]]
    assert len(DEMO_CHALLENGES) == 3 and len(with_data) == 1
    assert re.fullmatch(r"https://offenedaten\.aachen\.de/dataset/[a-z0-9-]+", with_data[0][2])
    for title, description, dataset_url in DEMO_CHALLENGES:
        body = {"title": title, "description": description}
        ChallengeIn.model_validate(body | ({"dataset_url": dataset_url} if dataset_url else {}))


def test_the_demo_teams_their_projects_and_the_joiner_are_valid_input() -> None:
    for name, challenge, members, project in DEMO_TEAMS:
        TeamIn.model_validate({"name": name, "challenge_id": "c1", "members": members})
        ProjectIn.model_validate(project)
        assert 0 <= challenge < len(DEMO_CHALLENGES)
    JoinIn.model_validate({"invite_code": "ABCDEFGH", "name": JOINER[1]})
    assert 0 <= JOINER[0] < len(DEMO_TEAMS)


def test_the_deadline_lies_a_few_hours_ahead_with_its_zone() -> None:
    now = datetime(2026, 12, 2, 3, 39, 12, tzinfo=UTC)
    assert deadline(now) == "2026-12-02T07:00:00+00:00"


def test_the_demo_juror_is_a_jury_account_with_its_own_password_variable() -> None:
    roles = {name: role for name, role, _env in DEMO_STAFF}
    assert roles == {"moderator": "moderator", "admin": "admin", JUROR: "jury"}
    assert set(roles.values()) <= set(STAFF_ROLES)
    assert len({env for _n, _r, env in DEMO_STAFF}) == len(DEMO_STAFF)
