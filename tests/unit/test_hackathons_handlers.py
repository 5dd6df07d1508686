"""Hackathons, phases, teams and project pages, on fakes: what organisers and teams notice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.hackathons.commands import CreateHackathon, CreateTeam, EditProject, JoinTeam
from services.hackathons.domain import Phase
from services.hackathons.handlers_hackathons import create_hackathon
from services.hackathons.handlers_teams import create_team, edit_project, join_team
from services.hackathons.live import live_state
from shared.errors import DomainError
from tests.unit.hackathons_world import RUBRIC, World

PAGE = {"title": "Neu", "summary": "Kurz", "links": [], "open_data": True}


async def refused(code: str, action) -> DomainError:
    with pytest.raises(DomainError) as caught:
        await action
    assert caught.value.code == code, caught.value.detail
    return caught.value


async def test_a_rubric_with_two_criteria_of_one_name_is_refused():
    world = World()
    spec = {
        "title": "H",
        "rubric": [{"name": "Nutzen"}, {"name": "nutzen"}],
        "submission_deadline": datetime.now(UTC),
    }
    await refused("bad-rubric", create_hackathon(world.service, CreateHackathon(spec)))
    assert world.uow.published == []


async def test_phases_move_forward_only_and_twice_changes_nothing():
    world = World()
    hackathon = await world.hackathon()
    assert hackathon["rubric"] == [
        {"name": "Nutzen", "weight": 2.0},
        {"name": "Umsetzung", "weight": 1.0},
    ]
    await world.phase(hackathon, Phase.JUDGING)  # hacking may be skipped
    await world.phase(hackathon, Phase.JUDGING)
    error = await refused("invalid-transition", world.phase(hackathon, Phase.HACKING))
    assert error.extra["allowed"] == ["results"]
    assert world.kinds().count("hackathon.phase_changed") == 1


async def test_a_team_gets_an_invite_code_and_teammates_join_with_it():
    world = World()
    hackathon = await world.hackathon(max_team_size=2)
    team = await world.team(hackathon, "p:anna", "Die Datenfüchse")
    assert len(team["invite_code"]) == 8 and team["members"] == ["p:anna"]
    assert world.service.invite_url(team).endswith(f"?invite={team['invite_code']}")
    await refused(
        "wrong-invite-code", join_team(world.service, JoinTeam(team["_id"], "XXXX", "p:b"))
    )
    joined = await join_team(
        world.service, JoinTeam(team["_id"], team["invite_code"].lower(), "p:ben", "Ben")
    )
    assert joined["members"] == ["p:anna", "p:ben"] and joined["names"] == ["Ben"]
    again = await join_team(world.service, JoinTeam(team["_id"], "", "p:ben"))
    assert again["members"] == joined["members"]  # joining twice changes nothing
    await refused(
        "team-full", join_team(world.service, JoinTeam(team["_id"], team["invite_code"], "p:carla"))
    )


async def test_one_team_per_participant_and_hackathon():
    world = World()
    hackathon = await world.hackathon()
    first = await world.team(hackathon, "p:anna")
    other = await world.team(hackathon, "p:ben")
    command = CreateTeam(hackathon["_id"], hackathon["challenge_id"], "Zweites", "p:anna")
    await refused("already-in-team", create_team(world.service, command))
    await refused(
        "already-in-team",
        join_team(world.service, JoinTeam(other["_id"], other["invite_code"], "p:anna")),
    )
    assert await world.stores.teams.team_of(hackathon["_id"], "p:anna") == first["_id"]
    assert len(await world.stores.teams.of_hackathon(hackathon["_id"])) == 2


async def test_teams_form_only_before_judging_and_for_a_challenge_of_this_hackathon():
    world = World()
    hackathon = await world.hackathon()
    other = await world.hackathon()
    command = CreateTeam(hackathon["_id"], other["challenge_id"], "Falsch", "p:x")
    await refused("not-found", create_team(world.service, command))
    team = await world.team(hackathon, "p:anna")
    await world.phase(hackathon, Phase.JUDGING)
    command = CreateTeam(hackathon["_id"], hackathon["challenge_id"], "Spät", "p:y")
    await refused("wrong-phase", create_team(world.service, command))
    await refused(
        "wrong-phase", join_team(world.service, JoinTeam(team["_id"], team["invite_code"], "p:z"))
    )


async def test_only_members_edit_and_only_until_the_deadline():
    world = World()
    hackathon = await world.hackathon(deadline_in=timedelta(minutes=5))
    team = await world.team(hackathon, "p:anna", project=False)
    now = datetime.now(UTC)
    await refused(
        "not-a-member",
        edit_project(world.service, EditProject(team["_id"], "p:mallory", PAGE, now)),
    )
    edited = await edit_project(world.service, EditProject(team["_id"], "p:anna", PAGE, now))
    assert edited["project"]["title"] == "Neu"
    late = now + timedelta(minutes=5)
    await refused(
        "deadline-passed",
        edit_project(
            world.service, EditProject(team["_id"], "p:anna", {**PAGE, "title": "Spät"}, late)
        ),
    )
    stored = await world.stores.teams.get(team["_id"])
    assert stored["project"]["title"] == "Neu"  # nothing lost, nothing changed


async def test_the_live_state_shows_teams_and_counts_but_no_participant_ids():
    world = World()
    hackathon = await world.hackathon(target_groups=["Senior:innen"])
    await world.team(hackathon, "p:anna", "Alpha")
    await world.team(hackathon, "p:ben", "Beta", project=False)
    state = await live_state(world.service, await world.stores.hackathons.get(hackathon["_id"]))
    assert state["counts"] == {"teams": 2, "submitted": 1}
    assert state["hackathon"]["next_deadline"] == state["hackathon"]["submission_deadline"]
    assert state["hackathon"]["target_groups"] == ["Senior:innen"]
    assert state["results"] is None and state["audience"] is None
    assert "p:anna" not in repr(state) and "invite_code" not in repr(state)
    assert {"hackathon.created", "challenge.added", "team.created", "project.updated"} <= set(
        world.kinds()
    )
    assert RUBRIC[0]["name"] in repr(state)
