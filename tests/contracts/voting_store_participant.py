"""The contract of the voting storage ports, part two: what is stored of one participant (their
own data, DSGVO Art. 15), across sessions, polls and rounds, and nothing of anyone else. Run
beside voting_store.py's suites against the fakes and against SecantusDB."""

from __future__ import annotations

import pytest

from services.voting.ports import VersionConflict
from tests.contracts.voting_store import VotingBackend, at, run, session_doc, vote_doc


class MemberStoreOfParticipantContract:
    """Subclasses provide the `backend` fixture."""

    async def test_a_participants_sessions_earliest_join_first(
        self, backend: VotingBackend
    ) -> None:
        # "ann" is a prefix of "anna": a key matched by its beginning would mix them up.
        for sid, who, when in (("s1", "anna", 5), ("s2", "anna", 1), ("s1", "ann", 2)):
            await run(
                backend, lambda tx, s=sid, w=who, t=when: backend.members.add(s, w, at(t), tx)
            )
        mine = await backend.members.of_participants(["anna"])
        assert [(m["session_id"], m["participant"], m["joined_at"]) for m in mine] == [
            ("s2", "anna", at(1)),
            ("s1", "anna", at(5)),
        ]
        assert [m["session_id"] for m in await backend.members.of_participants(["ann"])] == ["s1"]
        assert await backend.members.of_participants(["nobody"]) == []

    async def test_a_member_taken_back_is_no_longer_listed(self, backend: VotingBackend) -> None:
        await run(backend, lambda tx: backend.members.add("s1", "anna", at(1), tx))
        await run(backend, lambda tx: backend.members.add("s2", "anna", at(2), tx))
        await run(backend, lambda tx: backend.members.remove("s1", "anna", tx))
        assert [m["session_id"] for m in await backend.members.of_participants(["anna"])] == ["s2"]


class VoteStoreOfParticipantContract:
    """Subclasses provide the `backend` fixture."""

    async def test_a_participants_votes_in_every_poll_and_round(
        self, backend: VotingBackend
    ) -> None:
        first = vote_doc("p2", "anna", "o1", updated_at=at(2))
        before_reset = vote_doc("p1", "anna", "o1", updated_at=at(4))
        after_reset = vote_doc("p1", "anna", "o2", round=1, updated_at=at(10))
        others = [vote_doc("p1", "ann", "o2", updated_at=at(3)), vote_doc("p2", "ben", "o1")]
        docs = [after_reset, first, before_reset, *others]
        await run(backend, lambda tx: backend.votes.write([(d, None) for d in docs], tx))
        assert await backend.votes.of_participants(["anna"]) == [first, before_reset, after_reset]
        assert await backend.votes.of_participants(["ann"]) == [others[0]]
        assert await backend.votes.of_participants(["nobody"]) == []

    async def test_a_changed_vote_is_listed_once_as_it_is_now(self, backend: VotingBackend) -> None:
        first = vote_doc("p1", "anna", "o1", updated_at=at(1))
        other = vote_doc("p2", "anna", "o1", updated_at=at(5))
        await run(backend, lambda tx: backend.votes.write([(first, None), (other, None)], tx))
        changed = first | {"choice": "o2", "version": 2, "updated_at": at(9)}
        await run(backend, lambda tx: backend.votes.write([(changed, first)], tx))
        assert await backend.votes.of_participants(["anna"]) == [other, changed]

    async def test_erasing_deletes_the_votes_at_the_version_read(
        self, backend: VotingBackend
    ) -> None:
        mine = [vote_doc("p1", "anna", "o1"), vote_doc("p2", "anna", "o2")]
        other = vote_doc("p1", "ben", "o2")
        await run(backend, lambda tx: backend.votes.write([(d, None) for d in [*mine, other]], tx))
        changed = mine[1] | {"choice": "o1", "version": 2, "updated_at": at(5)}
        await run(backend, lambda tx: backend.votes.write([(changed, mine[1])], tx))
        # The second vote changed after it was read: nothing is erased, not even the first.
        with pytest.raises(VersionConflict):
            await run(backend, lambda tx: backend.votes.erase(mine, tx))
        assert len(await backend.votes.of_participants(["anna"])) == 2
        await run(backend, lambda tx: backend.votes.erase([mine[0], changed], tx))
        assert await backend.votes.of_participants(["anna"]) == []
        assert await backend.votes.voters("p1", 0) == {"ben"}

    async def test_one_devices_ids_together_and_every_session_id(
        self, backend: VotingBackend
    ) -> None:
        for doc in (session_doc("s1", "AAAAAA"), session_doc("s2", "BBBBBB")):
            await run(backend, lambda tx, d=doc: backend.sessions.add(d, tx))
        assert sorted(await backend.sessions.ids()) == ["s1", "s2"]
        docs = [
            vote_doc("p1", "w:a1", "o1"),
            vote_doc("p2", "w:a2", "o2"),
            vote_doc("p1", "x", "o1"),
        ]
        await run(backend, lambda tx: backend.votes.write([(d, None) for d in docs], tx))
        mine = await backend.votes.of_participants(["w:a1", "w:a2", "w:never"])
        assert sorted(v["participant"] for v in mine) == ["w:a1", "w:a2"]
        for sid, who in (("s1", "w:a1"), ("s2", "w:a2"), ("s1", "x")):
            await run(backend, lambda tx, s=sid, w=who: backend.members.add(s, w, at(1), tx))
        members = await backend.members.of_participants(["w:a1", "w:a2"])
        assert sorted(m["session_id"] for m in members) == ["s1", "s2"]
