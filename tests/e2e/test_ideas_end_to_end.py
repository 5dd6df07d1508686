"""The system as `make run` starts it, used as a citizen, a moderator and a screen would."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

from devstack.pow import participant_headers


async def login(http, stack):
    async with http.post(
        f"{stack.url}/api/auth/login",
        json={"username": "moderator", "password": stack.moderator_password},
    ) as r:
        assert r.status == 200
        return {"Authorization": f"Bearer {(await r.json())['access_token']}"}


async def participant(http, stack):
    return await participant_headers(http, stack.url)


async def test_the_demo_is_seeded_with_published_ideas_and_official_answers(running_stack):
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{running_stack.url}/api/ideas?page_size=100") as r:
            public = await r.json()
        staff = await login(http, running_stack)
        async with http.get(f"{running_stack.url}/api/ideas?status=submitted", headers=staff) as r:
            queue = await r.json()
    assert public["total"] >= 8 and queue["total"] >= 3
    assert len({i["field"] for i in public["items"]}) == 3
    assert any(i["answer"] for i in public["items"])
    assert any(i["status"] == "implemented" for i in public["items"])


async def test_submit_publish_list_support_and_watch_the_wall(running_stack):
    url = running_stack.url
    async with aiohttp.ClientSession() as http:
        citizen, neighbour, staff = (
            await participant(http, running_stack),
            await participant(http, running_stack),
            await login(http, running_stack),
        )
        idea_in = {
            "title": "Sitzbänke am Lousberg",
            "body": "Mehr Bänke für Seniorinnen und Senioren.",
            "field": "Digitale Services und Gesellschaft",
            "location": {"lat": 50.7862, "lon": 6.0704},
        }
        async with http.post(f"{url}/api/ideas", json=idea_in, headers=citizen) as r:
            assert r.status == 201
            idea = await r.json()
        async with http.ws_connect(await _ws_url(http, url)) as screen:
            await screen.send_json({"type": "subscribe", "channel": "ideas:wall"})
            snapshot = await _next(screen)
            assert idea["id"] not in [i["id"] for i in snapshot["data"]["ideas"]]
            published_at = time.monotonic()
            async with http.post(
                f"{url}/api/ideas/{idea['id']}/status",
                headers=staff,
                json={"status": "published", "answer": "Wir sprechen mit dem Grünflächenamt."},
            ) as r:
                assert r.status == 200
            while True:
                update = await _next(screen, timeout=1.0)
                if update["data"]["ideas"] and update["data"]["ideas"][0]["id"] == idea["id"]:
                    break
            assert time.monotonic() - published_at < 1.0
        async with http.get(f"{url}/api/ideas?q=Sitzbank") as r:
            found = await r.json()
        assert [i["id"] for i in found["items"]] == [idea["id"]]
        assert found["items"][0]["answer"]["text"] == "Wir sprechen mit dem Grünflächenamt."
        for _ in range(2):
            async with http.put(f"{url}/api/ideas/{idea['id']}/support", headers=neighbour) as r:
                assert (await r.json())["supports"] == 1
    # The events of the seed and of this idea are on ideas.events, as CloudEvents.
    env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": running_stack.kafka}
    out = subprocess.run(
        [sys.executable, "-m", "devstack.events", "ideas.events"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    events = [json.loads(line) for line in out.splitlines()]
    types = {e["type"] for e in events}
    assert {
        "de.oecherlab.ideas.idea.submitted",
        "de.oecherlab.ideas.idea.status_changed",
        "de.oecherlab.ideas.idea.supported",
    } <= types
    mine = [e for e in events if e["subject"] == idea["id"]]
    assert [e["type"].rsplit(".", 1)[1] for e in mine] == [
        "submitted",
        "status_changed",
        "supported",
    ]
    assert len(events) > 20  # the seed's events are there too
    # kcat, a client nobody here wrote, reads the same CloudEvents (through scripts/kcat).
    kcat = Path(sys.executable).parent / "kcat"
    shown = subprocess.run(
        [str(kcat), "-b", running_stack.kafka, "-C", "-t", "ideas.events", "-e", "-q"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert {json.loads(line)["id"] for line in shown.splitlines()} == {e["id"] for e in events}


async def _ws_url(http, url):
    async with http.get(f"{url}/api/config") as r:
        return (await r.json())["ws_url"]


async def _next(ws, timeout=5.0):
    deadline = time.monotonic() + timeout
    while True:
        msg = await ws.receive(timeout=max(0.01, deadline - time.monotonic()))
        data = json.loads(msg.data)
        if data["type"] in ("snapshot", "update"):
            return data


async def test_readyz_reports_every_part(running_stack):
    async with aiohttp.ClientSession() as http, http.get(f"{running_stack.url}/readyz") as r:
        body = await r.json()
    assert r.status == 200 and {"mongodb", "kafka", "ideas"} <= body["checks"].keys()


async def test_generated_demo_passwords_are_kept_private_on_disk(running_stack):
    path = running_stack.var / "demo-credentials.json"
    assert path.exists() and oct(path.stat().st_mode)[-3:] == "600"
    await asyncio.sleep(0)
