"""The live states of exhibitions on live.updates: redrawn from the database after changes.

A state needs database reads, which the live publisher's state functions (synchronous) cannot
do; so committed changes only mark their exhibition, and one task computes the marked states
and hands them to the publisher. A burst of ratings costs one computation per pass, not one per
rating. Every state is whole and read from the database, so another instance's changes are in it
as soon as anything here redraws it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from services.exhibitions import views
from services.exhibitions.handlers import ExhibitionsService
from shared.clock import now_ms
from shared.errors import DomainError

log = logging.getLogger(__name__)


class LiveSink(Protocol):
    """Where states go (shared.live.LivePublisher)."""

    def set(self, channel: str, state: Any) -> None: ...


class LiveProjector:
    """Marks exhibitions that changed and publishes their states, at most every `min_interval_s`."""

    def __init__(
        self,
        service: ExhibitionsService,
        live: LiveSink,
        *,
        min_interval_s: float = 0.1,
        clock: Callable[[], datetime] = now_ms,
    ) -> None:
        self.service = service
        self.live = live
        self.min_interval_s = min_interval_s
        self.clock = clock
        self.dirty: set[str] = set()
        self._wake = asyncio.Event()

    def mark(self, exhibition_id: str) -> None:
        """The exhibition changed: publish its state soon."""
        self.dirty.add(exhibition_id)
        self._wake.set()

    async def mark_all(self, limit: int = 200) -> None:
        """Mark the newest exhibitions (at start: the publisher knows no state yet)."""
        for exhibition in await self.service.stores.exhibitions.newest(limit):
            self.mark(exhibition["_id"])

    async def flush(self) -> bool:
        """Compute and hand over the state of every marked exhibition; one whose state could not
        be read stays marked for a later pass (then False)."""
        marked, self.dirty = self.dirty, set()
        failed = False
        for exhibition_id in sorted(marked):
            try:
                state = await views.live_state(self.service, exhibition_id, self.clock())
            except DomainError:
                continue  # not found: nothing to show
            except Exception:
                log.exception("live state of exhibition %s not computed", exhibition_id)
                self.dirty.add(exhibition_id)
                failed = True
                continue
            # Alerts are for staff: the public screen's channel does not carry them.
            self.live.set(views.staff_channel(exhibition_id), {"alerts": state.pop("alerts")})
            self.live.set(views.channel(exhibition_id), state)
        return not failed

    async def run(self) -> None:
        """Publish marked states until cancelled."""
        while True:
            await self._wake.wait()
            self._wake.clear()
            ok = await self.flush()
            # The pause bounds the passes per second; longer when the database did not answer.
            await asyncio.sleep(self.min_interval_s if ok else 1.0)
            if self.dirty:
                self._wake.set()
