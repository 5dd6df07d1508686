"""The contract of the hackathons storage ports, part two: teams (with invite codes and
memberships) and jurors' score cards. Collected with the rest in hackathons_store.py."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from pymongo.errors import DuplicateKeyError

from shared.unit_of_work import Transaction
from tests.contracts.hackathons_store_support import (
    T0,
    Backend,
    a_card,
    a_team,
    fails_after,
    in_tx,
    without_id,
)

AT = T0 + timedelta(hours=1)


class TeamRepositoryContract:
    """Subclasses provide the `backend` fixture."""

    async def test_a_team_is_found_by_id_and_by_code(self, backend: Backend) -> None:
        team = a_team()
        await in_tx(backend, lambda tx: backend.teams.add(team, tx))
        assert await backend.teams.get(team["_id"]) == team
        assert await in_tx(backend, lambda tx: backend.teams.get(team["_id"], tx)) == team
        assert await backend.teams.by_code(team["invite_code"]) == team
        assert await backend.teams.get("no-such-team") is None
        assert await backend.teams.by_code("00000000") is None  # 0 is never in a code
        with pytest.raises(DuplicateKeyError):
            await in_tx(backend, lambda tx: backend.teams.add({**team, "invite_code": "X"}, tx))

    async def test_a_taken_invite_code_is_refused(self, backend: Backend) -> None:
        first, second = a_team(code="ABCD2345"), a_team(code="ABCD2345", member="p:2")
        await in_tx(backend, lambda tx: backend.teams.add(first, tx))
        with pytest.raises(DuplicateKeyError):
            await in_tx(backend, lambda tx: backend.teams.add(second, tx))
        assert await backend.teams.get(second["_id"]) is None
        assert [t["_id"] for t in await backend.teams.of_hackathon("h1")] == [first["_id"]]

    async def test_a_hackathons_teams_oldest_first(self, backend: Backend) -> None:
        made = [a_team("h1", T0 + timedelta(minutes=n)) for n in (2, 0, 1)]
        for team in [*made, a_team("h2")]:
            await in_tx(backend, lambda tx, t=team: backend.teams.add(t, tx))
        listed = await backend.teams.of_hackathon("h1")
        assert [t["_id"] for t in listed] == [made[1]["_id"], made[2]["_id"], made[0]["_id"]]
        assert await backend.teams.of_hackathon("h3") == []

    async def test_one_team_per_participant_and_hackathon(self, backend: Backend) -> None:
        async def claim(hackathon_id: str, member: str, team_id: str) -> None:
            await in_tx(
                backend,
                lambda tx: backend.teams.claim_membership(hackathon_id, member, team_id, tx),
            )

        await claim("h1", "p:1", "t1")
        for team_id in ("t1", "t2"):
            with pytest.raises(DuplicateKeyError):
                await claim("h1", "p:1", team_id)
        await claim("h2", "p:1", "t3")
        await claim("h1", "p:2", "t1")
        assert await backend.teams.team_of("h1", "p:1") == "t1"
        assert await backend.teams.team_of("h2", "p:1") == "t3"
        assert await backend.teams.team_of("h1", "p:2") == "t1"
        assert await backend.teams.team_of("h1", "p:3") is None
        assert await backend.teams.team_of("h3", "p:1") is None

    async def test_a_refused_claim_undoes_its_work(self, backend: Backend) -> None:
        async def claim_twice(tx: Transaction) -> None:
            await backend.teams.claim_membership("h1", "p:1", "t1", tx)
            await backend.teams.claim_membership("h1", "p:1", "t2", tx)

        with pytest.raises(DuplicateKeyError):
            await in_tx(backend, claim_twice)
        assert await backend.teams.team_of("h1", "p:1") is None

    async def test_a_member_joins_the_team_as_read(self, backend: Backend) -> None:
        team = a_team()
        await in_tx(backend, lambda tx: backend.teams.add(team, tx))

        async def join(seen: dict[str, Any], member: str, name: str | None) -> Any:
            return await in_tx(backend, lambda tx: backend.teams.add_member(seen, member, name, tx))

        joined = await join(team, "p:2", "Grace")
        assert joined == {
            **team,
            "members": ["p:1", "p:2"],
            "names": ["Ada", "Grace"],
            "names_by": ["p:1", "p:2"],  # who typed each name: it leaves with them
        }
        assert await join(team, "p:3", "Linus") is None  # p:2 joined since `team` was read
        quiet = await join(joined, "p:3", None)
        assert quiet == {**joined, "members": ["p:1", "p:2", "p:3"]}
        assert await backend.teams.get(team["_id"]) == quiet
        assert await join({**team, "_id": "no-such-team"}, "p:4", "Anna") is None

    async def test_the_project_page_is_replaced(self, backend: Backend) -> None:
        team = a_team()
        await in_tx(backend, lambda tx: backend.teams.add(team, tx))

        async def set_project(project: dict[str, Any], at: Any, team_id: str = team["_id"]) -> Any:
            return await in_tx(
                backend, lambda tx: backend.teams.set_project(team_id, project, at, tx)
            )

        first = {"title": "Radweg-Radar", "summary": "Karte", "links": ["https://a.example"]}
        assert await set_project(first, AT) == {**team, "project": first, "updated_at": AT}
        later = AT + timedelta(minutes=5)
        second = {"title": "Radweg-Radar 2"}
        replaced = await set_project(second, later)
        assert replaced == {**team, "project": second, "updated_at": later}
        assert await backend.teams.get(team["_id"]) == replaced
        assert await set_project(first, AT, "no-such-team") is None

    async def test_a_failed_work_changes_no_team(self, backend: Backend) -> None:
        team, other = a_team(), a_team(member="p:2")
        await in_tx(backend, lambda tx: backend.teams.add(team, tx))
        await fails_after(backend, lambda tx: backend.teams.add(other, tx))
        await fails_after(backend, lambda tx: backend.teams.claim_membership("h1", "p:2", "t", tx))
        await fails_after(backend, lambda tx: backend.teams.add_member(team, "p:2", "Grace", tx))
        await fails_after(
            backend, lambda tx: backend.teams.set_project(team["_id"], {"title": "X"}, AT, tx)
        )
        assert await backend.teams.get(other["_id"]) is None
        assert await backend.teams.by_code(other["invite_code"]) is None
        assert await backend.teams.team_of("h1", "p:2") is None
        assert await backend.teams.get(team["_id"]) == team

    async def test_copies_of_teams_do_not_change_the_store(self, backend: Backend) -> None:
        team = a_team()
        await in_tx(backend, lambda tx: backend.teams.add(team, tx))
        kept = {**team, "members": list(team["members"]), "names": list(team["names"])}
        team["members"].append("p:9")
        (await backend.teams.get(kept["_id"]))["names"].append("Mallory")
        (await backend.teams.by_code(kept["invite_code"]))["members"].clear()
        (await backend.teams.of_hackathon("h1"))[0]["members"].append("p:8")
        project = {"title": "Radweg-Radar", "links": ["https://a.example"]}
        shown = await in_tx(
            backend, lambda tx: backend.teams.set_project(kept["_id"], project, AT, tx)
        )
        project["links"].append("https://changed.example")
        shown["project"]["title"] = "changed"
        joined = await in_tx(backend, lambda tx: backend.teams.add_member(kept, "p:2", None, tx))
        joined["members"].append("p:7")
        project = {"title": "Radweg-Radar", "links": ["https://a.example"]}
        stored = {**kept, "members": ["p:1", "p:2"], "project": project, "updated_at": AT}
        assert await backend.teams.get(kept["_id"]) == stored


class ScoreRepositoryContract:
    """Subclasses provide the `backend` fixture."""

    async def test_a_jurors_card_is_replaced_when_given_again(self, backend: Backend) -> None:
        card = a_card(idea=2.0)
        await in_tx(backend, lambda tx: backend.scores.put(card, tx))
        assert without_id(await backend.scores.of_juror("h1", "j1")) == [card]
        again = {**a_card(idea=5.0), "note": "", "conflict": True, "updated_at": AT}
        await in_tx(backend, lambda tx: backend.scores.put(again, tx))
        assert without_id(await backend.scores.of_hackathon("h1")) == [again]
        (read,) = await backend.scores.of_juror("h1", "j1")  # as read back, with its _id
        last = {**read, "scores": {"Idee": 1.0, "Umsetzung": 1.0}}
        await in_tx(backend, lambda tx: backend.scores.put(last, tx))
        assert await backend.scores.of_hackathon("h1") == [last]

    async def test_cards_by_hackathon_and_by_juror(self, backend: Backend) -> None:
        cards = [a_card("t1"), a_card("t2"), a_card("t1", "j2"), a_card("t3", "j1", "h2")]
        for card in cards:
            await in_tx(backend, lambda tx, c=card: backend.scores.put(c, tx))
        assert without_id(await backend.scores.of_hackathon("h1")) == without_id(cards[:3])
        assert without_id(await backend.scores.of_juror("h1", "j1")) == cards[:2]
        assert without_id(await backend.scores.of_juror("h1", "j2")) == [cards[2]]
        assert without_id(await backend.scores.of_juror("h2", "j1")) == [cards[3]]
        assert await backend.scores.of_juror("h1", "j3") == []
        assert await backend.scores.of_hackathon("h3") == []

    async def test_a_failed_work_stores_no_card(self, backend: Backend) -> None:
        card = a_card(idea=2.0)
        await in_tx(backend, lambda tx: backend.scores.put(card, tx))
        await fails_after(backend, lambda tx: backend.scores.put(a_card(idea=5.0), tx))
        await fails_after(backend, lambda tx: backend.scores.put(a_card("t2"), tx))
        assert without_id(await backend.scores.of_hackathon("h1")) == [card]

    async def test_copies_of_cards_do_not_change_the_store(self, backend: Backend) -> None:
        card = a_card()
        await in_tx(backend, lambda tx: backend.scores.put(card, tx))
        kept = {**card, "scores": dict(card["scores"])}
        card["scores"]["Idee"] = 0.0
        (await backend.scores.of_hackathon("h1"))[0]["scores"]["Umsetzung"] = 0.0
        (await backend.scores.of_juror("h1", "j1"))[0]["note"] = "changed"
        assert without_id(await backend.scores.of_juror("h1", "j1")) == [kept]
