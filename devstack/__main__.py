"""python -m devstack: the whole system on one machine, seeded, until Ctrl-C.

Starts the embedded broker and database unless KAFKA_BOOTSTRAP_SERVERS / MONGODB_URI are set,
creates the topics, starts every service and the gateway, waits for /readyz, seeds a demo and
prints the URLs and demo credentials.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from devstack import embedded
from devstack.seed import seed
from shared.kafka import CONTRACT_TOPICS, ensure_topics, wait_for_broker
from shared.mongo import wait_for_database
from shared.settings import Settings

SERVICES = ("ideas", "voting")
# Processes beside the HTTP services: (stack name, module).
WORKERS = (("voting-tally", "services.voting.tally"),)


class Stack:
    """The processes of the stack, stopped in reverse order of their start."""

    def __init__(self, var: Path) -> None:
        self.var = var
        self.logs = var / "log"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.procs: list[tuple[str, subprocess.Popen]] = []

    def add(self, name: str, proc: subprocess.Popen) -> None:
        self.procs.append((name, proc))

    def start_python(self, name: str, module: str, env: dict[str, str]) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("ab")
        proc = subprocess.Popen(
            [sys.executable, "-m", module],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.add(name, proc)
        return proc

    def dead(self) -> list[str]:
        return [name for name, p in self.procs if p.poll() is not None]

    def stop(self) -> None:
        for _name, proc in reversed(self.procs):
            embedded.stop(proc)


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:  # noqa: S310 (our own URL)
            return resp.status == 200
    except (urllib.error.URLError, OSError):
        return False


def wait_ready(stack: Stack, url: str, timeout_s: float) -> None:
    """Wait for /readyz, showing progress; fail fast when a process died."""
    started = time.monotonic()
    last_note = 0.0
    while not _ready(url):
        if dead := stack.dead():
            raise RuntimeError(f"{', '.join(dead)} stopped; see {stack.logs}/<name>.log")
        elapsed = time.monotonic() - started
        if elapsed > timeout_s:
            raise TimeoutError(f"{url} did not answer 200 within {timeout_s:.0f}s")
        if elapsed - last_note > 5:
            print(f"  … waiting for {url} ({elapsed:.0f}s)", flush=True)
            last_note = elapsed
        time.sleep(0.3)


async def prepare(settings: Settings) -> None:
    """Topics exist and the database answers before any service starts."""
    await wait_for_broker(settings, timeout_s=60)
    await ensure_topics(settings, CONTRACT_TOPICS)
    await wait_for_database(settings.mongodb_uri, timeout_s=60)


def run(args: argparse.Namespace) -> int:
    var = Path(os.environ.get("VAR_DIR", "var")).resolve()
    stack = Stack(var)
    env = dict(os.environ)
    env.setdefault("KEY_DIR", str(var / "keys"))
    try:
        if not env.get("KAFKA_BOOTSTRAP_SERVERS"):
            port = int(env.get("KAFKA_PORT", "9092"))
            if embedded.port_open(port):
                raise RuntimeError(f"port {port} is taken; stop what runs there or set KAFKA_PORT")
            print(f"▶ starting the embedded broker (Tansu) on 127.0.0.1:{port}", flush=True)
            proc = embedded.start_broker(port, stack.logs / "tansu.log")
            stack.add("tansu", proc)
            embedded.wait_for_port(port, "the broker", proc, 30)
            env["KAFKA_BOOTSTRAP_SERVERS"] = f"127.0.0.1:{port}"
        if not env.get("MONGODB_URI"):
            port = int(env.get("MONGODB_PORT", "27017"))
            if embedded.port_open(port):
                raise RuntimeError(
                    f"port {port} is taken; stop what runs there or set MONGODB_PORT"
                )
            data = var / "mongo"
            data.mkdir(parents=True, exist_ok=True)
            print(
                f"▶ starting the embedded database (SecantusDB) on 127.0.0.1:{port}, data in {data}"
            )
            proc = embedded.start_database(port, str(data), stack.logs / "secantusdb.log")
            stack.add("secantusdb", proc)
            embedded.wait_for_port(port, "the database", proc, 60)
            env["MONGODB_URI"] = (
                f"mongodb://127.0.0.1:{port}/?directConnection=true&retryWrites=false"
            )
        os.environ.update(env)
        settings = Settings()
        print("▶ connecting to the broker and the database; creating topics", flush=True)
        asyncio.run(prepare(settings))
        public = f"http://127.0.0.1:{settings.port}"
        env.setdefault("PUBLIC_URL", public)
        env.setdefault("JWKS_URL", f"{public}/api/auth/jwks")
        env.setdefault("IDEAS_URL", f"http://127.0.0.1:{settings.ideas_port}")
        env.setdefault("VOTING_URL", f"http://127.0.0.1:{settings.voting_port}")
        env.setdefault("GATEWAY_SERVICES", ",".join(SERVICES))
        print("▶ starting gateway and services: " + ", ".join(SERVICES), flush=True)
        stack.start_python("gateway", "services.gateway", env)
        for name in SERVICES:
            stack.start_python(name, f"services.{name}", env)
        for name, module in WORKERS:
            stack.start_python(name, module, env)
        wait_ready(stack, f"{public}/readyz", args.ready_timeout)
        # Votes are taken without it, but live tallies need the tally processor's consumer.
        wait_ready(stack, f"{public}/api/voting/status", args.ready_timeout)
        os.environ.update(env)
        credentials = asyncio.run(seed(Settings(), public, var, with_demo=not args.no_seed))
        _print_banner(public, credentials, stack.logs)
        return _wait_for_stop(stack)
    except (RuntimeError, TimeoutError) as exc:
        print(f"✗ {exc}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        print("▶ stopping", flush=True)
        stack.stop()


def _print_banner(public: str, credentials: dict[str, str], logs: Path) -> None:
    print(
        f"""
✔ OecherLab Co-Creation is running

  Citizen app          {public}/
  Moderator console    {public}/moderate
  Idea wall (screen)   {public}/screen/ideas
  Workshop console     {public}/workshop   (phones join at {public}/join)
  API                  {public}/api/ideas   (config: {public}/api/config)
  Health               {public}/healthz  {public}/readyz

  Demo accounts        moderator / {credentials.get("moderator", "?")}
                       admin     / {credentials.get("admin", "?")}
  Logs                 {logs}/

Press Ctrl-C to stop everything.""",
        flush=True,
    )


def _wait_for_stop(stack: Stack) -> int:
    stopping = False

    def on_signal(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    while not stopping:
        if dead := stack.dead():
            print(f"✗ {', '.join(dead)} stopped unexpectedly; see {stack.logs}", file=sys.stderr)
            return 1
        time.sleep(0.5)
    return 0


def main() -> int:
    # Progress lines, not the clients' connection errors while a server is still coming up.
    logging.basicConfig(level=logging.INFO, format="  … %(message)s")
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    parser = argparse.ArgumentParser(prog="python -m devstack")
    parser.add_argument("--no-seed", action="store_true", help="create accounts, but no demo ideas")
    parser.add_argument("--ready-timeout", type=float, default=120)
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
