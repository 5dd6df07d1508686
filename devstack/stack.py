"""The processes of `make run`: embedded servers, services and workers, under one supervisor."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from devstack import embedded
from devstack.supervisor import Supervisor
from shared import registry
from shared.kafka import CONTRACT_TOPICS, ensure_topics, wait_for_broker
from shared.mongo import wait_for_database
from shared.settings import Settings

SERVICES = registry.names()
# Processes beside the HTTP services: (stack name, module).
WORKERS = tuple((worker.name, worker.module) for _service, worker in registry.workers())
# The staff accounts whose existence /readyz waits for (CONTRACT, Starting).
DEMO_ACCOUNTS = ("moderator", "admin")


class Stack:
    """Starts the stack's processes under a Supervisor, logs under VAR_DIR/log."""

    def __init__(self, var: Path, env: dict[str, str]) -> None:
        self.var = var
        self.env = env
        self.logs = var / "log"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.supervisor = Supervisor(var / "run", say=lambda line: print(line, flush=True))

    def start_broker(self, port: int) -> None:
        """Tansu, memory only: after a restart the topics are created again."""
        if embedded.port_open(port):
            raise RuntimeError(f"port {port} is taken; stop what runs there or set KAFKA_PORT")
        print(f"▶ starting the embedded broker (Tansu) on 127.0.0.1:{port}", flush=True)
        log = self.logs / "broker.log"
        proc = self.supervisor.add(
            "broker",
            lambda: embedded.start_broker(port, log),
            after_restart=self._recreate_topics,
        )
        embedded.wait_for_port(port, "the broker", proc, 30)

    def start_database(self, port: int) -> None:
        """SecantusDB with its data on disk under VAR_DIR/mongo."""
        if embedded.port_open(port):
            raise RuntimeError(f"port {port} is taken; stop what runs there or set MONGODB_PORT")
        data = self.var / "mongo"
        data.mkdir(parents=True, exist_ok=True)
        print(f"▶ starting the embedded database (SecantusDB) on 127.0.0.1:{port}, data in {data}")
        log = self.logs / "database.log"
        proc = self.supervisor.add(
            "database", lambda: embedded.start_database(port, str(data), log)
        )
        embedded.wait_for_port(port, "the database", proc, 60)

    def start_python(self, name: str, module: str) -> None:
        """A service or worker: `python -m module`, its output in VAR_DIR/log/<name>.log."""
        path = self.logs / f"{name}.log"

        def start() -> subprocess.Popen:
            with path.open("ab") as log:
                return subprocess.Popen(
                    [sys.executable, "-m", module],
                    env=self.env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )

        self.supervisor.add(name, start)

    def _recreate_topics(self) -> None:
        # The services recreate topics too when they reconnect; this makes it prompt.
        try:
            asyncio.run(asyncio.wait_for(prepare_broker(Settings()), 30))
        except Exception as exc:
            print(f"  … topics not created yet ({exc}); the services will retry", flush=True)

    def wait_ready(self, url: str, timeout_s: float) -> None:
        """Wait for `url` to answer 200, restarting what dies meanwhile, showing progress."""
        started = time.monotonic()
        last_note = 0.0
        while not _answers_200(url):
            self.supervisor.check()
            elapsed = time.monotonic() - started
            if elapsed > timeout_s:
                raise TimeoutError(f"{url} did not answer 200 within {timeout_s:.0f}s")
            if elapsed - last_note > 5:
                print(f"  … waiting for {url} ({elapsed:.0f}s)", flush=True)
                last_note = elapsed
            time.sleep(0.3)

    def supervise(self) -> None:
        """Keep every process running; returns only by an exception (a signal, a crash loop)."""
        while True:
            self.supervisor.check()
            time.sleep(0.2)

    def stop(self) -> None:
        """Stop every process this stack started."""
        self.supervisor.stop()


def _answers_200(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:  # noqa: S310 (our own URL)
            return resp.status == 200
    except (urllib.error.URLError, OSError):
        return False


async def prepare_broker(settings: Settings) -> None:
    """The broker answers and the contract's topics exist."""
    await wait_for_broker(settings, timeout_s=60)
    await ensure_topics(settings, CONTRACT_TOPICS)


async def prepare(settings: Settings) -> None:
    """Topics exist and the database answers before any service starts."""
    await prepare_broker(settings)
    await wait_for_database(settings.mongodb_uri, timeout_s=60)
