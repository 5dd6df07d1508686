"""A state is encoded once per update, however many screens watch the channel."""

from __future__ import annotations

import asyncio
import json

from tests.security.test_hub_support import receive, running_hub

SCREENS = 1000


async def test_one_update_to_a_thousand_screens_is_encoded_once(monkeypatch):
    state = {"ideas": [{"title": f"Idee {i}", "votes": i} for i in range(200)]}
    encodes = []
    real_dumps = json.dumps

    def counting_dumps(obj, *args, **kwargs):
        # The state itself, or an envelope around it: either is an encoding of the state.
        if obj is state or (isinstance(obj, dict) and obj.get("data") is state):
            encodes.append(obj.get("type") if obj is not state else "state")
        return real_dumps(obj, *args, **kwargs)

    async with running_hub() as t:
        screens = await asyncio.gather(*(t.connect() for _ in range(SCREENS)))
        try:
            for ws in screens:
                await ws.send_json({"type": "subscribe", "channel": "ideas:wall"})
            for ws in screens:
                assert (await receive(ws))["type"] == "subscribed"
            assert len(t.hub.subscribers["ideas:wall"]) == SCREENS

            monkeypatch.setattr(json, "dumps", counting_dumps)
            t.hub.apply("ideas:wall", 7, state)
            updates = await asyncio.gather(*(receive(ws, ("update",)) for ws in screens))
            assert all(u["seq"] == 7 and u["data"] == state for u in updates)
            assert len(encodes) == 1, f"{len(encodes)} encodes for {SCREENS} screens"

            # Screens that reconnect all get the same snapshot bytes as well.
            encodes.clear()
            for ws in screens:
                await ws.send_json({"type": "subscribe", "channel": "ideas:wall", "since": 7})
            snapshots = await asyncio.gather(*(receive(ws) for ws in screens))
            assert all(s["type"] == "snapshot" and s["seq"] == 7 for s in snapshots)
            assert all(s["resumed"] is True and s["data"] == state for s in snapshots)
            assert len(encodes) <= 1, f"{len(encodes)} encodes for {SCREENS} snapshots"
        finally:
            monkeypatch.undo()
            await asyncio.gather(*(ws.close() for ws in screens))
