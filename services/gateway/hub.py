"""The WebSocket hub: every instance rebuilds all channel states from live.updates and fans out.

A connection never slows the others: each has its own writer task and a bounded queue in which a
new state replaces an unsent one (hub_connection); every state is encoded once for all its
subscribers (hub_frames); only the contract's channel names are held (hub_channels,
hub_protocol). A client whose writer is stuck longer than `stall_timeout_s` is disconnected; one
whose send fails is closed, leaving no trace in the hub.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web
from aiokafka import AIOKafkaConsumer, ConsumerRecord

from services.gateway.hub_connection import Connection
from services.gateway.hub_frames import MAX_FRAME_BYTES, ChannelState, error_frame
from services.gateway.hub_protocol import ClientProtocol
from shared.auth import TokenVerifier
from shared.events import CloudEvent
from shared.follower import Follower
from shared.problems import Problem

log = logging.getLogger(__name__)

CLOSE_TIMEOUT_S = 2.0


class Hub(ClientProtocol):
    """Channel states and subscribers of one gateway instance."""

    def __init__(
        self,
        verifier: TokenVerifier,
        allowed_origins: set[str],
        stall_timeout_s: float = 10.0,
    ) -> None:
        self.verifier = verifier
        self.allowed_origins = allowed_origins
        self.stall_timeout_s = stall_timeout_s
        self.states: dict[str, ChannelState] = {}
        self.subscribers: dict[str, set[Connection]] = {}
        self.connections: set[Connection] = set()
        self._follower: Follower | None = None

    # -- from Kafka -------------------------------------------------------------------------
    def apply(self, channel: str, seq: int, data: dict[str, Any]) -> bool:
        """Take a channel state if it is newer than what we have, and push it to subscribers."""
        current = self.states.get(channel)
        if current is not None and seq <= current.seq:
            return False
        state = ChannelState.of(channel, seq, data)
        self.states[channel] = state
        watchers = self.subscribers.get(channel)
        if watchers:
            frame = state.frame("update")
            for conn in watchers:
                conn.offer(channel, "update", frame)
        return True

    async def consume(self, consumer: AIOKafkaConsumer) -> None:
        """Read live.updates (`consumer` is subscribed to it outside any group) from the
        beginning, then follow it, until cancelled."""
        self._follower = Follower(consumer, on_record=self._apply_record, name="live.updates")
        await self._follower.run()

    @property
    def consuming(self) -> bool:
        """Whether live.updates was readable at the last try (screens keep the last states
        meanwhile)."""
        return self._follower is not None and self._follower.following

    def _apply_record(self, record: ConsumerRecord) -> None:
        data = CloudEvent.from_bytes(record.value).data
        self.apply(str(data["channel"]), int(data["seq"]), dict(data["state"]))

    # -- to clients -------------------------------------------------------------------------
    async def serve(self, request: web.Request) -> web.WebSocketResponse:
        """The /ws endpoint: reads, writes and heartbeats until any of them ends."""
        origin = request.headers.get("Origin")
        # Browsers always send Origin; other pages must not open our hub with a user's tokens.
        # Only the configured origins count, never the request's Host: with DNS rebinding a
        # hostile page has Origin == Host == its own name.
        if origin is not None and origin not in self.allowed_origins:
            raise Problem(
                403,
                f"WebSocket connections from {origin[:100]} are not allowed.",
                detail_de="Verbindungen von dieser Seite sind nicht erlaubt.",
                code="origin-not-allowed",
            )
        ws = web.WebSocketResponse(heartbeat=20, max_msg_size=MAX_FRAME_BYTES)
        await ws.prepare(request)
        conn = Connection(ws, transport=request.transport)
        self.connections.add(conn)
        tasks = [
            asyncio.create_task(self._read(conn), name="ws-reader"),
            asyncio.create_task(conn.write(), name="ws-writer"),
            asyncio.create_task(conn.ping(), name="ws-pinger"),
        ]
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            outcomes = await asyncio.gather(*tasks, return_exceptions=True)
            self._forget(conn)
        failures = [
            (t, o) for t, o in zip(tasks, outcomes, strict=True) if isinstance(o, Exception)
        ]
        for task, exc in failures:
            if not isinstance(exc, ConnectionError):  # a client that went away is no news
                log.warning("closing a WebSocket: its %s failed: %r", task.get_name(), exc)
        # Only after the bookkeeping is clean: a close handshake with a dead client takes time.
        with contextlib.suppress(Exception):
            async with asyncio.timeout(CLOSE_TIMEOUT_S):
                if failures:
                    await ws.close(code=WSCloseCode.INTERNAL_ERROR, message=b"internal error")
                else:
                    await ws.close()
        return ws

    async def _read(self, conn: Connection) -> None:
        async for msg in conn.ws:
            if msg.type == WSMsgType.ERROR:
                return  # aiohttp has closed it with a code (e.g. 1009 for an oversized frame)
            # Reading pauses while errors pile up unsent: a flood only slows its own sender.
            await conn.room_for_errors()
            if msg.type == WSMsgType.TEXT:
                try:
                    await self._handle(conn, msg.data)
                except Exception:
                    # A bug must cost the client one answer, not the connection.
                    log.exception("a WebSocket frame could not be handled")
                    conn.error(error_frame("That frame could not be handled."))
            elif msg.type == WSMsgType.BINARY:
                conn.error(error_frame("Send JSON text frames, not binary ones."))

    async def watch_stalls(self, every_s: float = 1.0) -> None:
        """Disconnect clients whose writer has been stuck on one send for too long."""
        while True:
            await asyncio.sleep(every_s)
            now = time.monotonic()
            for conn in list(self.connections):
                if conn.busy_since is not None and now - conn.busy_since > self.stall_timeout_s:
                    log.info("disconnecting a client that stopped reading")
                    conn.busy_since = None
                    if conn.transport is not None:
                        conn.transport.abort()
