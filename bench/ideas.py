"""Scenario `ideas`: 30,000 ideas, 200 requests/s open loop through the public origin.

Starts its own embedded broker and database, bulk-loads the ideas straight into MongoDB (not
through the API), then starts the system with `python -m devstack` against them, so that the
ideas service builds its read model from the loaded data as it would in production.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp

from devstack import embedded
from devstack.launch import launch
from services.ideas.search import terms_of
from shared.mongo import make_client
from shared.settings import DEFAULT_FIELDS_OF_ACTION, Settings

ROOT = Path(__file__).parent.parent
PLACES = [
    "am Markt",
    "am Templergraben",
    "in Burtscheid",
    "in Brand",
    "am Lousberg",
    "in Haaren",
    "in Laurensberg",
    "an der Jülicher Straße",
    "im Frankenberger Viertel",
    "am Bahnhof",
    "in Richterich",
    "in Kornelimünster",
    "am Elisenbrunnen",
    "im Westpark",
    "in Eilendorf",
]
THINGS = [
    "Mehr Bäume",
    "Sichere Radwege",
    "Ein Spielplatz",
    "Öffentliche Trinkbrunnen",
    "Solaranlagen",
    "Freies WLAN",
    "Carsharing-Stationen",
    "Ladesäulen für E-Autos",
    "Sitzbänke",
    "Fahrradständer",
    "Ein Repair-Café",
    "Digitale Bürgerdienste",
    "Blühwiesen",
    "Bessere Beleuchtung",
    "Eine Bücherbox",
    "Gründerzentren",
    "Lastenräder zum Ausleihen",
    "Barrierefreie Haltestellen",
    "Urban Gardening",
]
WHY = [
    "damit Kinder sicher spielen können",
    "für ein besseres Stadtklima",
    "weil der Verkehr dort gefährlich ist",
    "damit ältere Menschen mitmachen können",
    "um Energie zu sparen",
    "für mehr Begegnung im Viertel",
    "damit Fahrräder sicher stehen",
]
SEARCHES = [
    "Baum",
    "Radweg",
    "Spielplatz",
    "Bäume",
    "WLAN",
    "Solaranlage",
    "Bänke",
    "Lastenrad",
    "Haltestelle",
    "Brunnen",
    "Energie",
    "Kinder",
]
OPERATIONS = {
    "list_new": "/api/ideas?sort=new",
    "list_top": "/api/ideas?sort=top",
    "by_field": "/api/ideas?field={field}",
    "page_2": "/api/ideas?sort=new&page=2",
    "search": "/api/ideas?q={q}",
}


def make_ideas(n: int, rng: random.Random) -> list[dict]:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    docs = []
    for i in range(n):
        title = f"{rng.choice(THINGS)} {rng.choice(PLACES)}"
        body = f"{title}, {rng.choice(WHY)}. Vorschlag Nr. {i}."
        created = start + timedelta(minutes=i * 30 + rng.randint(0, 29))
        published = rng.random() < 0.8
        status = (
            rng.choice(["published"] * 6 + ["in_review", "implemented", "rejected"])
            if published
            else "submitted"
        )
        docs.append(
            {
                "_id": uuid.uuid4().hex[:16],
                "title": title,
                "body": body,
                "field": rng.choice(DEFAULT_FIELDS_OF_ACTION),
                "location": None,
                "status": status,
                "author": f"p:{rng.randint(0, 5000)}",
                "created_at": created,
                "updated_at": created,
                "published_at": created + timedelta(hours=2) if published else None,
                "answer": None,
                "supports": rng.randint(0, 300) if published else 0,
                "comments": 0,
                "terms": terms_of(f"{title} {body}"),
                "version": 1,
            }
        )
    return docs


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def open_loop(url: str, rate: int, seconds: float, rng: random.Random) -> dict[str, dict]:
    """Requests at fixed times, whether or not earlier ones have finished (no coordinated omission)."""
    latencies: dict[str, list[float]] = {op: [] for op in OPERATIONS}
    errors = dict.fromkeys(OPERATIONS, 0)
    connector = aiohttp.TCPConnector(limit=200)
    async with aiohttp.ClientSession(connector=connector) as http:

        async def one(op: str, path: str, scheduled: float) -> None:
            try:
                async with http.get(url + path) as r:
                    await r.read()
                    if r.status != 200:
                        errors[op] += 1
                        return
            except aiohttp.ClientError:
                errors[op] += 1
                return
            latencies[op].append((time.perf_counter() - scheduled) * 1000)

        tasks = []
        start = time.perf_counter()
        for i in range(int(rate * seconds)):
            scheduled = start + i / rate
            await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
            op = list(OPERATIONS)[i % len(OPERATIONS)]
            path = OPERATIONS[op].format(
                field=rng.choice(DEFAULT_FIELDS_OF_ACTION), q=rng.choice(SEARCHES)
            )
            tasks.append(asyncio.create_task(one(op, path, scheduled)))
        await asyncio.gather(*tasks)
    return {
        op: {
            "requests": len(latencies[op]) + errors[op],
            "errors": errors[op],
            "p50_ms": round(percentile(latencies[op], 50), 2),
            "p95_ms": round(percentile(latencies[op], 95), 2),
            "p99_ms": round(percentile(latencies[op], 99), 2),
        }
        for op in OPERATIONS
    }


async def max_rate(url: str, readers: int, seconds: float, rng: random.Random) -> float:
    """Requests per second that `readers` clients, each waiting for its answer, reach."""
    done = 0
    deadline = time.perf_counter() + seconds
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=readers)) as http:

        async def reader() -> None:
            nonlocal done
            i = 0
            while time.perf_counter() < deadline:
                op = list(OPERATIONS)[i % len(OPERATIONS)]
                path = OPERATIONS[op].format(
                    field=rng.choice(DEFAULT_FIELDS_OF_ACTION), q=rng.choice(SEARCHES)
                )
                async with http.get(url + path) as r:
                    await r.read()
                done += 1
                i += 1

        started = time.perf_counter()
        await asyncio.gather(*(reader() for _ in range(readers)))
        return done / (time.perf_counter() - started)


async def raw_find_one_p99(uri: str, db: str, ids: list[str], n: int = 2000) -> float:
    client = make_client(uri)
    try:
        coll = client[db]["ideas"]
        samples = []
        for idea_id in random.Random(1).choices(ids, k=n):
            t = time.perf_counter()
            await coll.find_one({"_id": idea_id})
            samples.append((time.perf_counter() - t) * 1000)
        return round(percentile(samples, 99), 2)
    finally:
        await client.close()


async def run(argv: list[str]) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench ideas")
    parser.add_argument("--ideas", type=int, default=30_000)
    parser.add_argument("--rate", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args(argv)
    rng = random.Random(42)
    work = Path(tempfile.mkdtemp(prefix="bench-ideas-"))
    kafka_port, mongo_port = embedded.free_port(), embedded.free_port()
    broker = embedded.start_broker(kafka_port, work / "tansu.log")
    database = embedded.start_database(mongo_port, str(work / "db"), work / "db.log")
    stack = None
    try:
        embedded.wait_for_port(kafka_port, "broker", broker, 30)
        embedded.wait_for_port(mongo_port, "database", database, 60)
        uri = f"mongodb://127.0.0.1:{mongo_port}/?directConnection=true&retryWrites=false"
        settings = Settings(mongodb_uri=uri)
        print(f"loading {args.ideas:,} ideas into MongoDB …", flush=True)
        docs = make_ideas(args.ideas, rng)
        client = make_client(uri)
        t = time.perf_counter()
        for i in range(0, len(docs), 5000):
            await client[settings.database("ideas")]["ideas"].insert_many(
                docs[i : i + 5000], ordered=False
            )
        await client.close()
        print(f"  loaded in {time.perf_counter() - t:.1f}s", flush=True)

        t = time.perf_counter()
        # The system uses the servers loaded above instead of starting embedded ones.
        stack = await asyncio.to_thread(
            launch,
            work / "var",
            {
                "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{kafka_port}",
                "MONGODB_URI": uri,
                "DEMO_MODERATOR_PASSWORD": uuid.uuid4().hex,
                "DEMO_ADMIN_PASSWORD": uuid.uuid4().hex,
            },
            seed=False,
        )
        print(
            f"  system ready in {time.perf_counter() - t:.1f}s (read model built from the database)",
            flush=True,
        )
        url = stack.url
        await open_loop(url, 50, 2, rng)  # warm-up
        print(f"open loop: {args.rate} requests/s for {args.seconds:.0f}s …", flush=True)
        operations = await open_loop(url, args.rate, args.seconds, rng)
        print("closed loop: 50 concurrent readers for 10s …", flush=True)
        rps = await max_rate(url, 50, 10, rng)
        raw = await raw_find_one_p99(uri, settings.database("ideas"), [d["_id"] for d in docs])
    finally:
        if stack is not None:
            stack.stop()
        embedded.stop(broker)
        embedded.stop(database)

    result = {
        "ideas": args.ideas,
        "rate_per_s": args.rate,
        "operations": operations,
        "max_rps_50_readers": round(rps),
        "raw_find_one_p99_ms": raw,
    }
    print(
        f"\n{'operation':<10} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
    )
    for op, f in operations.items():
        print(
            f"{op:<10} {f['requests']:>8} {f['errors']:>6} {f['p50_ms']:>8} {f['p95_ms']:>8} {f['p99_ms']:>8}"
        )
    print(f"\nmax rate with 50 concurrent readers: {rps:,.0f} requests/s")
    print(f"raw find_one by _id on the same database: p99 {raw} ms")
    worst = max(f["p99_ms"] for f in operations.values())
    print(f"slowest operation p99 {worst} ms = {worst / raw:.1f}× a raw find_one")
    return result
