"""The hub in this process behind a real aiohttp server, with real WebSocket clients.

States are put in with Hub.apply, as the consumer of live.updates does; nothing is mocked. The
helpers use only what the hub has always offered (Hub, hub.connections, hub.subscribers,
connection.ws/.channels/.pending), so the attack tests also run against older hubs.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from services.gateway.hub import Hub
from shared.auth import TokenVerifier
from shared.tokens import TokenIssuer

STATES = ("snapshot", "update", "error", "subscribed", "authenticated")


@dataclass
class HubUnderTest:
    hub: Hub
    url: str
    port: int
    http: aiohttp.ClientSession
    issuer: TokenIssuer

    def token(self, role: str) -> str:
        # A kiosk token always names its exhibit (the verifier refuses one that does not).
        exhibit = "e1" if role == "kiosk" else None
        return self.issuer.issue(f"u:{role}", role, 600, exhibit_id=exhibit)

    async def connect(self) -> aiohttp.ClientWebSocketResponse:
        return await self.http.ws_connect(self.url)


@asynccontextmanager
async def running_hub(**options: Any) -> AsyncIterator[HubUnderTest]:
    """A Hub serving /ws on a port of its own (bound to 0: no race with other tests)."""
    issuer = TokenIssuer(Ed25519PrivateKey.generate(), "k", "iss", "aud")
    hub = Hub(TokenVerifier("iss", "aud", jwks={"keys": [issuer.jwk()]}), set(), **options)
    app = web.Application()
    app.router.add_get("/ws", hub.serve)
    runner = web.AppRunner(app, shutdown_timeout=2)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector) as http:
            yield HubUnderTest(hub, f"http://127.0.0.1:{port}/ws", port, http, issuer)
    finally:
        await runner.cleanup()


async def receive(ws, kinds=STATES, timeout: float = 3.0) -> dict[str, Any]:
    """The next message of one of `kinds` (heartbeats skipped); fails on a close."""
    deadline = time.monotonic() + timeout
    while True:
        msg = await ws.receive(timeout=max(0.01, deadline - time.monotonic()))
        assert msg.type == aiohttp.WSMsgType.TEXT, (msg.type, msg.data, msg.extra)
        data = json.loads(msg.data)
        if data["type"] in kinds:
            return data


async def eventually(check, timeout: float = 3.0) -> None:
    """Wait until check() is true (the server side works in its own tasks)."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.01)


def masked(payload: bytes, opcode: int = 0x1) -> bytes:
    """One client-to-server WebSocket frame (clients must mask)."""
    mask = os.urandom(4)
    n = len(payload)
    if n < 126:
        head = bytes([0x80 | opcode, 0x80 | n])
    else:
        head = bytes([0x80 | opcode, 0x80 | 126]) + n.to_bytes(2, "big")
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


async def raw_client(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A client with a tiny receive buffer that will read nothing after the handshake."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    reader, writer = await asyncio.open_connection(sock=sock, limit=1024)
    writer.write(
        b"GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    await reader.readuntil(b"\r\n\r\n")
    return reader, writer


def no_trace_of(hub: Hub, conn: Any) -> list[str]:
    """Where the hub still holds a connection (empty when it has forgotten it)."""
    traces = [f"subscribers[{c!r}]" for c, watchers in hub.subscribers.items() if conn in watchers]
    if conn in hub.connections:
        traces.append("connections")
    if conn.channels:
        traces.append(f"channels {sorted(conn.channels)}")
    if conn.pending:
        traces.append(f"{len(conn.pending)} pending")
    return traces
