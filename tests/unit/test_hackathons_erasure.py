"""A participant's data erased from the hackathons service, on fakes: they leave their teams
with the names they typed; a team left empty goes with its project and the jury's cards."""

from __future__ import annotations

from services.hackathons.commands import AssignJuror, JoinTeam
from services.hackathons.domain import Phase
from services.hackathons.handlers_erasure import erase_participant
from services.hackathons.handlers_jury import assign_juror
from services.hackathons.handlers_teams import join_team
from tests.unit.hackathons_world import World


async def test_erasing_leaves_shared_teams_and_deletes_ones_left_empty() -> None:
    world = World("jurorin")
    hackathon = await world.hackathon()
    shared = await world.team(hackathon, "p:anna", "Radler")
    await join_team(world.service, JoinTeam(shared["_id"], shared["invite_code"], "p:ben", "Ben"))
    await join_team(world.service, JoinTeam(shared["_id"], shared["invite_code"], "p:al", "Al"))
    other = await world.hackathon(title="Zweiter Hackday")
    alone = await world.team(other, "p:anna", "Solo")
    await world.phase(other, Phase.HACKING)
    await world.phase(other, Phase.JUDGING)
    await assign_juror(world.service, AssignJuror(other["_id"], "jurorin"))
    await world.score(alone, "jurorin", 5, 4)

    assert await erase_participant(world.service, "p:al") == 1
    assert await erase_participant(world.service, "p:anna") == 2

    after = await world.stores.teams.get(shared["_id"])
    assert after is not None and after["members"] == ["p:ben"]
    assert after["names"] == ["Ben"]  # Al's typed name went with him
    assert after["project"]["title"] == "Projekt Radler"  # the team's work stays with Ben
    assert await world.stores.teams.team_of(hackathon["_id"], "p:anna") is None
    assert await world.stores.teams.get(alone["_id"]) is None
    assert await world.stores.scores.of_hackathon(other["_id"]) == []
    assert await world.stores.teams.of_member("p:anna") == []
    assert world.kinds()[-3:] == ["team.left", "team.left", "team.removed"]
    assert await erase_participant(world.service, "p:anna") == 0
