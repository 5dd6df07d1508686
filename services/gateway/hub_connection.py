"""One client of the hub: its subscriptions, its bounded queue of unsent frames, its writer.

Broadcasting only replaces the connection's pending frame for a channel (so a slow client skips to
the newest state), and what is pending is bounded whatever the client sends: one frame per kind
per subscribed channel, a few replies, a few errors.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Literal

from aiohttp import WSMsgType, web

from services.gateway.hub_frames import encode
from shared.auth import Principal

MAX_CHANNELS_PER_CONNECTION = 50
# Errors not yet sent; beyond this the hub stops reading from the client until they are sent, so
# a client that sends bad frames without reading only slows itself (and hits the stall timeout).
MAX_PENDING_ERRORS = 8

StateKind = Literal["subscribed", "snapshot", "update"]
# So at most 3 * 50 channel frames + 8 errors + 2 replies are ever unsent on one connection.
STATE_KINDS: tuple[StateKind, ...] = ("subscribed", "snapshot", "update")

# A pending frame's slot: (channel, kind) for channel frames, ("", kind) for replies.
Key = tuple[str, str]


@dataclass(eq=False)
class Connection:
    """One client: its subscriptions and the newest not-yet-sent frame per channel and kind."""

    ws: web.WebSocketResponse
    transport: asyncio.BaseTransport | None = None
    principal: Principal | None = None
    channels: set[str] = field(default_factory=set)
    pending: dict[Key, bytes] = field(default_factory=dict)
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    busy_since: float | None = None
    skipped: int = 0
    errors_pending: int = 0
    _errors_queued: int = 0
    _error_room: asyncio.Event = field(default_factory=asyncio.Event)

    def offer(self, channel: str, kind: StateKind, frame: bytes) -> None:
        """Queue a channel frame; an unsent older one of the same kind is replaced (skipped)."""
        if channel not in self.channels:
            return  # unsubscribed meanwhile: nothing of it may be queued any more
        key = (channel, kind)
        if kind == "update" and key in self.pending:
            self.skipped += 1
        self.pending[key] = frame
        self.wake.set()

    def reply(self, kind: Literal["authenticated", "ping"], frame: bytes) -> None:
        """Queue a reply that only matters in its newest form."""
        self.pending[("", kind)] = frame
        self.wake.set()

    def error(self, frame: bytes) -> None:
        """Queue an error frame (dropped only if the reader did not wait for room_for_errors)."""
        if self.errors_pending >= MAX_PENDING_ERRORS:
            return
        self.errors_pending += 1
        self._errors_queued += 1
        self.pending[("", f"error{self._errors_queued}")] = frame
        self.wake.set()

    async def room_for_errors(self) -> None:
        """Wait until one more error fits; each client frame causes at most one."""
        while self.errors_pending >= MAX_PENDING_ERRORS:
            self._error_room.clear()
            await self._error_room.wait()

    def forget(self, channel: str) -> None:
        """Unsubscribe from a channel and drop whatever of it is still unsent."""
        self.channels.discard(channel)
        for kind in STATE_KINDS:
            self.pending.pop((channel, kind), None)

    async def write(self) -> None:
        """Send pending frames in order, until cancelled; a failing send raises (the hub then
        closes this connection and only this one)."""
        while True:
            await self.wake.wait()
            self.wake.clear()
            while self.pending:
                key = next(iter(self.pending))
                frame = self.pending.pop(key)
                if key[1].startswith("error"):
                    self.errors_pending -= 1
                    self._error_room.set()
                self.busy_since = time.monotonic()
                try:
                    await self.ws.send_frame(frame, WSMsgType.TEXT)
                finally:
                    self.busy_since = None

    async def ping(self, every_s: float = 15.0) -> None:
        """An application-level heartbeat, for clients that cannot see WebSocket pings."""
        while True:
            await asyncio.sleep(every_s)
            self.reply("ping", encode({"type": "ping", "t": int(time.time())}))
