"""What the HTTP edge reads: sessions, polls, a participant's own vote, results, and how a
session looks to phones and screens. Reads change nothing, so they take no unit of work."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from services.voting import views
from services.voting.domain import not_found, now_ms
from services.voting.ports import (
    Doc,
    MemberStore,
    PollStore,
    SessionStore,
    TallyReader,
    VoteStore,
)
from services.voting.ttl_cache import TtlCache


class VotingQueries:
    """Reads through the storage ports; join codes through this instance's short cache."""

    def __init__(
        self,
        sessions: SessionStore,
        polls: PollStore,
        votes: VoteStore,
        tallies: TallyReader,
        *,
        members: MemberStore,
        public_url: str,
        codes: TtlCache[str, Doc],
    ) -> None:
        self.sessions = sessions
        self.polls = polls
        self.votes = votes
        self.members = members
        self.tallies = tallies
        self.public_url = public_url
        self.codes = codes

    async def session(self, session_id: str) -> Doc:
        """The session, or the not-found refusal."""
        session = await self.sessions.get(session_id)
        if session is None:
            raise not_found("session")
        return session

    async def current_poll(self, session: Doc) -> Doc | None:
        """The poll the session shows, if any."""
        poll_id = session.get("current_poll")
        return await self.polls.get(poll_id) if poll_id else None

    async def newest_sessions(self, limit: int = 100) -> list[Doc]:
        """The latest sessions, newest first."""
        return await self.sessions.newest(limit)

    async def resolve_code(self, code: str) -> Doc | None:
        """The session of a join code (ended, locked or open), or None for an unknown code.
        Cached about a second: a lock or an end reaches every instance within that."""
        session = self.codes.get(code)
        if session is None:
            session = await self.sessions.by_code(code)
            if session is not None:
                self.codes.put(code, session)
        return session

    async def poll(self, poll_id: str) -> Doc:
        """The poll, or the not-found refusal."""
        poll = await self.polls.get(poll_id)
        if poll is None:
            raise not_found("poll")
        return poll

    async def polls_of(self, session_id: str) -> list[Doc]:
        """The session's polls in their order."""
        return await self.polls.of_session(session_id)

    async def my_vote(
        self, poll_id: str, participant_in: Callable[[str], str]
    ) -> tuple[Doc, Doc | None]:
        """The poll and the participant's vote in its current round (None before voting);
        `participant_in(session_id)`: their id in the poll's session (pseudonyms.py)."""
        poll = await self.poll(poll_id)
        participant = participant_in(poll["session_id"])
        return poll, await self.votes.mine(poll_id, poll["round"], participant)

    async def results(self, poll_id: str) -> tuple[Doc, Doc | None]:
        """The poll and the tally of its current round (None before its first vote)."""
        poll = await self.poll(poll_id)
        return poll, await self.tallies.tally(poll_id, poll["round"])

    async def participant_data(self, participants: list[str]) -> dict[str, Any]:
        """Everything stored tied to one device's ids (its pseudonyms, views.participant_view):
        the sessions it joined and its votes in every poll and round, with the titles and
        questions it was shown. There are no survey responses here: there are no surveys yet."""
        members, votes = await asyncio.gather(
            self.members.of_participants(participants), self.votes.of_participants(participants)
        )
        # One read per distinct session and poll: a participant's own data is small.
        session_ids = sorted({m["session_id"] for m in members})
        poll_ids = sorted({v["poll_id"] for v in votes})
        sessions = await asyncio.gather(*(self.sessions.get(s) for s in session_ids))
        polls = await asyncio.gather(*(self.polls.get(p) for p in poll_ids))
        return views.participant_view(
            members,
            votes,
            dict(zip(session_ids, sessions, strict=True)),
            dict(zip(poll_ids, polls, strict=True)),
        )

    def session_view(self, session: Doc, poll: Doc | None) -> dict[str, Any]:
        """The session as its channel and its answers show it (without the counts)."""
        return views.session_view(session, poll, self.public_url, now_ms())
