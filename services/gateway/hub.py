"""The WebSocket hub: every instance rebuilds all channel states from live.updates and fans out.

A connection never slows the others: broadcasting only replaces the connection's pending state
for that channel (so a slow client skips to the newest state), and each connection has its own
writer task; a client whose writer is stuck longer than `stall_timeout_s` is disconnected.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web
from aiokafka import AIOKafkaConsumer
from aiokafka.errors import KafkaError

from shared.auth import Principal, TokenVerifier
from shared.events import CloudEvent
from shared.problems import Problem

log = logging.getLogger(__name__)

MAX_CHANNELS_PER_CONNECTION = 50
MAX_FRAME_BYTES = 4096
PUBLIC_PREFIXES = ("ideas:", "session:", "poll:", "exhibition:", "hackathon:")
STAFF_SUFFIX = ":moderator"


@dataclass
class ChannelState:
    seq: int
    data: dict[str, Any]


@dataclass(eq=False)
class Connection:
    """One client: its subscriptions and the newest not-yet-sent message per channel."""

    ws: web.WebSocketResponse
    transport: asyncio.BaseTransport | None = None
    principal: Principal | None = None
    channels: set[str] = field(default_factory=set)
    pending: dict[str, dict[str, Any]] = field(default_factory=dict)
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    busy_since: float | None = None
    skipped: int = 0

    def offer(self, message: dict[str, Any]) -> None:
        """Queue a message; an unsent older state of the same channel is replaced (skipped)."""
        key = message.get("channel", "") + ":" + message["type"]
        if message["type"] == "update" and key in self.pending:
            self.skipped += 1
        self.pending[key] = message
        self.wake.set()


class Hub:
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
        self.consuming = False
        self.updates_applied = 0

    # -- from Kafka -------------------------------------------------------------------------
    def apply(self, channel: str, seq: int, data: dict[str, Any]) -> bool:
        """Take a channel state if it is newer than what we have, and push it to subscribers."""
        current = self.states.get(channel)
        if current is not None and seq <= current.seq:
            return False
        self.states[channel] = ChannelState(seq, data)
        self.updates_applied += 1
        message = {"type": "update", "channel": channel, "seq": seq, "data": data}
        for conn in self.subscribers.get(channel, ()):
            conn.offer(message)
        return True

    async def consume(self, consumer: AIOKafkaConsumer) -> None:
        """Read live.updates from the beginning, then follow it, until cancelled."""
        while True:
            try:
                batches = await consumer.getmany(timeout_ms=1000)
            except KafkaError as exc:
                # Screens keep the last states meanwhile; the consumer reconnects by itself.
                log.warning("live.updates not readable (%s); retrying", exc)
                self.consuming = False
                await asyncio.sleep(1)
                continue
            self.consuming = True
            for records in batches.values():
                for record in records:
                    self._apply_record(record.value)

    def _apply_record(self, raw: bytes) -> None:
        try:
            data = CloudEvent.from_bytes(raw).data
            self.apply(str(data["channel"]), int(data["seq"]), dict(data["state"]))
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("ignoring a live.updates message that is not a channel state: %s", exc)

    # -- to clients -------------------------------------------------------------------------
    async def serve(self, request: web.Request) -> web.WebSocketResponse:
        """The /ws endpoint."""
        origin = request.headers.get("Origin")
        # Browsers always send Origin; other pages must not open our hub with a user's tokens.
        if origin is not None and origin not in self.allowed_origins | {
            f"{request.scheme}://{request.host}"
        }:
            raise Problem(
                403,
                f"WebSocket connections from {origin[:100]} are not allowed.",
                code="origin-not-allowed",
            )
        ws = web.WebSocketResponse(heartbeat=20, max_msg_size=MAX_FRAME_BYTES)
        await ws.prepare(request)
        conn = Connection(ws, transport=request.transport)
        self.connections.add(conn)
        writer = asyncio.create_task(self._writer(conn))
        pinger = asyncio.create_task(self._pinger(conn))
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    await self._handle(conn, msg.data)
                elif msg.type == WSMsgType.BINARY:
                    conn.offer(_error("Send JSON text frames, not binary ones."))
                elif msg.type == WSMsgType.ERROR:
                    break
        finally:
            for task in (writer, pinger):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            for channel in list(conn.channels):
                self._drop(conn, channel)
            self.connections.discard(conn)
        return ws

    async def _handle(self, conn: Connection, text: str) -> None:
        try:
            msg = json.loads(text)
        except ValueError:
            conn.offer(_error('That frame is not JSON; send {"type": "subscribe", ...}.'))
            return
        if not isinstance(msg, dict) or not isinstance(msg.get("type"), str):
            conn.offer(_error("Each message must be a JSON object with a 'type'."))
            return
        kind = msg["type"]
        if kind == "auth":
            await self._auth(conn, msg.get("token"))
        elif kind == "subscribe":
            self._subscribe(conn, msg.get("channel"), msg.get("since"))
        elif kind == "unsubscribe":
            channel = msg.get("channel")
            if isinstance(channel, str) and channel in conn.channels:
                self._drop(conn, channel)
        elif kind == "pong":
            return
        else:
            conn.offer(_error(f"Unknown message type {kind[:40]!r}."))

    def _drop(self, conn: Connection, channel: str) -> None:
        """Unsubscribe; a channel nobody watches is forgotten (names come from clients)."""
        conn.channels.discard(channel)
        watchers = self.subscribers.get(channel)
        if watchers is not None:
            watchers.discard(conn)
            if not watchers:
                del self.subscribers[channel]

    async def _auth(self, conn: Connection, token: object) -> None:
        if not isinstance(token, str) or len(token) > 4000:
            conn.offer(_error("auth needs a token."))
            return
        try:
            conn.principal = await self.verifier.verify(token)
        except Problem as p:
            conn.offer(_error(p.detail))
            return
        if not conn.principal.is_staff:
            # A connection that changes to a non-staff token loses the moderator channels.
            for channel in [c for c in conn.channels if c.endswith(STAFF_SUFFIX)]:
                self._drop(conn, channel)
        conn.offer({"type": "authenticated", "role": conn.principal.role})

    def _subscribe(self, conn: Connection, channel: object, since: object) -> None:
        if (
            not isinstance(channel, str)
            or not channel.startswith(PUBLIC_PREFIXES)
            or len(channel) > 120
        ):
            conn.offer(_error("Unknown channel; see /api/config for the channels.", channel))
            return
        if channel.endswith(STAFF_SUFFIX) and not (conn.principal and conn.principal.is_staff):
            conn.offer(_error("This channel needs a moderator token (send auth first).", channel))
            return
        if channel not in conn.channels and len(conn.channels) >= MAX_CHANNELS_PER_CONNECTION:
            conn.offer(_error("Too many subscriptions on one connection.", channel))
            return
        conn.channels.add(channel)
        self.subscribers.setdefault(channel, set()).add(conn)
        state = self.states.get(channel)
        if state is None:
            conn.offer({"type": "subscribed", "channel": channel, "seq": 0})
            return
        # A resuming client gets the current state whatever it missed: states are full snapshots.
        conn.offer(
            {
                "type": "snapshot",
                "channel": channel,
                "seq": state.seq,
                "data": state.data,
                "resumed": isinstance(since, int) and since > 0,
            }
        )

    async def _writer(self, conn: Connection) -> None:
        while True:
            await conn.wake.wait()
            conn.wake.clear()
            while conn.pending:
                key = next(iter(conn.pending))
                message = conn.pending.pop(key)
                conn.busy_since = time.monotonic()
                try:
                    await conn.ws.send_str(json.dumps(message, ensure_ascii=False))
                except (ConnectionError, RuntimeError):
                    return
                finally:
                    conn.busy_since = None

    async def _pinger(self, conn: Connection, every_s: float = 15.0) -> None:
        while True:
            await asyncio.sleep(every_s)
            conn.offer({"type": "ping", "t": int(time.time())})

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


def _error(message: str, channel: str | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"type": "error", "message": message}
    if channel is not None and isinstance(channel, str):
        error["channel"] = channel[:120]
    return error
