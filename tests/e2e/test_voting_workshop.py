"""Issue 4's acceptance run against the whole system as `make run` starts it.

200 participants join by code and vote on a single-choice poll, 20 change their vote, the
moderator closes and reveals: the results equal the votes exactly, a late vote gets 409, and a
screen subscribed to the poll's moderator channel saw the tally grow.
"""

from __future__ import annotations

import asyncio
import itertools
import random

import aiohttp

from devstack.pow import participant_body

PARTICIPANTS = 200
CHANGERS = 20


async def _json(resp: aiohttp.ClientResponse, expect: int) -> dict:
    body = await resp.json(content_type=None)
    assert resp.status == expect, (resp.status, body)
    return body


async def test_two_hundred_participants_vote_and_the_results_are_exact(running_stack):
    url = running_stack.url
    rng = random.Random(2026)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100)) as http:
        login = {"username": "moderator", "password": running_stack.moderator_password}
        async with http.post(f"{url}/api/auth/login", json=login) as r:
            token = (await _json(r, 200))["access_token"]
        mod = {"Authorization": f"Bearer {token}"}
        async with http.post(
            f"{url}/api/voting/sessions", json={"title": "Abnahme"}, headers=mod
        ) as r:
            session = await _json(r, 201)
        poll_in = {
            "question": "Welches Projekt zuerst?",
            "type": "single",
            "options": ["Radwege", "Stadtbäume", "Freies WLAN", "Trinkbrunnen"],
        }
        path = f"{url}/api/voting/sessions/{session['id']}/polls"
        async with http.post(path, json=poll_in, headers=mod) as r:
            poll = await _json(r, 201)
        pid = poll["id"]

        ws = await http.ws_connect(url.replace("http", "ws") + "/ws")
        await ws.send_json({"type": "auth", "token": token})
        await ws.send_json({"type": "subscribe", "channel": f"poll:{pid}:moderator"})
        seen_voters: list[int] = []

        async def watch() -> None:
            async for msg in ws:
                data = msg.json()
                if data.get("channel") == f"poll:{pid}:moderator" and "data" in data:
                    seen_voters.append(data["data"]["voters"])

        watcher = asyncio.create_task(watch())

        async def join() -> dict[str, str]:
            body = await participant_body(http, url, session["join_code"])
            async with http.post(f"{url}/api/auth/participant", json=body) as r:
                return {"Authorization": f"Bearer {(await _json(r, 200))['access_token']}"}

        phones = await asyncio.gather(*(join() for _ in range(PARTICIPANTS)))
        async with http.post(f"{url}/api/voting/polls/{pid}/open", headers=mod) as r:
            await _json(r, 200)

        choices: dict[int, str] = {}

        async def vote(i: int, choice: str) -> None:
            body = {"choice": choice}
            async with http.post(
                f"{url}/api/voting/polls/{pid}/votes", json=body, headers=phones[i]
            ) as r:
                await _json(r, 202)
            choices[i] = choice

        options = [o["id"] for o in poll["options"]]
        await asyncio.gather(*(vote(i, rng.choice(options)) for i in range(PARTICIPANTS)))
        changers = rng.sample(range(PARTICIPANTS), CHANGERS)
        await asyncio.gather(
            *(vote(i, rng.choice([o for o in options if o != choices[i]])) for i in changers)
        )

        async with http.post(f"{url}/api/voting/polls/{pid}/close", headers=mod) as r:
            await _json(r, 200)
        async with http.post(
            f"{url}/api/voting/polls/{pid}/votes", json={"choice": options[0]}, headers=phones[0]
        ) as r:
            late = await _json(r, 409)
        assert r.content_type == "application/problem+json" and late["status"] == 409

        expected = {o: sum(1 for c in choices.values() if c == o) for o in options}
        for _ in range(100):  # the tally may trail the 202s by a moment
            async with http.get(f"{url}/api/voting/polls/{pid}/results", headers=mod) as r:
                results = await _json(r, 200)
            if (
                results["voters"] == PARTICIPANTS
                and {o["id"]: o["count"] for o in results["options"]} == expected
            ):
                break
            await asyncio.sleep(0.1)
        async with http.post(f"{url}/api/voting/polls/{pid}/reveal", headers=mod) as r:
            await _json(r, 200)
        async with http.get(f"{url}/api/voting/polls/{pid}/results") as r:
            public = await _json(r, 200)
        assert (
            public["voters"] == PARTICIPANTS and public["revealed"] and public["status"] == "closed"
        )
        assert {o["id"]: o["count"] for o in public["options"]} == expected
        assert sum(expected.values()) == PARTICIPANTS

        for _ in range(50):
            if seen_voters and seen_voters[-1] == PARTICIPANTS:
                break
            await asyncio.sleep(0.1)
        watcher.cancel()
        await ws.close()
    growth = [v for a, v in itertools.pairwise(seen_voters) if v > a]
    assert seen_voters[-1] == PARTICIPANTS and len(growth) >= 2, seen_voters
    assert seen_voters == sorted(seen_voters)  # the tally only grew
