"""make chaos: phones vote while processes of the stack are SIGKILLed at random moments.

Starts the stack as `make run` does (own ports and data folder), lets a room of phones vote and
change their votes, kills the tally worker, the voting and ideas services, the gateway and the
broker at random (at least --kills times), and prints kills, restarts, votes acknowledged, and
whether every tally equals the phones' last acknowledged choices. Exit code 0 only if it does.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

from chaos.killer import Killer
from chaos.phones import Room
from devstack.launch import launch

TARGETS = ("voting-tally", "voting", "ideas", "gateway", "broker")
# A throw-away stack of this run only, on loopback, deleted afterwards.
PASSWORD = secrets.token_urlsafe(12)


async def run(args: argparse.Namespace, var: Path) -> dict:
    """One chaos run against a stack under `var`; returns the figures."""
    # A cheap proof of work: the phones here stand for devices, not for the cost of a token.
    env = {"DEMO_MODERATOR_PASSWORD": PASSWORD, "PARTICIPANT_POW_COST": "10"}
    stack = launch(var, env, seed=False, timeout_s=args.start_timeout)
    print(f"▶ stack running at {stack.url} (data in {var})", flush=True)
    started = time.monotonic()
    try:
        connector = aiohttp.TCPConnector(limit=args.phones + 10)
        async with aiohttp.ClientSession(connector=connector) as http:
            room = Room(stack.url, PASSWORD, phones=args.phones, seed=args.seed)
            await room.setup(http)
            stop = asyncio.Event()
            voting = asyncio.create_task(room.run(http, stop))
            killer = Killer(var / "run", TARGETS, random.Random(args.seed), stack.url)
            await killer.run(args.kills, args.max_seconds)
            print("▶ kills done; waiting for every process to be back", flush=True)
            await killer.all_back(http, timeout_s=120)
            await asyncio.sleep(2)  # votes after the last restart
            stop.set()
            await voting
            print("▶ phones stopped; waiting for the tally to settle", flush=True)
            result = await room.settled_tally(http, timeout_s=args.settle_timeout)
        output = stack.output.read_text(errors="replace")
        figures = {
            "seconds": round(time.monotonic() - started, 1),
            "kills": killer.kills,
            "kills_by_target": killer.by_target,
            "restarts": output.count("↻ "),
            "phones": args.phones,
            "votes_acknowledged": room.acknowledged,
            "retries": room.retries,
            "refused": dict(room.refused),
            "voters_expected": result.voters_expected,
            "voters_counted": result.voters_counted,
            "lost": result.lost,
            "counted_twice": result.counted_twice,
            "exact": result.exact,
            "stack_alive": stack.proc.poll() is None,
        }
    finally:
        stack.stop()
    return figures


def main() -> int:
    """Parse the options, run once, print the figures; non-zero exit when a vote went wrong."""
    parser = argparse.ArgumentParser(prog="python -m chaos")
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--phones", type=int, default=60)
    parser.add_argument("--seed", type=int, default=int(time.time()) % 10_000)
    parser.add_argument("--max-seconds", type=float, default=900)
    parser.add_argument("--start-timeout", type=float, default=180)
    parser.add_argument("--settle-timeout", type=float, default=90)
    parser.add_argument("--keep", action="store_true", help="keep the data folder")
    args = parser.parse_args()
    print(f"▶ chaos run: {args.kills} kills, {args.phones} phones, seed {args.seed}", flush=True)
    var = Path(tempfile.mkdtemp(prefix="oecherlab-chaos-"))
    try:
        figures = asyncio.run(run(args, var))
    finally:
        if not args.keep:
            shutil.rmtree(var, ignore_errors=True)
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    ok = figures["exact"] and figures["kills"] >= args.kills and figures["stack_alive"]
    print(
        f"\n{'✔' if ok else '✗'} {figures['kills']} kills, {figures['restarts']} restarts, "
        f"{figures['votes_acknowledged']} votes acknowledged; lost: {figures['lost']}, "
        f"counted twice: {figures['counted_twice']}",
        flush=True,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
