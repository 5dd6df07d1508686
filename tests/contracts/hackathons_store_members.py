"""The contract of the hackathons storage ports, part three: a participant's teams across
hackathons (their own data, DSGVO Art. 15). Collected with the rest in hackathons_store.py."""

from __future__ import annotations

from datetime import timedelta

from tests.contracts.hackathons_store_support import T0, Backend, a_card, a_team, in_tx


class TeamMembersContract:
    """Subclasses provide the `backend` fixture."""

    async def test_a_members_teams_in_every_hackathon_and_no_one_elses(
        self, backend: Backend
    ) -> None:
        first = a_team("h1", T0 + timedelta(minutes=5), member="p:1")
        second = a_team("h2", T0, member="p:2")
        other = a_team("h3", T0, member="p:3")
        for team in (first, second, other):
            await in_tx(backend, lambda tx, t=team: backend.teams.add(t, tx))
        joined = await in_tx(backend, lambda tx: backend.teams.add_member(second, "p:1", None, tx))
        assert [t["_id"] for t in await backend.teams.of_member("p:1")] == [
            second["_id"],
            first["_id"],
        ]
        assert await backend.teams.of_member("p:1") == [joined, first]
        assert await backend.teams.of_member("p:4") == []

    async def test_a_member_leaves_with_their_names_and_membership(self, backend: Backend) -> None:
        team = a_team("h1", T0, member="p:1")  # "Ada", typed by p:1
        await in_tx(backend, lambda tx: backend.teams.add(team, tx))
        for who in ("p:1", "p:2"):
            await in_tx(
                backend, lambda tx, w=who: backend.teams.claim_membership("h1", w, team["_id"], tx)
            )
        joined = await in_tx(backend, lambda tx: backend.teams.add_member(team, "p:2", "Ben", tx))
        # Read before Ben joined: someone changed the team meanwhile, nothing is changed.
        assert await in_tx(backend, lambda tx: backend.teams.leave(team, "p:1", tx)) is None
        after = await in_tx(backend, lambda tx: backend.teams.leave(joined, "p:1", tx))
        assert (after["members"], after["names"]) == (["p:2"], ["Ben"])
        assert await backend.teams.team_of("h1", "p:1") is None
        assert await backend.teams.team_of("h1", "p:2") == team["_id"]

    async def test_a_removed_team_and_its_cards_are_gone(self, backend: Backend) -> None:
        gone, stays = a_team("h1", T0, code="AAAA"), a_team("h1", T0, code="BBBB")
        for team in (gone, stays):
            await in_tx(backend, lambda tx, t=team: backend.teams.add(t, tx))
        for card in (a_card(gone["_id"], "j1"), a_card(gone["_id"], "j2"), a_card(stays["_id"])):
            await in_tx(backend, lambda tx, c=card: backend.scores.put(c, tx))
        await in_tx(backend, lambda tx: backend.teams.remove(gone["_id"], tx))
        await in_tx(backend, lambda tx: backend.scores.remove_of_team(gone["_id"], tx))
        assert [t["_id"] for t in await backend.teams.of_hackathon("h1")] == [stays["_id"]]
        cards = await backend.scores.of_hackathon("h1")
        assert [c["team_id"] for c in cards] == [stays["_id"]]
