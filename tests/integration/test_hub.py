"""The WebSocket hub, as screens and phones use it through the gateway."""

from __future__ import annotations

import asyncio
import json
import time
import uuid

import aiohttp
import pytest
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from devstack import embedded
from services.gateway.hub import Hub
from shared.auth import TokenVerifier
from shared.tokens import TokenIssuer
from tests.security.test_hub_support import raw_client


async def receive(
    ws, kinds=("snapshot", "update", "error", "subscribed", "authenticated"), timeout=5.0
):
    """The next message of one of `kinds` (heartbeats skipped)."""
    deadline = time.monotonic() + timeout
    while True:
        msg = await ws.receive(timeout=max(0.01, deadline - time.monotonic()))
        assert msg.type == aiohttp.WSMsgType.TEXT, msg
        data = json.loads(msg.data)
        if data["type"] in kinds:
            return data


async def test_a_screen_sees_a_published_idea_within_a_second(api):
    citizen, staff = await api.participant(), await api.moderator()
    async with api.http.ws_connect(f"{api.url}/ws") as ws:
        await ws.send_json({"type": "subscribe", "channel": "ideas:wall"})
        first = await receive(ws)
        assert first["type"] == "snapshot" and first["channel"] == "ideas:wall"
        _, idea, _ = await api.call(
            "POST",
            "/api/ideas",
            json={"title": "Wand-Test", "field": "Wirtschaft und Technologie"},
            headers=citizen,
        )
        started = time.monotonic()
        await api.call(
            "POST", f"/api/ideas/{idea['id']}/status", json={"status": "published"}, headers=staff
        )
        while True:
            update = await receive(ws, ("update",), timeout=1.0)
            if idea["id"] in [i["id"] for i in update["data"]["ideas"]]:
                break
        assert time.monotonic() - started < 1.0
        assert update["seq"] > first["seq"]
        assert update["data"]["ideas"][0]["id"] == idea["id"]  # newest first
    # Resuming with the last sequence number gives the current state at once.
    async with api.http.ws_connect(f"{api.url}/ws") as ws:
        await ws.send_json({"type": "subscribe", "channel": "ideas:wall", "since": first["seq"]})
        resumed = await receive(ws)
        assert resumed["type"] == "snapshot" and resumed["seq"] >= update["seq"]
        assert idea["id"] in [i["id"] for i in resumed["data"]["ideas"]]


async def test_moderator_channels_are_refused_to_participants(api):
    citizen, staff = await api.participant(), await api.moderator()
    async with api.http.ws_connect(f"{api.url}/ws") as ws:
        await ws.send_json({"type": "subscribe", "channel": "poll:abc:moderator"})
        assert (await receive(ws))["type"] == "error"
        await ws.send_json({"type": "auth", "token": citizen["Authorization"].split()[1]})
        assert (await receive(ws))["role"] == "participant"
        await ws.send_json({"type": "subscribe", "channel": "poll:abc:moderator"})
        refused = await receive(ws)
        assert refused["type"] == "error" and "moderator" in refused["message"]
        await ws.send_json({"type": "auth", "token": staff["Authorization"].split()[1]})
        assert (await receive(ws))["role"] == "moderator"
        await ws.send_json({"type": "subscribe", "channel": "poll:abc:moderator"})
        assert (await receive(ws))["type"] == "subscribed"
        # Switching to a participant token takes the moderator channel away again.
        await ws.send_json({"type": "auth", "token": citizen["Authorization"].split()[1]})
        assert (await receive(ws))["role"] == "participant"
    assert "poll:abc:moderator" not in api.hub.subscribers  # forgotten once nobody watches it


@pytest.mark.parametrize(
    "frame",
    [
        "not json",
        "[1,2]",
        '{"no": "type"}',
        '{"type": "dance"}',
        '{"type": "subscribe", "channel": "secrets"}',
        '{"type": "auth", "token": "forged.token.here"}',
        b"\x00\x01binary",
    ],
)
async def test_garbage_frames_get_an_error_message_and_the_connection_stays_usable(api, frame):
    async with api.http.ws_connect(f"{api.url}/ws") as ws:
        if isinstance(frame, bytes):
            await ws.send_bytes(frame)
        else:
            await ws.send_str(frame)
        error = await receive(ws)
        assert error["type"] == "error" and error["message"]
        await ws.send_json({"type": "subscribe", "channel": "ideas:wall"})
        assert (await receive(ws))["type"] in ("snapshot", "subscribed")


async def test_connections_from_foreign_origins_are_refused(api):
    with pytest.raises(aiohttp.WSServerHandshakeError) as err:
        await api.http.ws_connect(f"{api.url}/ws", headers={"Origin": "https://evil.example"})
    assert err.value.status == 403
    async with api.http.ws_connect(f"{api.url}/ws", headers={"Origin": api.url}) as ws:
        await ws.send_json({"type": "subscribe", "channel": "ideas:wall"})
        assert (await receive(ws))["type"] == "snapshot"


async def test_a_client_that_stops_reading_does_not_delay_the_others():
    """Many large states go out while one client reads nothing; the fast one keeps up."""
    issuer = TokenIssuer(Ed25519PrivateKey.generate(), "k", "iss", "aud")
    hub = Hub(TokenVerifier("iss", "aud", jwks={"keys": [issuer.jwk()]}), set(), stall_timeout_s=2)
    app = web.Application()
    app.router.add_get("/ws", hub.serve)
    runner = web.AppRunner(app)
    await runner.setup()
    port = embedded.free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    stalls = asyncio.create_task(hub.watch_stalls(every_s=0.2))
    # A raw client with a tiny receive buffer that subscribes and then never reads again.
    _reader, writer = await raw_client(port)
    payload = json.dumps({"type": "subscribe", "channel": "ideas:wall"}).encode()
    mask = b"\x01\x02\x03\x04"
    writer.write(
        bytes([0x81, 0x80 | len(payload)])
        + mask
        + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    )
    await writer.drain()
    try:
        async with (
            aiohttp.ClientSession() as http,
            http.ws_connect(f"http://127.0.0.1:{port}/ws") as fast,
        ):
            await fast.send_json({"type": "subscribe", "channel": "ideas:wall"})
            assert (await receive(fast))["type"] == "subscribed"
            await asyncio.sleep(0.2)
            big = "x" * 200_000
            latencies = []
            for seq in range(1, 61):
                sent = time.monotonic()
                hub.apply("ideas:wall", seq, {"blob": big, "n": seq})
                update = await receive(fast, ("update",))
                latencies.append(time.monotonic() - sent)
                assert update["seq"] == seq
            assert max(latencies) < 0.5, max(latencies)
            assert len(hub.connections) == 2
            # The slow client skipped to the newest state instead of queueing every one.
            assert max(c.skipped for c in hub.connections) > 0
            await asyncio.sleep(2.5)
            # ... and is disconnected once its writer has been stuck for the stall timeout.
            assert len(hub.connections) == 1
    finally:
        writer.close()
        stalls.cancel()
        await runner.cleanup()


async def test_two_gateway_instances_both_serve_every_channel(api, tmp_path):
    """A second gateway rebuilds all channel states from live.updates at start."""
    from services.gateway.app import create_app

    port = embedded.free_port()
    second = api.settings.model_copy(
        update={
            "port": port,
            "key_dir": str(tmp_path),
            "public_url": f"http://127.0.0.1:{port}",
            "gateway_internal_port": embedded.free_port(),
        }
    )
    runner = web.AppRunner(create_app(second))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(100):
                async with http.get(f"http://127.0.0.1:{port}/readyz") as r:
                    if r.status == 200:
                        break
                await asyncio.sleep(0.1)
            async with (
                http.ws_connect(f"http://127.0.0.1:{port}/ws") as ws2,
                api.http.ws_connect(f"{api.url}/ws") as ws1,
            ):
                for ws in (ws1, ws2):
                    await ws.send_json({"type": "subscribe", "channel": "ideas:wall"})
                a, b = await receive(ws1), await receive(ws2)
                assert (
                    a["type"] == b["type"] == "snapshot"
                    and a["seq"] == b["seq"]
                    and a["data"] == b["data"]
                )
                title = f"Zwei Gateways {uuid.uuid4().hex[:4]}"
                citizen, staff = await api.participant(), await api.moderator()
                _, idea, _ = await api.call(
                    "POST",
                    "/api/ideas",
                    json={"title": title, "field": "Wirtschaft und Technologie"},
                    headers=citizen,
                )
                await api.call(
                    "POST",
                    f"/api/ideas/{idea['id']}/status",
                    json={"status": "published"},
                    headers=staff,
                )
                for ws in (ws1, ws2):
                    while True:
                        update = await receive(ws, ("update",))
                        if update["data"]["ideas"][0]["title"] == title:
                            break
    finally:
        await runner.cleanup()
