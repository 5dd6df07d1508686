"""Scenario exhibition (issue 10, point 9): kiosks and phones rate exhibits while screens watch.

Starts its own stack (`python -m devstack` on free ports), makes an open exhibition with ten
exhibits and 50 kiosk tablets (five per exhibit), then for `--seconds` (60) every kiosk rates
once per kiosk interval (5 s) and 2,000 phones, spread evenly, each get a token and rate one
exhibit, while 20 WebSocket screens watch exhibition:<id>. Then one more kiosk sends a queue of
500 ratings given while it was offline (spaced by the interval, each with an Idempotency-Key),
twice. Measures: errors (anything but 202), rating-to-screen latency (from a rating's 202 to the
first screen state whose total count includes it, the k-th accepted rating being included once
a screen shows at least k), whether the summaries equal the accepted ratings exactly, and the
replayed queue counted once; with the raw Kafka round trip on the same broker as the yardstick.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import secrets
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp

from bench.common import _pct, kafka_roundtrip
from bench.screens import Screen
from devstack.launch import launch
from devstack.pow import participant_headers

PASSWORD = secrets.token_urlsafe(12)
FIELDS = (
    "Digitale Services und Gesellschaft",
    "Klimaschutz, Energie und Mobilität",
    "Wirtschaft und Technologie",
)
INTERVAL_S = 5.0


async def run(argv: list[str]) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench exhibition")
    parser.add_argument("--phones", type=int, default=2000)
    parser.add_argument("--kiosks", type=int, default=50)
    parser.add_argument("--screens", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--offline", type=int, default=500, help="ratings queued offline")
    args = parser.parse_args(argv)
    var = Path(tempfile.mkdtemp(prefix="bench-exhibition-"))
    print(f"▶ starting a stack for the benchmark (logs in {var}/log)", flush=True)
    env = {
        "DEMO_MODERATOR_PASSWORD": PASSWORD,
        "DEMO_ADMIN_PASSWORD": PASSWORD + "-admin",
        "PARTICIPANT_POW_COST": "10",  # this measures feedback, not the phones' proof of work
        "KIOSK_INTERVAL_S": str(INTERVAL_S),
    }
    stack = launch(var, env, seed=False)
    try:
        return await _scenario(args, stack.url, f"127.0.0.1:{stack.ports['KAFKA_PORT']}")
    finally:
        stack.stop()


class Run:
    """The accepted ratings: when each was answered, and what each exhibit should show."""

    def __init__(self) -> None:
        self.accepted_at: list[float] = []
        self.expected: dict[str, Counter] = {}
        self.errors: list[str] = []

    def accept(self, exhibit: str, rating: int) -> None:
        self.accepted_at.append(time.perf_counter())
        self.expected.setdefault(exhibit, Counter())[str(rating)] += 1


async def _post(http, url, body, headers, run: Run, exhibit: str, what: str) -> bool:
    try:
        async with http.post(url, json=body, headers=headers) as r:
            if r.status == 202:
                run.accept(exhibit, body["rating"])
                return True
            run.errors.append(f"{what} {r.status}")
    except (aiohttp.ClientError, TimeoutError) as exc:
        run.errors.append(f"{what} {type(exc).__name__}")
    return False


async def _scenario(args: argparse.Namespace, url: str, bootstrap: str) -> dict:
    rng = random.Random(10)
    connector = aiohttp.TCPConnector(limit=200)
    async with aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=60), connector=connector
    ) as http:
        login = {"username": "moderator", "password": PASSWORD}
        async with http.post(f"{url}/api/auth/login", json=login) as r:
            staff = {"Authorization": f"Bearer {(await r.json())['access_token']}"}
        async with http.post(
            f"{url}/api/exhibitions", json={"title": "Benchmark"}, headers=staff
        ) as r:
            exhibition = (await r.json())["id"]
        exhibits = []
        for i in range(10):
            body = {"title": f"Exponat {i + 1}", "field": FIELDS[i % len(FIELDS)]}
            path = f"{url}/api/exhibitions/{exhibition}/exhibits"
            async with http.post(path, json=body, headers=staff) as r:
                exhibits.append((await r.json())["id"])
        await http.post(f"{url}/api/exhibitions/{exhibition}/open", headers=staff)

        async def kiosk_token(exhibit: str) -> dict[str, str]:
            path = f"{url}/api/exhibitions/exhibits/{exhibit}/kiosk"
            async with http.post(path, headers=staff) as r:
                answer = await r.json(content_type=None)
                assert r.status == 201, f"no kiosk token: {r.status} {answer}"
                return {"Authorization": f"Bearer {answer['access_token']}"}

        kiosks = [
            (exhibits[i % 10], await kiosk_token(exhibits[i % 10])) for i in range(args.kiosks)
        ]
        screens = [Screen() for _ in range(args.screens)]
        ready = [asyncio.Event() for _ in screens]
        ws_url = url.replace("http", "ws") + "/ws"
        channel = f"exhibition:{exhibition}"
        watchers = [
            asyncio.create_task(s.watch(http, ws_url, channel, e))
            for s, e in zip(screens, ready, strict=True)
        ]
        await asyncio.wait_for(asyncio.gather(*(e.wait() for e in ready)), 30)
        await asyncio.sleep(0.5)

        run = Run()
        t0 = time.perf_counter()

        async def kiosk(n: int, exhibit: str, headers: dict[str, str]) -> None:
            presses = int(args.seconds / (INTERVAL_S + 0.2))
            path = f"{url}/api/exhibitions/exhibits/{exhibit}/feedback"
            for k in range(presses):
                # Staggered kiosks, a little over the interval apart: none should meet a 429.
                start = t0 + (n % 25) * 0.2 + k * (INTERVAL_S + 0.2)
                await asyncio.sleep(max(0.0, start - time.perf_counter()))
                await _post(
                    http, path, {"rating": rng.randint(1, 5)}, headers, run, exhibit, "kiosk"
                )

        async def phone(i: int) -> None:
            await asyncio.sleep(max(0.0, t0 + i * args.seconds / args.phones - time.perf_counter()))
            try:
                who = await participant_headers(http, url)
            except (aiohttp.ClientError, TimeoutError, KeyError) as exc:
                run.errors.append(f"token {type(exc).__name__}")
                return
            exhibit = rng.choice(exhibits)
            path = f"{url}/api/exhibitions/exhibits/{exhibit}/feedback"
            await _post(http, path, {"rating": rng.randint(1, 5)}, who, run, exhibit, "phone")

        await asyncio.gather(
            *(kiosk(n, e, h) for n, (e, h) in enumerate(kiosks)),
            *(phone(i) for i in range(args.phones)),
        )
        duration = time.perf_counter() - t0
        accepted = len(run.accepted_at)
        for _ in range(300):
            if all(s.last >= accepted for s in screens):
                break
            await asyncio.sleep(0.1)
        latencies, missing = Screen.latencies(screens, run.accepted_at)
        for w in watchers:
            w.cancel()

        replay = await _offline_replay(
            http, url, exhibits[0], await kiosk_token(exhibits[0]), args.offline
        )
        # The queue must count exactly once, whatever the replay answered.
        run.expected.setdefault(exhibits[0], Counter()).update(replay["ratings"])
        async with http.get(f"{url}/api/exhibitions/{exhibition}/summary") as r:
            summary = await r.json()
        shown = {e["exhibit_id"]: Counter(e["distribution"]) for e in summary["exhibits"]}
        # Counter's unary + drops zero counts, so {"1": 0, ...} equals an empty Counter.
        exact = all(+shown.get(e, Counter()) == +run.expected.get(e, Counter()) for e in exhibits)

    result = {
        "kiosks": args.kiosks,
        "phones": args.phones,
        "screens": args.screens,
        "seconds": args.seconds,
        "accepted": accepted,
        "errors": len(run.errors),
        "ratings_per_s": round(accepted / max(duration, 1e-9), 1),
        "rating_to_screen_ms": _pct(latencies, 50, 95, 99),
        "screen_updates_missing": missing,
        "offline_queue": {k: v for k, v in replay.items() if k != "ratings"},
        "summaries_exact": exact,
        "raw_kafka_roundtrip_ms": await kafka_roundtrip(bootstrap),
    }
    _print(result, run.errors)
    return result


async def _offline_replay(http, url: str, exhibit: str, kiosk: dict[str, str], n: int) -> dict:
    """A kiosk's queue of `n` ratings given while offline, sent in one burst, then again: each
    must count once (Idempotency-Key), and the interval applies to when they were given."""
    path = f"{url}/api/exhibitions/exhibits/{exhibit}/feedback"
    given = datetime.now(UTC) - timedelta(seconds=(n + 2) * INTERVAL_S)
    queue = [
        (
            str(uuid.uuid4()),
            {
                "rating": 1 + i % 5,
                "given_at": (given + timedelta(seconds=i * INTERVAL_S)).isoformat(),
            },
        )
        for i in range(n)
    ]
    async with http.get(f"{path.removesuffix('/feedback')}/summary") as r:
        before = (await r.json())["count"]
    answers: Counter = Counter()
    for _round in range(2):
        for key, body in queue:
            async with http.post(path, json=body, headers={**kiosk, "Idempotency-Key": key}) as r:
                answers[r.status] += 1
    async with http.get(f"{path.removesuffix('/feedback')}/summary") as r:
        after = (await r.json())["count"]
    return {
        "queued": n,
        "sent": 2 * n,
        "answers": {str(k): v for k, v in answers.items()},
        "counted": after - before,
        "ratings": Counter(str(body["rating"]) for _k, body in queue),
    }


def _print(r: dict, errors: list[str]) -> None:
    lat, raw, q = r["rating_to_screen_ms"], r["raw_kafka_roundtrip_ms"], r["offline_queue"]
    rows = [
        ("kiosks / phones / screens", f"{r['kiosks']} / {r['phones']} / {r['screens']}"),
        ("ratings accepted", f"{r['accepted']} in {r['seconds']:.0f} s ({r['ratings_per_s']}/s)"),
        ("errors", f"{r['errors']}" + (f"  ({', '.join(sorted(set(errors)))})" if errors else "")),
        ("rating → screen p50 / p95 / p99", f"{lat['p50']} / {lat['p95']} / {lat['p99']} ms"),
        ("offline queue: sent / counted", f"{q['sent']} / {q['counted']} (answers {q['answers']})"),
        ("raw Kafka round trip p50 / p99", f"{raw['p50']} / {raw['p99']} ms"),
        ("summaries exact", "yes" if r["summaries_exact"] else "NO"),
    ]
    width = max(len(k) for k, _ in rows)
    print("\nexhibition benchmark")
    for k, v in rows:
        print(f"  {k.ljust(width)}  {v}")
