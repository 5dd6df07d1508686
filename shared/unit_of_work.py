"""The unit of work every command handler runs in (ARCHITECTURE §7).

A handler's reads and writes happen in one transaction; the events it records go to the outbox in
that same transaction; the actions it registers for after the commit (wake the relay, project the
live state, update a read model) run once, only when the commit succeeded. Storage ports take the
`Transaction` and use its `session`; the in-memory fakes ignore it.
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, Protocol, TypeVar

from pymongo import AsyncMongoClient
from pymongo.asynchronous.client_session import AsyncClientSession

from shared.events import CloudEvent
from shared.outbox import Outbox, outbox_entry, people_in

T = TypeVar("T")
Work = Callable[["Transaction"], Awaitable[T]]


class Transaction:
    """What a handler holds while it works: the database session, its events, its follow-ups."""

    def __init__(self, session: AsyncClientSession | None) -> None:
        self.session = session
        self.events: list[tuple[str, str, CloudEvent]] = []
        self.follow_ups: list[Callable[[], None]] = []
        self.forgotten: list[str] = []
        # Participants an event is about without naming them (a comment's text, say), by event id.
        self.about: dict[str, list[str]] = {}

    def record(self, topic: str, key: str, event: CloudEvent, about: Iterable[str] = ()) -> None:
        """Publish `event` on `topic` (partition key `key`) if, and only if, the work commits.
        `about`: participants whose erasure erases the outbox's copy, besides those the event's
        data names (outbox.people_in)."""
        self.events.append((topic, key, event))
        if people := list(about):
            self.about[event.id] = people

    def after_commit(self, action: Callable[[], None]) -> None:
        """Run `action` once the transaction has committed (never when it aborted)."""
        self.follow_ups.append(action)

    def forget(self, person: str) -> None:
        """Erase the outbox's copies of the events naming this participant, in this transaction
        and before its own events are stored (DSGVO Art. 17)."""
        self.forgotten.append(person)


def session_of(tx: Transaction | None) -> AsyncClientSession | None:
    """The database session of a transaction, if any (a store's reads may run outside one)."""
    return tx.session if tx is not None else None


class UnitOfWork(Protocol):
    """Runs one handler's work atomically."""

    async def run(self, work: Work[T]) -> T:
        """Run `work` in a transaction, store its events, then run its after-commit actions."""
        ...


def _finish(tx: Transaction) -> None:
    for action in tx.follow_ups:
        action()


class MongoUnitOfWork:
    """A MongoDB multi-document transaction with the outbox in the same database."""

    def __init__(self, client: AsyncMongoClient, outbox: Outbox) -> None:
        self.client = client
        self.outbox = outbox

    async def run(self, work: Work[T]) -> T:
        """See `UnitOfWork.run`; transient transaction errors retry the whole work."""
        last: Transaction | None = None

        async def attempt(session: AsyncClientSession) -> T:
            nonlocal last
            # with_transaction may call this again: a retry starts with a clean slate.
            last = tx = Transaction(session)
            result = await work(tx)
            for person in tx.forgotten:
                await self.outbox.erase_person(person, session)
            if tx.events:
                entries = [
                    outbox_entry(topic, key, event, tx.about.get(event.id, ()))
                    for topic, key, event in tx.events
                ]
                await self.outbox.collection.insert_many(entries, session=session)
            return result

        async with self.client.start_session() as session:
            result = await session.with_transaction(attempt)
        assert last is not None
        if last.events:
            self.outbox.committed()
        _finish(last)
        return result


class Snapshottable(Protocol):
    """A fake store whose state the fake unit of work can put back after a failed handler."""

    def snapshot(self) -> Any: ...

    def restore(self, state: Any) -> None: ...


class FakeUnitOfWork:
    """The unit of work over in-memory fakes: on error every fake gets its earlier state back;
    committed events collect in `published` (what the relay would send)."""

    def __init__(self, *stores: Snapshottable) -> None:
        self.stores = list(stores)
        self.published: list[tuple[str, str, CloudEvent]] = []
        self.commits = 0
        self.about: dict[str, list[str]] = {}  # Transaction.about of the published events

    def attach(self, *stores: Snapshottable) -> None:
        """Take part in later transactions (fakes built after the unit of work)."""
        self.stores.extend(stores)

    async def run(self, work: Work[T]) -> T:
        """See `UnitOfWork.run`."""
        states = [copy.deepcopy(store.snapshot()) for store in self.stores]
        tx = Transaction(None)
        try:
            result = await work(tx)
        except BaseException:
            for store, state in zip(self.stores, states, strict=True):
                store.restore(state)
            raise
        self.commits += 1
        if tx.forgotten:
            # `published` stands for the outbox's copies too: forgetting erases them there.
            self.published = [
                (topic, key, event)
                for topic, key, event in self.published
                if not set(people_in(event.data, self.about.get(event.id, ()))) & set(tx.forgotten)
            ]
        self.published.extend(tx.events)
        self.about.update(tx.about)
        _finish(tx)
        return result

    def events_of_type(self, suffix: str) -> list[CloudEvent]:
        """The published events whose type ends with `suffix` (for tests)."""
        return [event for _t, _k, event in self.published if event.type.endswith(suffix)]
