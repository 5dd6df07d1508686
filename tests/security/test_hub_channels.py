"""Channel names come from strangers: only the contract's forms are answered and held."""

from __future__ import annotations

import json

import pytest

from tests.security.test_hub_support import receive, running_hub

VALID = [
    "ideas:wall",
    "session:3f2a9c1b7d4e",  # voting: uuid4().hex[:12]
    "poll:0123456789ab",
    "exhibition:65a1b2c3d4e5f60718293a4b",  # an ObjectId string
    "hackathon:team_2-final",
    "survey:abc",
    "session:" + "a" * 64,
]

MADE_UP = [
    "secrets",
    "ideas:anything",
    "ideas:",
    "ideas:wall ",
    "IDEAS:wall",
    "admin:users",
    "poll:",
    "poll:a b",
    "poll:../../etc/passwd",
    "poll:abc:admin",
    "poll:abc:moderator:x",
    "session:abc:moderator",
    "exhibition:abc:moderator",
    "poll:abc:staff",
    "exhibition:abc:staff:x",
    "session:" + "a" * 65,
    "poll:" + "x" * 3000,
    "session:abc\n",
    "session:a\x00b",
    "session:a\x1b[31mred",
    "poll:Straße",
    "ideas:\ud800",  # a lone surrogate: cannot even be encoded as UTF-8
    "session:\udfff\ud800",
    42,
    None,
    ["ideas:wall"],
]


@pytest.mark.parametrize("channel", VALID)
async def test_the_contracts_channel_names_are_accepted(channel):
    async with running_hub() as t:
        t.hub.apply("survey:abc", 3, {"q": 1})
        async with await t.connect() as ws:
            await ws.send_json({"type": "subscribe", "channel": channel})
            answer = await receive(ws)
            assert answer["type"] in ("subscribed", "snapshot"), answer
            assert answer["channel"] == channel
            assert set(t.hub.subscribers) == {channel}


async def test_moderator_channels_take_a_poll_id_and_a_moderator_token():
    async with running_hub() as t, await t.connect() as ws:
        await ws.send_json({"type": "subscribe", "channel": "poll:abc:moderator"})
        assert "moderator" in (await receive(ws))["message"]
        await ws.send_json({"type": "auth", "token": t.token("moderator")})
        assert (await receive(ws))["role"] == "moderator"
        await ws.send_json({"type": "subscribe", "channel": "poll:abc:moderator"})
        assert (await receive(ws))["type"] == "subscribed"
        # A poll whose id happens to be "moderator" is a public poll channel, nothing more.
        await ws.send_json({"type": "auth", "token": t.token("participant")})
        assert (await receive(ws))["role"] == "participant"
        await ws.send_json({"type": "subscribe", "channel": "poll:moderator"})
        assert (await receive(ws))["type"] == "subscribed"
        assert set(t.hub.subscribers) == {"poll:moderator"}


async def test_an_exhibitions_alerts_channel_is_for_staff_only():
    async with running_hub() as t, await t.connect() as ws:
        t.hub.apply("exhibition:x1:staff", 1, {"alerts": [{"exhibit_id": "e1"}]})
        for role in (None, "participant", "kiosk"):
            if role:
                await ws.send_json({"type": "auth", "token": t.token(role)})
                assert (await receive(ws))["role"] == role
            await ws.send_json({"type": "subscribe", "channel": "exhibition:x1:staff"})
            answer = await receive(ws)
            assert answer["type"] == "error" and "moderator" in answer["message"], answer
        assert not t.hub.subscribers
        await ws.send_json({"type": "auth", "token": t.token("admin")})
        assert (await receive(ws))["role"] == "admin"
        await ws.send_json({"type": "subscribe", "channel": "exhibition:x1:staff"})
        snapshot = await receive(ws)
        assert snapshot["type"] == "snapshot" and snapshot["data"]["alerts"], snapshot


@pytest.mark.parametrize("channel", MADE_UP, ids=lambda c: repr(c)[:40])
async def test_made_up_channel_names_get_an_error_and_are_not_held(channel):
    async with running_hub() as t, await t.connect() as ws:
        t.hub.apply("ideas:wall", 1, {"ideas": []})
        # json.dumps escapes what is not ASCII, so even a lone surrogate travels as valid JSON.
        await ws.send_str(json.dumps({"type": "subscribe", "channel": channel}))
        error = await receive(ws)
        assert error["type"] == "error" and "Unknown channel" in error["message"], error
        echoed = error.get("channel", "")
        assert echoed.isprintable() and len(echoed) <= 120, echoed
        assert t.hub.subscribers == {}
        await ws.send_str(json.dumps({"type": "unsubscribe", "channel": channel}))
        assert (await receive(ws))["type"] == "error"
        # The connection is still fine.
        await ws.send_json({"type": "subscribe", "channel": "ideas:wall"})
        assert (await receive(ws))["type"] == "snapshot"
        assert set(t.hub.subscribers) == {"ideas:wall"}


async def test_one_connection_holds_at_most_50_channels():
    async with running_hub() as t, await t.connect() as ws:
        for i in range(60):
            await ws.send_json({"type": "subscribe", "channel": f"poll:p{i}"})
        answers = [await receive(ws) for _ in range(60)]
        assert [a["type"] for a in answers].count("subscribed") == 50
        refused = [a for a in answers if a["type"] == "error"]
        assert len(refused) == 10 and all("Too many" in a["message"] for a in refused)
        assert len(t.hub.subscribers) == 50
        # Unsubscribing makes room again.
        await ws.send_json({"type": "unsubscribe", "channel": "poll:p0"})
        await ws.send_json({"type": "subscribe", "channel": "poll:p59"})
        assert (await receive(ws))["type"] == "subscribed"
        assert "poll:p0" not in t.hub.subscribers and "poll:p59" in t.hub.subscribers
