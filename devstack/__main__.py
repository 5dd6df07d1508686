"""python -m devstack: the whole system on one machine, seeded, supervised, until Ctrl-C.

Starts the embedded broker and database unless KAFKA_BOOTSTRAP_SERVERS / MONGODB_URI are set,
creates the topics and the staff accounts, starts every service and the gateway, waits for
/readyz, seeds a demo, prints the URLs and demo credentials, then keeps every process running
(devstack/supervisor.py) until Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path

from devstack.accounts import ensure_accounts
from devstack.seed import seed_ideas
from devstack.seed_exhibitions import seed_exhibition
from devstack.seed_hackathons import JUROR, seed_hackathon
from devstack.stack import DEMO_ACCOUNTS, SERVICES, WORKERS, Stack, prepare
from devstack.stopsignals import StopRequested, stop_signals
from devstack.supervisor import CrashLoop
from shared import registry
from shared.settings import Settings


def run(args: argparse.Namespace) -> int:
    """Start, seed and supervise the stack; return the exit code for the shell."""
    # From the very first step, so a signal during start-up or seeding stops what was started.
    stop_signals.install()
    var = Path(os.environ.get("VAR_DIR", "var")).resolve()
    env = dict(os.environ)
    env.setdefault("KEY_DIR", str(var / "keys"))
    stack = Stack(var, env)
    try:
        if not env.get("KAFKA_BOOTSTRAP_SERVERS"):
            port = int(env.get("KAFKA_PORT", "9092"))
            stack.start_broker(port)
            env["KAFKA_BOOTSTRAP_SERVERS"] = f"127.0.0.1:{port}"
        if not env.get("MONGODB_URI"):
            port = int(env.get("MONGODB_PORT", "27017"))
            stack.start_database(port)
            env["MONGODB_URI"] = (
                f"mongodb://127.0.0.1:{port}/?directConnection=true&retryWrites=false"
            )
        os.environ.update(env)
        settings = Settings()
        print("▶ connecting to the broker and the database; creating topics", flush=True)
        asyncio.run(prepare(settings))
        # Before the gateway starts, so that its /readyz never answers 200 without them.
        credentials = asyncio.run(ensure_accounts(settings, var))
        public = f"http://127.0.0.1:{settings.port}"
        env.setdefault("PUBLIC_URL", public)
        env.setdefault("JWKS_URL", f"{public}/api/auth/jwks")
        for name in SERVICES:
            entry = registry.service(name)
            env.setdefault(f"{entry.env}_URL", f"http://127.0.0.1:{settings.port_of(name)}")
        env.setdefault("GATEWAY_SERVICES", ",".join(SERVICES))
        env.setdefault("READY_ACCOUNTS", ",".join(DEMO_ACCOUNTS))
        os.environ.update(env)
        print("▶ starting gateway and services: " + ", ".join(SERVICES), flush=True)
        stack.start_python("gateway", "services.gateway")
        for name in SERVICES:
            stack.start_python(name, registry.service(name).module)
        for name, module in WORKERS:
            stack.start_python(name, module)
        stack.wait_ready(f"{public}/readyz", args.ready_timeout)
        # Votes are taken without it, but live tallies need the tally processor's consumer.
        stack.wait_ready(f"{public}/api/voting/status", args.ready_timeout)
        hackathon_id = None
        if not args.no_seed:
            asyncio.run(seed_ideas(public, credentials["moderator"]))
            asyncio.run(seed_exhibition(public, credentials["moderator"]))
            hackathon_id = asyncio.run(seed_hackathon(public, credentials["moderator"]))
        _print_banner(public, credentials, stack.logs, hackathon_id)
        stack.supervise()
        return 0
    except CrashLoop as exc:
        print(f"✗ {exc}; see {stack.logs}/", file=sys.stderr, flush=True)
        return 1
    except (RuntimeError, TimeoutError) as exc:
        print(f"✗ {exc}", file=sys.stderr, flush=True)
        return 1
    except (StopRequested, KeyboardInterrupt):
        return 0
    finally:
        stop_signals.ignore()
        print("▶ stopping", flush=True)
        stack.stop()
        print("▶ stopped", flush=True)


def _print_banner(
    public: str, credentials: dict[str, str], logs: Path, hackathon_id: str | None
) -> None:
    hackathon = ""
    if hackathon_id:
        hackathon = (
            f"\n  Demo hackathon       {public}/hackathon/{hackathon_id}   (teams sign up here)"
            f"\n  Hackathon screen     {public}/screen/hackathon/{hackathon_id}"
        )
    print(
        f"""
✔ OecherLab Co-Creation is running

  Citizen app          {public}/
  Moderator console    {public}/moderate
  Idea wall (screen)   {public}/screen/ideas
  Workshop console     {public}/workshop   (phones join at {public}/join)
  Exhibitions console  {public}/exhibitions (kiosks, QR sheets, the screen)
  Hackathons console   {public}/hackathons{hackathon}
  Jury                 {public}/jury   (log in as {JUROR})
  API                  {public}/api/ideas   (config: {public}/api/config)
  Health               {public}/healthz  {public}/readyz

  Demo accounts        moderator / {credentials.get("moderator", "?")}
                       admin     / {credentials.get("admin", "?")}
                       {JUROR} / {credentials.get(JUROR, "?")}
  Logs                 {logs}/
  Process ids          {logs.parent / "run"}/<name>.pid

A process that stops is started again. Press Ctrl-C to stop everything.""",
        flush=True,
    )


def main() -> int:
    """Parse the command line and run the stack."""
    # Progress lines, not the clients' connection errors while a server is still coming up.
    logging.basicConfig(level=logging.INFO, format="  … %(message)s")
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    parser = argparse.ArgumentParser(prog="python -m devstack")
    parser.add_argument("--no-seed", action="store_true", help="create accounts, but no demo ideas")
    parser.add_argument("--ready-timeout", type=float, default=120)
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
