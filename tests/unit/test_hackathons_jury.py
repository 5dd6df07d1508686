"""Jurors, blind scores, conflicts, the audience vote and the reveal, on fakes."""

from __future__ import annotations

import pytest

from services.hackathons import leaderboard
from services.hackathons.commands import (
    AssignJuror,
    DeclareConflict,
    RemoveJuror,
    StartAudienceVote,
)
from services.hackathons.domain import Phase
from services.hackathons.handlers_audience import start_audience_vote
from services.hackathons.handlers_jury import assign_juror, declare_conflict, remove_juror
from services.hackathons.live import live_state
from shared.errors import DomainError
from shared.problems import Problem
from tests.unit.hackathons_world import World


async def refused(code: str, action) -> None:
    with pytest.raises(DomainError) as caught:
        await action
    assert caught.value.code == code, caught.value.detail


async def judging_world(*jurors: str, teams: int = 3):
    world = World(*jurors, "spare")
    hackathon = await world.hackathon()
    made = [await world.team(hackathon, f"p:{n}") for n in range(teams)]
    for name in jurors:
        await assign_juror(world.service, AssignJuror(hackathon["_id"], name))
    await world.phase(hackathon, Phase.JUDGING)
    return world, hackathon, made


async def test_only_jury_accounts_become_jurors_once():
    world = World("jana")
    hackathon = await world.hackathon()
    await refused(
        "not-a-jury-account", assign_juror(world.service, AssignJuror(hackathon["_id"], "max"))
    )
    await assign_juror(world.service, AssignJuror(hackathon["_id"], "jana"))
    again = await assign_juror(world.service, AssignJuror(hackathon["_id"], "jana"))
    assert again["jurors"] == ["jana"]
    gone = await remove_juror(world.service, RemoveJuror(hackathon["_id"], "jana"))
    assert gone["jurors"] == []
    assert world.kinds().count("juror.assigned") == 1 and "juror.removed" in world.kinds()


async def test_scores_need_a_juror_of_this_hackathon_in_judging_and_a_submitted_project():
    world, hackathon, teams = await judging_world("jana")
    await refused("not-a-juror", world.score(teams[0], "spare", 3, 3))
    draft = await world.team(await world.hackathon(), "p:late", project=False)
    await refused("not-a-juror", world.score(draft, "jana", 3, 3))
    await refused("bad-scores", world.score(teams[0], "jana", 6, 3))
    await world.phase(hackathon, Phase.RESULTS)
    await refused("wrong-phase", world.score(teams[0], "jana", 3, 3))


async def test_scores_are_replaced_and_events_do_not_tell_them():
    world, hackathon, teams = await judging_world("jana")
    await world.score(teams[0], "jana", 2, 2)
    await world.score(teams[0], "jana", 5, 4)
    cards = await world.stores.scores.of_juror(hackathon["_id"], "jana")
    assert [c["scores"] for c in cards] == [{"Nutzen": 5, "Umsetzung": 4}]
    given = [e for _t, _k, e in world.uow.published if e.type.endswith("score.given")]
    assert len(given) == 2 and all("scores" not in e.data for e in given)


async def test_a_conflict_drops_the_jurors_scores_of_that_project():
    world, hackathon, teams = await judging_world("jana", "olaf")
    for juror in ("jana", "olaf"):
        for n, team in enumerate(teams):
            await world.score(team, juror, 5 - n, 5 - n)
    await declare_conflict(world.service, DeclareConflict(teams[0]["_id"], "olaf", True))
    board = await leaderboard.board(world.service, await world.service.hackathon(hackathon["_id"]))
    first = next(r for r in board["ranking"] if r["team_id"] == teams[0]["_id"])
    assert first["jurors"] == 1 and first["rank"] == 1


async def test_a_juror_taken_off_the_jury_no_longer_counts():
    world, hackathon, teams = await judging_world("jana", "olaf")
    await world.score(teams[0], "jana", 5, 5)
    await world.score(teams[1], "jana", 1, 1)
    await world.score(teams[0], "olaf", 1, 1)
    await world.score(teams[1], "olaf", 5, 5)
    await remove_juror(world.service, RemoveJuror(hackathon["_id"], "olaf"))
    board = await leaderboard.board(world.service, await world.service.hackathon(hackathon["_id"]))
    assert board["ranking"][0]["team_id"] == teams[0]["_id"]
    assert board["ranking"][0]["jurors"] == 1
    assert "z-scores" in board["method"] and "z-Werte" in board["method_de"]


async def test_the_audience_vote_is_made_once_and_its_result_kept_at_the_reveal():
    world, hackathon, teams = await judging_world("jana")
    command = StartAudienceVote(hackathon["_id"], "staff-token")
    audience, made = await start_audience_vote(world.service, command)
    assert made and set(audience["team_ids"]) == {t["_id"] for t in teams}
    again, made_again = await start_audience_vote(world.service, command)
    assert not made_again and again["poll_id"] == audience["poll_id"]
    assert len(world.voting.polls) == 1
    options, team_ids = audience["option_ids"], audience["team_ids"]
    world.voting.polls[audience["poll_id"]]["votes"].update({options[2]: 4, options[0]: 1})
    await world.phase(hackathon, Phase.RESULTS)
    kept = (await world.service.hackathon(hackathon["_id"]))["audience"]["result"]
    votes = {team_ids[0]: 1, team_ids[1]: 0, team_ids[2]: 4}
    assert kept == {"status": "revealed", "voters": 5, "votes": votes}
    state = await live_state(world.service, await world.service.hackathon(hackathon["_id"]))
    ranking = state["results"]["audience"]["ranking"]
    assert [(r["team_id"], r["votes"], r["rank"]) for r in ranking] == [
        (team_ids[2], 4, 1),
        (team_ids[0], 1, 2),
        (team_ids[1], 0, 3),
    ]
    assert "results.revealed" in world.kinds()


async def test_when_voting_does_not_answer_the_reveal_waits_and_nothing_changes():
    world, hackathon, _teams = await judging_world("jana")
    await start_audience_vote(world.service, StartAudienceVote(hackathon["_id"], "t"))
    world.voting.down = True
    with pytest.raises(Problem) as caught:
        await world.phase(hackathon, Phase.RESULTS)
    assert caught.value.status == 503
    assert (await world.service.hackathon(hackathon["_id"]))["phase"] == "judging"


async def test_an_audience_vote_needs_projects_and_the_judging_phase():
    world = World()
    hackathon = await world.hackathon()
    command = StartAudienceVote(hackathon["_id"], "t")
    await refused("wrong-phase", start_audience_vote(world.service, command))
    await world.team(hackathon, "p:solo")
    await world.phase(hackathon, Phase.JUDGING)
    # One project is no choice (and the voting service wants 2 to 12 options).
    await refused("no-projects", start_audience_vote(world.service, command))
    assert world.voting.polls == {}
