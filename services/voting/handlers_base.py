"""What every voting command handler shares: its dependencies, the live state it projects after
a commit, and the steps each of them takes (load or refuse, record an event, show a session).

A handler runs its reads, decisions and writes in one unit of work (`VotingDeps.uow`); it records
its events with the transaction and registers the projection of the live state as an action
after the commit, so nothing is shown or published for work that did not commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from services.voting.domain import not_found, now_ms
from services.voting.events import CurrentPollChanged, VotingEvent
from services.voting.ports import Doc, MemberStore, PollStore, SessionStore, VoteStore
from services.voting.ttl_cache import TtlCache
from shared.errors import DomainError
from shared.unit_of_work import Transaction, UnitOfWork


class LiveState(Protocol):
    """What phones and screens are shown of a session (session:<id> on live.updates)."""

    def session_changed(self, session: Doc, poll: Doc | None) -> None:
        """The session or its current poll changed: show it."""
        ...

    def attendance_changed(self, session_id: str) -> None:
        """Someone joined or voted, or votes stopped counting: count again soon."""
        ...


@dataclass
class VotingDeps:
    """The dependencies of the voting handlers; the read caches are this instance's own."""

    uow: UnitOfWork
    sessions: SessionStore
    polls: PollStore
    members: MemberStore
    votes: VoteStore
    live: LiveState
    events_topic: str
    clock: Callable[[], datetime] = now_ms
    # Sessions by join code (a hall of phones resolving one code), polls as votes need them.
    codes: TtlCache[str, Doc] = field(default_factory=TtlCache)
    polls_for_votes: TtlCache[str, Doc] = field(default_factory=TtlCache)
    # Where a deleted vote's withdrawal goes: after the vote's own events, which the tally counts.
    votes_topic: str = "voting.votes"


def conflict(what: str = "poll") -> DomainError:
    """A poll or session changed between its read and its write (in one transaction, only a
    database without write conflicts lets this happen)."""
    if what == "session":
        return DomainError(
            "The workshop was changed meanwhile; please try again.",
            "Der Workshop wurde gerade geändert; bitte noch einmal.",
            "conflict",
        )
    return DomainError(
        "The poll was changed meanwhile; please try again.",
        "Die Umfrage wurde gerade geändert; bitte noch einmal.",
        "conflict",
    )


class Handlers:
    """The base of the handler classes: the steps they share."""

    def __init__(self, deps: VotingDeps) -> None:
        self.deps = deps

    async def _session(self, session_id: str, tx: Transaction) -> Doc:
        session = await self.deps.sessions.get(session_id, tx)
        if session is None:
            raise not_found("session")
        return session

    async def _poll(self, poll_id: str, tx: Transaction) -> Doc:
        poll = await self.deps.polls.get(poll_id, tx)
        if poll is None:
            raise not_found("poll")
        return poll

    async def _current_poll(self, session: Doc, tx: Transaction) -> Doc | None:
        poll_id = session.get("current_poll")
        return await self.deps.polls.get(poll_id, tx) if poll_id else None

    def _record(self, tx: Transaction, event: VotingEvent) -> None:
        tx.record(self.deps.events_topic, event.subject, event.to_cloud())

    async def _change_session(self, tx: Transaction, session: Doc, changes: dict[str, Any]) -> Doc:
        updated = await self.deps.sessions.change(session, changes, tx)
        if updated is None:
            raise conflict("session")
        return updated

    async def _change_poll(self, tx: Transaction, poll: Doc, changes: dict[str, Any]) -> Doc:
        updated = await self.deps.polls.change(poll, {"updated_at": self.now(), **changes}, tx)
        if updated is None:
            raise conflict()
        # Votes on this instance see the change at once, not after the cache's second.
        tx.after_commit(lambda: self.deps.polls_for_votes.forget(poll["_id"]))
        return updated

    async def _set_current(self, tx: Transaction, session: Doc, poll_id: str) -> Doc:
        changes = {"current_poll": poll_id, "updated_at": self.now()}
        updated = await self.deps.sessions.change(session, changes, tx)
        if updated is None:
            raise conflict("session")
        self._record(tx, CurrentPollChanged(session["_id"], poll_id))
        return updated

    def _show(self, tx: Transaction, session: Doc, poll: Doc | None) -> None:
        """Show the session with `poll` once the work has committed."""
        tx.after_commit(lambda: self.deps.live.session_changed(session, poll))

    def now(self) -> datetime:
        """The handlers' clock (a fixed one in tests)."""
        return self.deps.clock()
