"""A stranger's input to the hackathons service: hostile bodies, forged and wrong tokens, other
teams' and other hackathons' ids, guessed invite codes. Each is a clear 4xx problem+json, never
a 500, and stores nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import pytest_asyncio
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.tokens import TokenIssuer
from tests.integration.hackathons_stack import HackathonsApi, Headers, running_hackathons, stored


@dataclass
class Scene:
    api: HackathonsApi
    hackathon: dict
    team: dict
    juror: Headers
    stranger: Headers


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def scene(servers, tmp_path_factory) -> AsyncIterator[Scene]:
    async with running_hackathons(servers, tmp_path_factory.mktemp("keys")) as api:
        hackathon = await api.hackathon()
        team = await api.team(hackathon, "Alpha")
        juror = await api.jury_account("jury-one")
        yield Scene(api, hackathon, team, juror, await api.participant())


async def refused(scene: Scene, method: str, path: str, expected: int, **kwargs) -> dict:
    """Send it, check the problem, and that nothing was stored meanwhile."""
    before = await stored(scene.api)
    status, body, headers = await scene.api.call(method, path, **kwargs)
    assert status == expected, (method, path, status, body)
    assert headers["Content-Type"].startswith("application/problem+json"), headers
    assert body["status"] == expected and body["detail"]
    assert await stored(scene.api) == before
    return body


def forged() -> Headers:
    issuer = TokenIssuer(Ed25519PrivateKey.generate(), "forged", "oecherlab-gateway", "oecherlab")
    return {"Authorization": f"Bearer {issuer.issue('u:moderator', 'admin', 600)}"}


DEADLINE = "2030-01-01T10:00:00+01:00"
BAD_HACKATHONS = [
    {},
    {"title": "T", "rubric": [], "submission_deadline": DEADLINE},
    {
        "title": "T",
        "rubric": [{"name": f"K{i}"} for i in range(7)],
        "submission_deadline": DEADLINE,
    },
    {"title": "T", "rubric": [{"name": "A", "weight": 0}], "submission_deadline": DEADLINE},
    {"title": "T", "rubric": [{"name": "A"}], "submission_deadline": "2030-01-01T10:00:00"},
    {"title": "T", "rubric": [{"name": "A"}], "submission_deadline": "morgen"},
    {"title": "\ud800", "rubric": [{"name": "A"}], "submission_deadline": DEADLINE},
    {"title": "T" * 201, "rubric": [{"name": "A"}], "submission_deadline": DEADLINE},
    {"title": "T", "rubric": [{"name": "A"}], "submission_deadline": DEADLINE, "max_team_size": 0},
    {"title": "T", "rubric": [{"name": "A"}], "submission_deadline": DEADLINE, "admin": True},
]


@pytest.mark.parametrize("body", BAD_HACKATHONS)
async def test_malformed_hackathons_are_refused(scene, body):
    await refused(scene, "POST", "/api/hackathons", 422, json=body, headers=await scene.api.staff())


async def test_a_rubric_with_one_name_twice_is_refused(scene):
    body = {"title": "T", "rubric": [{"name": "A"}, {"name": "a"}], "submission_deadline": DEADLINE}
    problem = await refused(
        scene, "POST", "/api/hackathons", 422, json=body, headers=await scene.api.staff()
    )
    assert problem["code"] == "bad-rubric" and problem["detail_de"]


@pytest.mark.parametrize("who", ["none", "forged", "participant", "juror"])
async def test_only_staff_create_hackathons_and_move_phases(scene, who):
    headers = {"none": {}, "forged": forged(), "participant": scene.stranger, "juror": scene.juror}[
        who
    ]
    expected = 401 if who in ("none", "forged") else 403
    body = {"title": "T", "rubric": [{"name": "A"}], "submission_deadline": DEADLINE}
    await refused(scene, "POST", "/api/hackathons", expected, json=body, headers=headers)
    path = f"/api/hackathons/{scene.hackathon['id']}/phase"
    await refused(scene, "POST", path, expected, json={"phase": "results"}, headers=headers)


BAD_PROJECTS = [
    {"title": "T"},
    {"title": "", "summary": "S"},
    {"title": "T", "summary": "S", "links": ["javascript:alert(1)"]},
    {"title": "T", "summary": "S", "links": ["https://a.example/x y"]},
    {"title": "T", "summary": "S", "links": [f"https://a.example/{i}" for i in range(6)]},
    {"title": "T", "summary": "S" * 1001},
    {"title": "T", "summary": "S", "open_data": "yes"},
    {"title": "T", "summary": "S", "members": ["x"]},
]


@pytest.mark.parametrize("body", BAD_PROJECTS)
async def test_malformed_project_pages_are_refused(scene, body):
    path = f"/api/hackathons/teams/{scene.team['id']}/project"
    await refused(scene, "PUT", path, 422, json=body, headers=scene.team["phone"])


async def test_strangers_and_staff_cannot_edit_a_teams_project(scene):
    path = f"/api/hackathons/teams/{scene.team['id']}/project"
    body = {"title": "Übernommen", "summary": "S"}
    problem = await refused(scene, "PUT", path, 403, json=body, headers=scene.stranger)
    assert problem["code"] == "not-a-member"
    await refused(scene, "PUT", path, 403, json=body, headers=await scene.api.staff())
    await refused(
        scene, "PUT", "/api/hackathons/teams/nope/project", 404, json=body, headers=scene.stranger
    )


async def test_the_public_team_view_hides_the_invite_code_and_names(scene):
    status, team, _ = await scene.api.call(
        "GET", f"/api/hackathons/teams/{scene.team['id']}", headers=scene.stranger
    )
    assert status == 200 and "invite_code" not in team and "members" not in team


async def test_guessing_invite_codes_runs_into_the_limit(scene):
    guesser = await scene.api.participant()
    statuses = []
    for n in range(25):
        status, _, headers = await scene.api.call(
            "GET", f"/api/hackathons/invites/ZZZZZZ{n:02d}", headers=guesser
        )
        statuses.append(status)
    assert statuses[:20] == [404] * 20 and statuses[-1] == 429
    # The right code still works for someone else.
    status, _, _ = await scene.api.call(
        "GET", f"/api/hackathons/invites/{scene.team['invite_code']}", headers=scene.stranger
    )
    assert status == 200


async def test_jurors_score_only_in_judging_and_only_their_hackathon(scene):
    path = f"/api/hackathons/projects/{scene.team['id']}/scores"
    body = {"scores": {"Nutzen": 5, "Umsetzung": 5}}
    problem = await refused(scene, "PUT", path, 403, json=body, headers=scene.juror)
    assert problem["code"] == "not-a-juror"
    await refused(scene, "PUT", path, 403, json=body, headers=scene.stranger)
    await refused(scene, "PUT", path, 422, json={"scores": "fünf"}, headers=scene.juror)
    path = f"/api/hackathons/{scene.hackathon['id']}/assignments"
    await refused(scene, "GET", path, 403, headers=scene.juror)


async def test_hostile_headers_and_bodies_get_problems(scene):
    staff = await scene.api.staff()
    await refused(scene, "POST", "/api/hackathons", 415, data="x", headers=staff)
    await refused(
        scene,
        "POST",
        "/api/hackathons",
        400,
        data=b"{",
        headers={**staff, "Content-Type": "application/json"},
    )
    await refused(
        scene, "POST", "/api/hackathons", 401, json={}, headers={"Authorization": "Basic eDp5"}
    )
    await refused(scene, "GET", "/api/hackathons/%00/leaderboard", 400)  # the gateway's path check


async def test_a_phone_that_hammers_its_project_page_is_slowed_and_nothing_is_mixed_up(scene):
    hackathon = await scene.api.hackathon()
    phone = await scene.api.participant()
    body = {"name": "Flut", "challenge_id": hackathon["challenge_id"]}
    team = await scene.api.ok(
        "POST", f"/api/hackathons/{hackathon['id']}/teams", 201, json=body, headers=phone
    )
    path = f"/api/hackathons/teams/{team['id']}/project"
    answers = []
    for n in range(60):
        status, _, headers = await scene.api.call(
            "PUT", path, json={"title": f"Version {n}", "summary": "S"}, headers=phone
        )
        answers.append((n, status, headers.get("Retry-After")))
    accepted = [n for n, status, _ in answers if status == 200]
    limited = [retry for _, status, retry in answers if status == 429]
    assert {status for _, status, _ in answers} == {200, 429}
    assert 25 <= len(accepted) <= 32 and limited and all(limited)
    # What is stored is the last version that was accepted.
    status, shown, _ = await scene.api.call("GET", f"/api/hackathons/teams/{team['id']}")
    assert shown["project"]["title"] == f"Version {accepted[-1]}"
