"""The `EventCopies` port in memory: the fake unit of work's `published` list stands in for the
outbox, so a handler test sees what a withdrawal left of an idea's events."""

from __future__ import annotations

from shared.events import CloudEvent
from shared.unit_of_work import FakeUnitOfWork, Transaction


class FakeEventCopies:
    """`EventCopies` over `FakeUnitOfWork.published`, for one topic."""

    def __init__(self, uow: FakeUnitOfWork, topic: str) -> None:
        self.uow = uow
        self.topic = topic
        uow.attach(self)  # so a failed handler gets the copies it erased back

    def _of(self, idea_id: str, entry: tuple[str, str, CloudEvent]) -> bool:
        return entry[0] == self.topic and entry[1] == idea_id

    async def erase(self, idea_id: str, tx: Transaction) -> int:
        """See `EventCopies.erase`."""
        kept = [e for e in self.uow.published if not self._of(idea_id, e)]
        erased = len(self.uow.published) - len(kept)
        self.uow.published[:] = kept
        return erased

    async def count(self, idea_id: str) -> int:
        """See `EventCopies.count`."""
        return sum(1 for e in self.uow.published if self._of(idea_id, e))

    def snapshot(self) -> list[tuple[str, str, CloudEvent]]:
        """For the fake unit of work (it copies the state)."""
        return self.uow.published

    def restore(self, state: list[tuple[str, str, CloudEvent]]) -> None:
        """For the fake unit of work."""
        self.uow.published[:] = state
