"""Live states drawn from the database after changes, for services whose states need database
reads (which the live publisher's synchronous state functions cannot do).

Committed changes only mark their aggregate; one task draws the marked ones and hands them to
the publisher, at most every `min_interval_s`. A burst of changes costs one drawing per pass,
not one per change. Every state is whole and read from the database, so another instance's
changes are in it as soon as anything here redraws it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Protocol

from shared.errors import DomainError

log = logging.getLogger(__name__)

Draw = Callable[[str], Awaitable[None]]
Recent = Callable[[], Awaitable[Iterable[str]]]


class Tasks(Protocol):
    """Where the projection runs (shared.runtime.Runtime)."""

    def task(self, name: str, run: Callable[[], Awaitable[None]]) -> None: ...

    def on_broker_reset(self, hook: Callable[[], Awaitable[None]]) -> None: ...


class MarkedStates:
    """Marks aggregates that changed and draws them with `draw(id)` (which hands the state to
    the publisher; a DomainError there means the aggregate is gone: nothing to show); `recent()`
    names the aggregates worth drawing when the publisher holds no state."""

    def __init__(self, draw: Draw, recent: Recent, *, min_interval_s: float = 0.1) -> None:
        self.draw = draw
        self.recent = recent
        self.min_interval_s = min_interval_s
        self.dirty: set[str] = set()
        self._wake = asyncio.Event()

    def mark(self, aggregate_id: str) -> None:
        """The aggregate changed: draw its state soon."""
        self.dirty.add(aggregate_id)
        self._wake.set()

    async def mark_all(self) -> None:
        """Mark every recent aggregate (at start, and after a broker reset)."""
        for aggregate_id in await self.recent():
            self.mark(aggregate_id)

    async def start(self, tasks: Tasks) -> None:
        """Draw every recent aggregate once (the publisher starts without states), then what
        changes; all again after a broker reset, which also brings in what other instances
        changed meanwhile."""
        await self.mark_all()
        tasks.task("live-projection", self.run)
        tasks.on_broker_reset(self.mark_all)

    async def flush(self) -> bool:
        """Draw every marked aggregate; one that could not be drawn stays marked for a later
        pass (then False)."""
        marked, self.dirty = self.dirty, set()
        ok = True
        for aggregate_id in sorted(marked):
            try:
                await self.draw(aggregate_id)
            except DomainError:
                continue
            except Exception:
                log.exception("live state of %s not drawn", aggregate_id)
                self.dirty.add(aggregate_id)
                ok = False
        return ok

    async def run(self) -> None:
        """Draw marked states until cancelled."""
        while True:
            await self._wake.wait()
            self._wake.clear()
            ok = await self.flush()
            # The pause bounds the passes per second; longer when the database did not answer.
            await asyncio.sleep(self.min_interval_s if ok else 1.0)
            if self.dirty:
                self._wake.set()
