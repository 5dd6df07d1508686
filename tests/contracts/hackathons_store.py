"""The contract of the hackathons storage ports, run against the in-memory fakes (unit layer)
and against SecantusDB (integration layer): one suite per port, the same assertions. Hackathons
and challenges here, teams and score cards in hackathons_store_teams.py."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from pymongo.errors import DuplicateKeyError

from shared.unit_of_work import Transaction
from tests.contracts.hackathons_store_members import TeamMembersContract
from tests.contracts.hackathons_store_support import (
    T0,
    Backend,
    a_challenge,
    a_hackathon,
    fails_after,
    in_tx,
)
from tests.contracts.hackathons_store_teams import ScoreRepositoryContract, TeamRepositoryContract

__all__ = ["Backend", "HackathonsStoreContract"]

AT = T0 + timedelta(hours=1)


class HackathonRepositoryContract:
    """Subclasses provide the `backend` fixture."""

    async def test_an_added_hackathon_is_got_back_once(self, backend: Backend) -> None:
        hackathon = a_hackathon()
        await in_tx(backend, lambda tx: backend.hackathons.add(hackathon, tx))
        assert await backend.hackathons.get(hackathon["_id"]) == hackathon
        assert await backend.hackathons.get("no-such-hackathon") is None
        with pytest.raises(DuplicateKeyError):
            await in_tx(backend, lambda tx: backend.hackathons.add(hackathon, tx))

    async def test_a_work_reads_what_it_wrote(self, backend: Backend) -> None:
        hackathon = a_hackathon()

        async def add_and_read(tx: Transaction) -> Any:
            await backend.hackathons.add(hackathon, tx)
            return await backend.hackathons.get(hackathon["_id"], tx)

        assert await in_tx(backend, add_and_read) == hackathon

    async def test_newest_first(self, backend: Backend) -> None:
        for n in (1, 3, 2):
            made = a_hackathon(T0 + timedelta(minutes=n), f"H{n}")
            await in_tx(backend, lambda tx, h=made: backend.hackathons.add(h, tx))
        assert [h["title"] for h in await backend.hackathons.newest()] == ["H3", "H2", "H1"]
        assert [h["title"] for h in await backend.hackathons.newest(2)] == ["H3", "H2"]

    async def test_an_update_sets_the_changes_and_the_time(self, backend: Backend) -> None:
        hackathon = a_hackathon()
        await in_tx(backend, lambda tx: backend.hackathons.add(hackathon, tx))
        changes = {"phase": "hacking", "audience": {"poll_id": "p1", "result": None}}
        updated = await in_tx(
            backend, lambda tx: backend.hackathons.update(hackathon["_id"], changes, AT, tx)
        )
        assert updated == {**hackathon, **changes, "updated_at": AT}
        assert await backend.hackathons.get(hackathon["_id"]) == updated
        gone = await in_tx(backend, lambda tx: backend.hackathons.update("nope", changes, AT, tx))
        assert gone is None

    async def test_an_update_needs_the_values_one_saw(self, backend: Backend) -> None:
        hackathon = a_hackathon()
        await in_tx(backend, lambda tx: backend.hackathons.add(hackathon, tx))
        hid = hackathon["_id"]

        async def update(changes: dict[str, Any], expected: dict[str, Any]) -> Any:
            return await in_tx(
                backend,
                lambda tx: backend.hackathons.update(hid, changes, AT, tx, expected=expected),
            )

        moved = await update({"phase": "hacking"}, {"phase": "registration"})
        assert moved is not None and moved["phase"] == "hacking"
        assert await update({"phase": "judging"}, {"phase": "registration"}) is None
        audience = {"poll_id": "p1"}
        opened = await update({"audience": audience}, {"audience": None, "phase": "hacking"})
        assert opened is not None and opened["audience"] == audience
        assert await update({"audience": {"poll_id": "p2"}}, {"audience": None}) is None
        assert await update({"title": "Neu"}, {"phase": "hacking", "title": "Alt"}) is None
        assert await backend.hackathons.get(hid) == opened

    async def test_jurors_are_a_set_in_the_order_added(self, backend: Backend) -> None:
        hackathon = a_hackathon()
        await in_tx(backend, lambda tx: backend.hackathons.add(hackathon, tx))

        async def juror(name: str, present: bool, hid: str = hackathon["_id"]) -> Any:
            return await in_tx(
                backend, lambda tx: backend.hackathons.set_juror(hid, name, present, tx)
            )

        for name in ("anna", "ben", "cem", "anna"):
            after = await juror(name, True)
        assert after["jurors"] == ["anna", "ben", "cem"]
        assert (await juror("ben", False))["jurors"] == ["anna", "cem"]
        assert (await juror("ben", False))["jurors"] == ["anna", "cem"]
        assert (await juror("ben", True))["jurors"] == ["anna", "cem", "ben"]
        stored = await backend.hackathons.get(hackathon["_id"])
        assert stored == {**hackathon, "jurors": ["anna", "cem", "ben"]}
        assert await juror("anna", True, "no-such-hackathon") is None

    async def test_a_failed_work_changes_no_hackathon(self, backend: Backend) -> None:
        hackathon, other = a_hackathon(), a_hackathon()
        await in_tx(backend, lambda tx: backend.hackathons.add(hackathon, tx))
        hid = hackathon["_id"]
        await fails_after(backend, lambda tx: backend.hackathons.add(other, tx))
        await fails_after(
            backend, lambda tx: backend.hackathons.update(hid, {"phase": "hacking"}, AT, tx)
        )
        await fails_after(backend, lambda tx: backend.hackathons.set_juror(hid, "anna", True, tx))
        assert await backend.hackathons.get(other["_id"]) is None
        assert await backend.hackathons.get(hid) == hackathon

    async def test_copies_of_hackathons_do_not_change_the_store(self, backend: Backend) -> None:
        hackathon = a_hackathon()
        await in_tx(backend, lambda tx: backend.hackathons.add(hackathon, tx))
        kept = {**hackathon, "rubric": [dict(c) for c in hackathon["rubric"]]}
        hackathon["rubric"][0]["weight"] = 9.0
        (await backend.hackathons.get(kept["_id"]))["jurors"].append("mallory")
        (await backend.hackathons.newest())[0]["rubric"].clear()
        changes = {"audience": {"poll_id": "p1"}}
        updated = await in_tx(
            backend, lambda tx: backend.hackathons.update(kept["_id"], changes, T0, tx)
        )
        changes["audience"]["poll_id"] = "p2"
        updated["audience"]["poll_id"] = "p3"
        joined = await in_tx(
            backend, lambda tx: backend.hackathons.set_juror(kept["_id"], "anna", True, tx)
        )
        joined["jurors"].append("mallory")
        stored = await backend.hackathons.get(kept["_id"])
        assert stored == {**kept, "audience": {"poll_id": "p1"}, "jurors": ["anna"]}


class ChallengeRepositoryContract:
    """Subclasses provide the `backend` fixture."""

    async def test_an_added_challenge_is_got_back_once(self, backend: Backend) -> None:
        challenge = a_challenge()
        await in_tx(backend, lambda tx: backend.challenges.add(challenge, tx))
        assert await backend.challenges.get(challenge["_id"]) == challenge
        in_work = await in_tx(backend, lambda tx: backend.challenges.get(challenge["_id"], tx))
        assert in_work == challenge
        assert await backend.challenges.get("no-such-challenge") is None
        with pytest.raises(DuplicateKeyError):
            await in_tx(backend, lambda tx: backend.challenges.add(challenge, tx))

    async def test_a_hackathons_challenges_oldest_first(self, backend: Backend) -> None:
        made = [a_challenge("h1", T0 + timedelta(minutes=n), f"C{n}") for n in (2, 0, 1)]
        tied = [{**a_challenge("h1", T0, f"C0{s}"), "_id": f"tie-{s}"} for s in "ba"]
        for challenge in [*made, *tied, a_challenge("h2", T0, "elsewhere")]:
            await in_tx(backend, lambda tx, c=challenge: backend.challenges.add(c, tx))
        listed = await backend.challenges.of_hackathon("h1")
        # Same time: by _id (a hex id sorts before "tie-…").
        assert [c["title"] for c in listed] == ["C0", "C0a", "C0b", "C1", "C2"]
        assert await backend.challenges.of_hackathon("h3") == []

    async def test_a_failed_work_adds_no_challenge(self, backend: Backend) -> None:
        challenge = a_challenge()
        await fails_after(backend, lambda tx: backend.challenges.add(challenge, tx))
        assert await backend.challenges.get(challenge["_id"]) is None
        assert await backend.challenges.of_hackathon("h1") == []

    async def test_copies_of_challenges_do_not_change_the_store(self, backend: Backend) -> None:
        challenge = a_challenge()
        await in_tx(backend, lambda tx: backend.challenges.add(challenge, tx))
        kept = dict(challenge)
        challenge["title"] = "changed after adding"
        (await backend.challenges.get(kept["_id"]))["title"] = "changed after reading"
        (await backend.challenges.of_hackathon("h1"))[0]["title"] = "changed in the list"
        assert await backend.challenges.get(kept["_id"]) == kept


class HackathonsStoreContract(
    HackathonRepositoryContract,
    ChallengeRepositoryContract,
    TeamRepositoryContract,
    TeamMembersContract,
    ScoreRepositoryContract,
):
    """All four ports' contracts at once."""
