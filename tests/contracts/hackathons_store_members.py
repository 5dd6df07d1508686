"""The contract of the hackathons storage ports, part three: a participant's teams across
hackathons (their own data, DSGVO Art. 15). Collected with the rest in hackathons_store.py."""

from __future__ import annotations

from datetime import timedelta

from tests.contracts.hackathons_store_support import T0, Backend, a_team, in_tx


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
