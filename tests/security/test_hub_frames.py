"""Frames built to break the parser get an error message (or a clean close), never a 500."""

from __future__ import annotations

import aiohttp
import pytest

from tests.security.test_hub_support import eventually, receive, running_hub

NESTED = [
    "[" * 4000,
    "[" * 2000 + "]" * 2000,
    '{"a":' * 800,
    '{"type": "subscribe", "channel": "ideas:wall", "since": ' + "[" * 3000 + "]" * 1000,
    '{"type": "auth", "token": {"a": [[[[[[[[1]]]]]]]]}}',
]


@pytest.mark.parametrize(
    "frame", NESTED, ids=["4000-open", "2000-balanced", "800-objects", "in-since", "in-token"]
)
async def test_deeply_nested_json_gets_an_error_and_the_connection_stays_usable(frame):
    assert len(frame.encode()) <= 4096  # under the frame limit: the parser itself is attacked
    async with running_hub() as t, await t.connect() as ws:
        await ws.send_str(frame)
        error = await receive(ws)
        assert error["type"] == "error" and error["message"], error
        await ws.send_json({"type": "subscribe", "channel": "ideas:wall"})
        assert (await receive(ws))["type"] == "subscribed"


async def test_brackets_inside_strings_are_not_nesting():
    async with running_hub() as t, await t.connect() as ws:
        await ws.send_json({"type": "dance", "x": '[[[[[[[[[[{{{{{{{{{{\\"[[[['})
        assert "Unknown message type" in (await receive(ws))["message"]


@pytest.mark.parametrize(
    "frame",
    [
        "x" * 5000,
        '{"type": "auth", "token": "' + "a" * 100_000 + '"}',
        '{"type": "subscribe", "channel": "ideas:wall", "pad": "' + "[" * 5000 + '"}',
    ],
    ids=["text", "token", "brackets"],
)
async def test_oversized_frames_are_closed_cleanly_with_1009(frame):
    async with running_hub() as t:
        ws = await t.connect()
        await ws.send_str(frame)
        msg = await ws.receive(timeout=3)
        assert msg.type == aiohttp.WSMsgType.CLOSE, msg
        assert msg.data == aiohttp.WSCloseCode.MESSAGE_TOO_BIG
        await ws.close()
        await eventually(lambda: not t.hub.connections)


@pytest.mark.parametrize(
    "token",
    ["\ud800", "a.b.\udfff", "", "eyJ hbGci.x.y", "a\x00.b.c", 12, ["t"]],
    ids=repr,
)
async def test_tokens_that_cannot_be_jwts_get_an_error(token):
    async with running_hub() as t, await t.connect() as ws:
        await ws.send_json({"type": "auth", "token": token})
        error = await receive(ws)
        assert error["type"] == "error" and "token" in error["message"], error
        await ws.send_json({"type": "auth", "token": t.token("moderator")})
        assert (await receive(ws))["role"] == "moderator"
