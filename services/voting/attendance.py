"""joined and voted per session, for the session:<id> channel and the session's answers.

Counting costs a few queries (a count, and one distinct per poll), so it is not done per join or
vote: a join or a vote only marks the session, and its counts are taken again at most every
`min_interval_s` (longer while counting takes long), then the channel is set again if they
changed. Instances count from the same store, so they agree within about that interval.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from services.voting.membership import Headcount

log = logging.getLogger(__name__)
MAX_SESSIONS = 10_000  # counts kept in memory; beyond that they are simply counted again


@dataclass(frozen=True)
class Counts:
    joined: int
    voted: int
    at: float  # when counted (monotonic clock)

    def as_dict(self) -> dict[str, int]:
        """The counts as API answers and channel states carry them."""
        return {"joined": self.joined, "voted": self.voted}


class Attendance:
    """Counts per session, taken again when asked for and throttled per session."""

    def __init__(
        self,
        headcount: Headcount,
        on_change: Callable[[str], Awaitable[None]],
        *,
        min_interval_s: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.headcount = headcount
        self.on_change = on_change
        self.min_interval_s = min_interval_s
        self.clock = clock
        self._counts: dict[str, Counts] = {}
        self._next_due: dict[str, float] = {}
        self._dirty: set[str] = set()
        self._running: dict[str, asyncio.Task[Counts]] = {}
        self._wake = asyncio.Event()

    def snapshot(self, session_id: str) -> dict[str, int | None]:
        """The last counts (None before the first count), for a channel state."""
        c = self._counts.get(session_id)
        return {"joined": c.joined if c else None, "voted": c.voted if c else None}

    def touch(self, session_id: str) -> None:
        """Someone joined or voted, or the session changed: count again soon."""
        self._dirty.add(session_id)
        self._wake.set()

    async def count(self, session_id: str, *, max_age_s: float) -> dict[str, int]:
        """Counts no older than `max_age_s` (0: counted now)."""
        c = self._counts.get(session_id)
        if c is None or self.clock() - c.at > max_age_s:
            c = await self._recount(session_id)
        return c.as_dict()

    async def _recount(self, session_id: str) -> Counts:
        # One count at a time per session: a hall of phones asking at once shares it.
        task = self._running.get(session_id)
        if task is None:
            task = asyncio.create_task(self._count_now(session_id))
            self._running[session_id] = task
            task.add_done_callback(lambda _t: self._running.pop(session_id, None))
        return await asyncio.shield(task)

    async def _count_now(self, session_id: str) -> Counts:
        started = self.clock()
        try:
            joined = await self.headcount.joined(session_id)
            voted = await self.headcount.voted(session_id)
        finally:
            # Busy store, slow count: count less often (at most a fifth of the time counting).
            spent = self.clock() - started
            self._next_due[session_id] = self.clock() + max(self.min_interval_s, 4 * spent)
        if len(self._counts) > MAX_SESSIONS:
            self._counts.clear()
            self._next_due = {session_id: self._next_due[session_id]}
        counts = Counts(joined, voted, self.clock())
        self._counts[session_id] = counts
        return counts

    async def _refresh(self, session_id: str) -> None:
        before = self._counts.get(session_id)
        try:
            after = await self._recount(session_id)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("could not count session %s: %s", session_id, exc)
            self._dirty.add(session_id)
            return
        if before is None or before.as_dict() != after.as_dict():
            try:
                await self.on_change(session_id)
            except Exception as exc:
                log.warning("could not publish the counts of session %s: %s", session_id, exc)

    async def run(self) -> None:
        """Count marked sessions when they are due, until cancelled."""
        while True:
            now = self.clock()
            for session_id in [s for s in self._dirty if self._next_due.get(s, 0.0) <= now]:
                self._dirty.discard(session_id)
                await self._refresh(session_id)
            self._wake.clear()
            waits = [self._next_due.get(s, 0.0) - self.clock() for s in self._dirty]
            timeout = max(0.02, min(waits)) if waits else None
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for loses a cancellation that
            # arrives just as the event is set, and the app's shutdown then waits for ever.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout):
                    await self._wake.wait()
