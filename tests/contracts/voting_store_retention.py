"""The contract of the voting storage ports, part three: what retention needs (sessions ended
before a moment and not yet purged; deleting a session's members and its polls' votes). Run
beside voting_store.py's suites against the fakes and against SecantusDB."""

from __future__ import annotations

from tests.contracts.voting_store import VotingBackend, at, run, session_doc, vote_doc


class RetentionContract:
    """Subclasses provide the `backend` fixture."""

    async def test_sessions_ended_before_a_moment_and_not_yet_purged(
        self, backend: VotingBackend
    ) -> None:
        sessions = [
            session_doc("old", "AAAAAA", ended_at=at(10)),
            session_doc("purged", "BBBBBB", ended_at=at(5), votes_purged_at=at(50)),
            session_doc("recent", "CCCCCC", ended_at=at(100)),
            session_doc("running", "DDDDDD"),
        ]
        for doc in sessions:
            await run(backend, lambda tx, d=doc: backend.sessions.add(d, tx))
        found = await backend.sessions.ended_unpurged(at(60))
        assert [s["_id"] for s in found] == ["old"]

    async def test_a_sessions_members_and_its_polls_votes_are_purged_and_no_others(
        self, backend: VotingBackend
    ) -> None:
        for sid, who in (("s1", "anna"), ("s1", "ben"), ("s2", "anna")):
            await run(backend, lambda tx, s=sid, w=who: backend.members.add(s, w, at(1), tx))
        docs = [
            vote_doc("p1", "anna", "o1"),
            vote_doc("p1", "ben", "o2", round=1),
            vote_doc("p2", "anna", "o1"),
        ]
        await run(backend, lambda tx: backend.votes.write([(d, None) for d in docs], tx))
        assert await run(backend, lambda tx: backend.members.purge("s1", tx)) == 2
        assert await run(backend, lambda tx: backend.votes.purge(["p1"], tx)) == 2
        assert await backend.members.count("s1") == 0
        assert await backend.members.count("s2") == 1
        assert await backend.votes.of_participants(["ben"]) == []
        assert [v["poll_id"] for v in await backend.votes.of_participants(["anna"])] == ["p2"]
