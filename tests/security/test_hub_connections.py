"""A connection that fails or stops reading costs the hub nothing lasting."""

from __future__ import annotations

import asyncio
import json

import aiohttp

from tests.security.test_hub_support import (
    eventually,
    masked,
    no_trace_of,
    raw_client,
    receive,
    running_hub,
)

# What one connection may have unsent: a subscribed, snapshot and update frame for each of its
# at most 50 channels, a few errors, the auth answer and a heartbeat.
PENDING_BOUND = 3 * 50 + 8 + 2


async def test_a_lone_surrogate_in_a_channel_name_leaves_the_connection_working():
    async with running_hub() as t, await t.connect() as ws:
        await ws.send_str('{"type": "subscribe", "channel": "ideas:\\ud800"}')
        assert (await receive(ws))["type"] == "error"
        await ws.send_json({"type": "subscribe", "channel": "ideas:wall"})
        assert (await receive(ws))["type"] == "subscribed"
        t.hub.apply("ideas:wall", 1, {"ideas": ["Bänke am Elisenbrunnen"]})
        assert (await receive(ws))["data"] == {"ideas": ["Bänke am Elisenbrunnen"]}
        [conn] = t.hub.connections
        assert set(t.hub.subscribers) == {"ideas:wall"}
    await eventually(lambda: not no_trace_of(t.hub, conn))


async def test_a_state_with_a_lone_surrogate_reaches_every_subscriber():
    """Python's json takes an escaped lone surrogate; such text must not kill every writer."""
    async with running_hub() as t, await t.connect() as a, await t.connect() as b:
        for ws in (a, b):
            await ws.send_json({"type": "subscribe", "channel": "ideas:wall"})
            assert (await receive(ws))["type"] == "subscribed"
        t.hub.apply("ideas:wall", 1, {"title": "x\ud800y"})
        for ws in (a, b):
            update = await receive(ws, ("update",))
            assert update["seq"] == 1 and update["data"] == {"title": "x\ud800y"}
        t.hub.apply("ideas:wall", 2, {"title": "fine"})
        for ws in (a, b):
            update = await receive(ws, ("update",))
            assert update["seq"] == 2 and update["data"] == {"title": "fine"}


async def test_a_failing_send_closes_only_that_connection_and_leaves_no_trace():
    async with running_hub() as t, await t.connect() as a:
        for channel in ("ideas:wall", "poll:a1", "session:s1"):
            await a.send_json({"type": "subscribe", "channel": channel})
            assert (await receive(a))["type"] == "subscribed"
        [conn_a] = t.hub.connections
        async with await t.connect() as b:
            for channel in ("ideas:wall", "poll:a1"):
                await b.send_json({"type": "subscribe", "channel": channel})
                assert (await receive(b))["type"] == "subscribed"
            [conn_b] = t.hub.connections - {conn_a}

            async def broken(*_args, **_kwargs):
                raise ConnectionResetError("the transport failed under this writer")

            # Whatever the writer uses to send fails from now on, for this connection only.
            conn_a.ws.send_frame = broken
            conn_a.ws.send_str = broken
            t.hub.apply("ideas:wall", 1, {"n": 1})
            assert (await receive(b, ("update",)))["seq"] == 1
            closing = await a.receive(timeout=3)
            assert closing.type == aiohttp.WSMsgType.CLOSE, closing
            await eventually(lambda: not no_trace_of(t.hub, conn_a))
            assert t.hub.connections == {conn_b}
            assert t.hub.subscribers == {"ideas:wall": {conn_b}, "poll:a1": {conn_b}}
            # The other connection goes on as before.
            t.hub.apply("poll:a1", 1, {"votes": 3})
            assert (await receive(b, ("update",)))["data"] == {"votes": 3}
    await eventually(lambda: not t.hub.connections and not t.hub.subscribers)


async def test_a_client_that_does_not_read_cannot_grow_what_the_hub_keeps_for_it():
    async with running_hub(stall_timeout_s=60) as t:
        reader, writer = await raw_client(t.port)
        try:
            writer.write(masked(b'{"type": "subscribe", "channel": "ideas:wall"}'))
            await eventually(lambda: any(c.channels for c in t.hub.connections))
            [conn] = t.hub.connections
            # A state far larger than the socket buffers: the writer blocks on it.
            t.hub.apply("ideas:wall", 1, {"blob": "x" * 4_000_000})
            await eventually(lambda: conn.busy_since is not None)
            # Subscribing and unsubscribing again and again leaves nothing behind ...
            for i in range(1500):
                for kind in ("subscribe", "unsubscribe"):
                    writer.write(
                        masked(json.dumps({"type": kind, "channel": f"poll:p{i}"}).encode())
                    )
            writer.write(masked(b'{"type": "subscribe", "channel": "poll:last"}'))
            await eventually(lambda: "poll:last" in conn.channels)
            assert len(conn.pending) <= PENDING_BOUND, len(conn.pending)
            # ... nor do frames that are answered with errors, nor a stream of new states.
            for i in range(1500):
                writer.write(
                    masked(json.dumps({"type": "subscribe", "channel": f"x:{i}"}).encode())
                )
                writer.write(masked(json.dumps({"type": "dance", "n": i}).encode()))
            for seq in range(2, 200):
                t.hub.apply("ideas:wall", seq, {"n": seq})
            # The hub reads on until enough errors are queued; the rest waits in TCP.
            await asyncio.sleep(1.0)
            assert len(conn.pending) <= PENDING_BOUND, len(conn.pending)
            assert set(t.hub.subscribers) <= {"ideas:wall", "poll:last"}
            assert conn.skipped > 0  # it will get the newest state, not every one
        finally:
            writer.close()
        await eventually(lambda: not t.hub.connections and not t.hub.subscribers, timeout=5)
