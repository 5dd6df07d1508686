"""Scenario workshop (issue 4, point 6): a hall of phones votes while screens watch.

Starts its own stack (`python -m devstack` on free ports, embedded broker and database), then N
phones (default 1,000) each join by code and vote within ten seconds, spread evenly, while 50
WebSocket screens watch poll:<id> (results live). Measures:

- votes per second (accepted votes over the time from the first vote to the last 202),
- vote-to-screen latency: from a vote's 202 to the first update on a screen whose voter count
  includes it (the k-th accepted vote is included once a screen shows at least k voters), over
  every screen,
- errors (anything but 202 on a vote, or a failed join),
- whether the final tallies equal the votes the phones were told were accepted,
- the raw aiokafka produce→consume round trip on the same broker, with the project's producer and
  consumer settings, so that the latency reads as a ratio against the machine's limit.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import secrets
import tempfile
import time
from pathlib import Path

import aiohttp

from bench.common import _pct, kafka_roundtrip
from bench.screens import Screen
from devstack.launch import launch
from devstack.pow import participant_body

ROOT = Path(__file__).parent.parent
PASSWORD = secrets.token_urlsafe(12)  # the benchmark stack's moderator, new each run


async def run(argv: list[str]) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench workshop")
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--screens", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0, help="the window all phones vote in")
    args = parser.parse_args(argv)

    var = Path(tempfile.mkdtemp(prefix="bench-workshop-"))
    print(f"▶ starting a stack for the benchmark (logs in {var}/log)", flush=True)
    stack = launch(
        var,
        {
            "DEMO_MODERATOR_PASSWORD": PASSWORD,
            "DEMO_ADMIN_PASSWORD": PASSWORD + "-admin",
            # A cheap proof of work: this measures voting, not the phones' work for a token.
            "PARTICIPANT_POW_COST": "10",
        },
        seed=False,
    )
    url, kafka_port = stack.url, stack.ports["KAFKA_PORT"]
    try:
        return await _scenario(args, url, f"127.0.0.1:{kafka_port}")
    finally:
        stack.stop()


async def _scenario(args: argparse.Namespace, url: str, bootstrap: str) -> dict:
    rng = random.Random(4)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(
        timeout=timeout, connector=aiohttp.TCPConnector(limit=200)
    ) as http:
        async with http.post(
            f"{url}/api/auth/login", json={"username": "moderator", "password": PASSWORD}
        ) as r:
            mod = {"Authorization": f"Bearer {(await r.json())['access_token']}"}
        async with http.post(
            f"{url}/api/voting/sessions", json={"title": "Benchmark"}, headers=mod
        ) as r:
            session = await r.json()
        poll_in = {
            "question": "Was braucht Aachen zuerst?",
            "type": "single",
            "options": ["Radwege", "Bäume", "WLAN", "Trinkbrunnen"],
            "settings": {"results": "live"},
        }
        async with http.post(
            f"{url}/api/voting/sessions/{session['id']}/polls", json=poll_in, headers=mod
        ) as r:
            poll = await r.json()
        pid = poll["id"]
        async with http.post(f"{url}/api/voting/polls/{pid}/open", headers=mod) as r:
            assert r.status == 200, await r.text()

        screens = [Screen("voters") for _ in range(args.screens)]
        readies = [asyncio.Event() for _ in screens]
        ws_url = url.replace("http", "ws") + "/ws"
        watchers = [
            asyncio.create_task(s.watch(http, ws_url, f"poll:{pid}", e))
            for s, e in zip(screens, readies, strict=True)
        ]
        await asyncio.wait_for(asyncio.gather(*(e.wait() for e in readies)), 30)
        await asyncio.sleep(0.5)

        accepted_at: list[float] = []
        choices: dict[int, str] = {}
        errors: list[str] = []
        options = [o["id"] for o in poll["options"]]
        t0 = time.perf_counter()

        async def phone(i: int) -> None:
            await asyncio.sleep(max(0.0, t0 + i * args.seconds / args.phones - time.perf_counter()))
            try:
                body = await participant_body(http, url, session["join_code"])
                async with http.post(f"{url}/api/auth/participant", json=body) as r:
                    if r.status != 200:
                        errors.append(f"join {r.status}")
                        return
                    who = {"Authorization": f"Bearer {(await r.json())['access_token']}"}
                choice = rng.choice(options)
                async with http.post(
                    f"{url}/api/voting/polls/{pid}/votes", json={"choice": choice}, headers=who
                ) as r:
                    if r.status != 202:
                        errors.append(f"vote {r.status}")
                        return
                    accepted_at.append(time.perf_counter())
                    choices[i] = choice
            except (aiohttp.ClientError, TimeoutError) as exc:
                errors.append(f"{type(exc).__name__}")

        await asyncio.gather(*(phone(i) for i in range(args.phones)))
        last_202 = time.perf_counter()
        accepted = len(accepted_at)
        for _ in range(300):  # until every screen shows every vote, 30 s at most
            if all(s.last >= accepted for s in screens):
                break
            await asyncio.sleep(0.1)

        latencies, missing = Screen.latencies(screens, accepted_at)
        for w in watchers:
            w.cancel()

        async with http.post(f"{url}/api/voting/polls/{pid}/close", headers=mod) as r:
            assert r.status == 200
        async with http.get(f"{url}/api/voting/polls/{pid}/results", headers=mod) as r:
            results = await r.json()
        expected = {o: sum(1 for c in choices.values() if c == o) for o in options}
        exact = (
            results["voters"] == accepted
            and {o["id"]: o["count"] for o in results["options"]} == expected
        )

    roundtrip = await kafka_roundtrip(bootstrap)
    duration = max(last_202 - t0, 1e-9)
    result = {
        "phones": args.phones,
        "screens": args.screens,
        "votes": args.phones,
        "accepted": accepted,
        "errors": len(errors),
        "votes_per_s": round(accepted / duration, 1),
        "vote_to_screen_ms": _pct(latencies, 50, 95, 99),
        "screen_updates_missing": missing,
        "raw_kafka_roundtrip_ms": roundtrip,
        "tallies_exact": exact,
    }
    _print(result, errors)
    return result


def _print(r: dict, errors: list[str]) -> None:
    v2s, raw = r["vote_to_screen_ms"], r["raw_kafka_roundtrip_ms"]
    rows = [
        ("phones / screens", f"{r['phones']} / {r['screens']}"),
        ("votes accepted", f"{r['accepted']} of {r['votes']}"),
        ("errors", f"{r['errors']}" + (f"  ({', '.join(sorted(set(errors)))})" if errors else "")),
        ("votes per second", f"{r['votes_per_s']}"),
        ("vote → screen p50 / p95 / p99", f"{v2s['p50']} / {v2s['p95']} / {v2s['p99']} ms"),
        ("raw Kafka round trip p50 / p99", f"{raw['p50']} / {raw['p99']} ms"),
        ("tallies exact", "yes" if r["tallies_exact"] else "NO"),
    ]
    width = max(len(k) for k, _ in rows)
    print("\nworkshop benchmark")
    for k, v in rows:
        print(f"  {k.ljust(width)}  {v}")
