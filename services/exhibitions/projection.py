"""The live states of exhibitions on live.updates, redrawn from the database after changes
(shared/live_projector.py says how): `exhibition:<id>` for the public screen and
`exhibition:<id>:staff` for its alerts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from services.exhibitions import views
from services.exhibitions.handlers import ExhibitionsService
from shared.clock import now_ms
from shared.live_projector import MarkedStates

# The exhibitions drawn at start and after a broker reset: the newest ones.
RECENT = 200


class LiveSink(Protocol):
    """Where states go (shared.live.LivePublisher)."""

    def set(self, channel: str, state: Any) -> None: ...


class LiveProjector(MarkedStates):
    """Marks exhibitions that changed and publishes their states."""

    def __init__(
        self,
        service: ExhibitionsService,
        live: LiveSink,
        *,
        min_interval_s: float = 0.1,
        clock: Callable[[], datetime] = now_ms,
    ) -> None:
        super().__init__(self._draw, self._recent, min_interval_s=min_interval_s)
        self.service = service
        self.live = live
        self.clock = clock

    async def _recent(self) -> list[str]:
        return [e["_id"] for e in await self.service.stores.exhibitions.newest(RECENT)]

    async def _draw(self, exhibition_id: str) -> None:
        state = await views.live_state(self.service, exhibition_id, self.clock())
        # Alerts are for staff: the public screen's channel does not carry them.
        self.live.set(views.staff_channel(exhibition_id), {"alerts": state.pop("alerts")})
        self.live.set(views.channel(exhibition_id), state)
