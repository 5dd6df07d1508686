"""The voting service in memory: its handlers, queries and group commit over the fakes, with the
fake unit of work (what it would publish) and the live state phones and screens would be shown.
For handler tests without servers, and for trying a command out."""

from __future__ import annotations

import asyncio
import contextlib
import copy
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from types import TracebackType

from services.voting.fake_polls import FakePollStore, FakeVoteStore
from services.voting.fake_sessions import (
    FakeDocs,
    FakeMemberStore,
    FakeSessionStore,
)
from services.voting.groupcommit import VoteCommitter
from services.voting.handlers import VotingDeps, VotingHandlers
from services.voting.ports import Doc
from services.voting.queries import VotingQueries
from services.voting.ttl_cache import TtlCache
from services.voting.vote_rules import tally_id
from shared.events import CloudEvent
from shared.unit_of_work import FakeUnitOfWork

EVENTS, VOTES = "voting.events", "voting.votes"


class FakeTallies(FakeDocs):
    """TallyReader in memory; `put` stands in for the tally worker."""

    async def tally(self, poll_id: str, round_: int) -> Doc | None:
        """See TallyReader.tally."""
        return self._get(tally_id(poll_id, round_))

    def put(self, poll_id: str, round_: int, counts: dict[str, int], voters: int) -> None:
        """Store a tally as the tally worker would."""
        key = tally_id(poll_id, round_)
        doc = {"poll_id": poll_id, "round": round_, "counts": dict(counts), "voters": voters}
        self.docs[key] = {"_id": key, **doc}


class RecordingLive:
    """LiveState that remembers what phones and screens would be shown."""

    def __init__(self) -> None:
        self.sessions: dict[str, tuple[Doc, Doc | None]] = {}
        self.counted: list[str] = []

    def session_changed(self, session: Doc, poll: Doc | None) -> None:
        """Remember the session and poll shown last."""
        self.sessions[session["_id"]] = (copy.deepcopy(session), copy.deepcopy(poll))

    def attendance_changed(self, session_id: str) -> None:
        """Remember that the session's counts were asked for again."""
        self.counted.append(session_id)


class Clock:
    """A clock that moves only when told to (millisecond precision, as MongoDB keeps)."""

    def __init__(self, start: datetime = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass."""
        self.now += timedelta(seconds=seconds)


class InMemoryVoting:
    """Everything a voting handler needs, in memory; `async with` runs the group commit."""

    def __init__(
        self,
        *,
        admit_vote: Callable[[str], None] = lambda _participant: None,
        store_timeout_s: float = 5.0,
        public_url: str = "https://beteiligung.example",
    ) -> None:
        self.clock = Clock()
        self.sessions, self.polls = FakeSessionStore(), FakePollStore()
        self.members, self.votes = FakeMemberStore(), FakeVoteStore()
        self.tallies = FakeTallies()
        self.uow = FakeUnitOfWork(self.sessions, self.polls, self.members, self.votes)
        self.live = RecordingLive()
        codes: TtlCache[str, Doc] = TtlCache()
        self.deps = VotingDeps(
            self.uow,
            self.sessions,
            self.polls,
            self.members,
            self.votes,
            self.live,
            EVENTS,
            clock=self.clock,
            codes=codes,
        )
        self.committer = VoteCommitter(
            self.uow,
            self.polls,
            self.votes,
            VOTES,
            window_s=0.0,
            store_timeout_s=store_timeout_s,
            clock=self.clock,
        )
        self.handlers = VotingHandlers(self.deps, self.committer, admit_vote)
        self.queries = VotingQueries(
            self.sessions,
            self.polls,
            self.votes,
            self.tallies,
            members=self.members,
            public_url=public_url,
            codes=codes,
        )
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> InMemoryVoting:
        self._task = asyncio.create_task(self.committer.run(), name="vote-group-commit")
        return self

    async def __aexit__(
        self,
        _type: type[BaseException] | None,
        _exc: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def published(self, topic: str = EVENTS) -> list[CloudEvent]:
        """The events committed on `topic` (what the relay would send), in order."""
        return [event for t, _key, event in self.uow.published if t == topic]

    def event_types(self, topic: str = EVENTS) -> list[str]:
        """The short types of the committed events ("poll.opened", "vote.cast", ...)."""
        return [e.type.removeprefix("de.oecherlab.voting.") for e in self.published(topic)]
