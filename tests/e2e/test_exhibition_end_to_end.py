"""The exhibition as `make run` starts it: staff, a kiosk tablet, a phone and the lab's screen,
each through the public origin (the contract's Exhibitions part), with the seeded demo."""

from __future__ import annotations

import asyncio
import uuid

import aiohttp

from devstack.pow import participant_headers
from tests.e2e.test_ideas_end_to_end import login


async def _screen_sees(http, url: str, channel: str, count: int, timeout_s: float = 10) -> dict:
    """The first state of `channel` on the WebSocket whose total count reaches `count`."""
    async with http.ws_connect(url.replace("http", "ws") + "/ws") as ws:
        await ws.send_json({"type": "subscribe", "channel": channel})
        async with asyncio.timeout(timeout_s):
            async for msg in ws:
                frame = msg.json()
                if frame.get("channel") == channel and frame["data"]["count"] >= count:
                    return frame["data"]
    raise AssertionError(f"{channel} never showed {count} ratings")


async def test_the_demo_exhibition_is_open_with_an_exhibit_per_field(running_stack):
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{running_stack.url}/api/exhibitions") as r:
            items = (await r.json())["items"]
        demo = next(e for e in items if e["title"] == "Ausstellung der Handlungsfelder")
        async with http.get(f"{running_stack.url}/api/exhibitions/{demo['id']}") as r:
            exhibition = await r.json()
    assert exhibition["status"] == "open"
    assert len({x["field"] for x in exhibition["exhibits"]}) == 3


async def test_kiosk_and_phone_ratings_reach_the_screen_exactly(running_stack):
    url = running_stack.url
    async with aiohttp.ClientSession() as http:
        staff = await login(http, running_stack)

        async def call(method: str, path: str, expect: int, **kwargs) -> dict:
            async with http.request(method, f"{url}{path}", **kwargs) as r:
                body = await r.json(content_type=None)
                assert r.status == expect, (path, r.status, body)
                return body

        exhibition = await call(
            "POST", "/api/exhibitions", 201, json={"title": "E2E"}, headers=staff
        )
        xid = exhibition["id"]
        exhibit = await call(
            "POST",
            f"/api/exhibitions/{xid}/exhibits",
            201,
            json={"title": "Stadtmodell", "field": "Wirtschaft und Technologie"},
            headers=staff,
        )
        feedback = f"/api/exhibitions/exhibits/{exhibit['id']}/feedback"
        phone = await participant_headers(http, url)
        await call("POST", feedback, 409, json={"rating": 4}, headers=phone)  # still a draft
        await call("POST", f"/api/exhibitions/{xid}/open", 200, headers=staff)

        kiosk_answer = await call(
            "POST", f"/api/exhibitions/exhibits/{exhibit['id']}/kiosk", 201, headers=staff
        )
        kiosk = {"Authorization": f"Bearer {kiosk_answer['access_token']}"}
        press = {**kiosk, "Idempotency-Key": str(uuid.uuid4())}
        await call("POST", feedback, 202, json={"rating": 5}, headers=press)
        await call("POST", feedback, 202, json={"rating": 5}, headers=press)  # a replay
        refused = await call("POST", feedback, 429, json={"rating": 1}, headers=kiosk)
        assert refused["code"] == "kiosk-interval"
        await call("POST", feedback, 202, json={"rating": 2, "comment": "Zu klein"}, headers=phone)
        changed = await call("POST", feedback, 202, json={"rating": 4}, headers=phone)
        assert changed["replaced"] is True

        by_code = await call("GET", f"/api/exhibitions/exhibits/code/{exhibit['code']}", 200)
        assert by_code["id"] == exhibit["id"] and by_code["exhibition"]["status"] == "open"
        state = await _screen_sees(http, url, f"exhibition:{xid}", 2)
        assert state["count"] == 2 and state["exhibits"][0]["distribution"]["5"] == 1
        summary = await call("GET", f"/api/exhibitions/exhibits/{exhibit['id']}/summary", 200)
        assert (summary["count"], summary["mean"]) == (2, 4.5)
        assert summary["distribution"] == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 1}
        assert summary["comments"] == []  # held for moderation

        queue = await call("GET", "/api/exhibitions/comments?status=submitted", 200, headers=staff)
        comment = next(c for c in queue["items"] if c["exhibit_id"] == exhibit["id"])
        body = {"status": "published"}
        path = f"/api/exhibitions/comments/{comment['id']}/status"
        await call("POST", path, 200, json=body, headers=staff)
        summary = await call("GET", f"/api/exhibitions/exhibits/{exhibit['id']}/summary", 200)
        assert [c["body"] for c in summary["comments"]] == ["Zu klein"]
        async with http.get(f"{url}/api/exhibitions/{xid}/export.csv", headers=staff) as r:
            assert r.status == 200 and "text/csv" in r.headers["Content-Type"]
            text = (await r.read()).decode("utf-8-sig")
        assert text.count("\n") == 3 and "p:" not in text  # header + two ratings, no ids
