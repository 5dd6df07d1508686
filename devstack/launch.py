"""Start `python -m devstack` (what `make run` runs) on free ports, for tests and benchmarks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from devstack import embedded
from shared import registry

ROOT = Path(__file__).parent.parent
PORT_VARIABLES = (
    "PORT",
    *(f"{service.env}_PORT" for service in registry.SERVICES),
    *(f"{worker.env}_PORT" for _service, worker in registry.workers()),
    "GATEWAY_INTERNAL_PORT",
    "KAFKA_PORT",
    "MONGODB_PORT",
)


@dataclass
class LaunchedStack:
    """A running stack: its process, public URL, ports and console output."""

    proc: subprocess.Popen
    url: str
    ports: dict[str, int]
    output: Path

    def stop(self, timeout_s: float = 30) -> int:
        """Ctrl-C, as a person would; a kill if it does not end in time."""
        self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()


def launch(
    var: Path,
    env: dict[str, str],
    *,
    seed: bool = True,
    timeout_s: float = 180,
    wait: bool = True,
) -> LaunchedStack:
    """Start the stack with its data under `var` and wait for its "is running" banner.

    `env` adds settings (passwords, or KAFKA_BOOTSTRAP_SERVERS / MONGODB_URI to use servers the
    caller started); without those two the stack starts its own embedded servers. With
    `wait=False` it returns at once, for callers that watch the start-up themselves.
    """
    ports = {name: embedded.free_port() for name in PORT_VARIABLES}
    full_env = {
        k: v for k, v in os.environ.items() if k not in ("KAFKA_BOOTSTRAP_SERVERS", "MONGODB_URI")
    }
    full_env.update({k: str(v) for k, v in ports.items()}, VAR_DIR=str(var), **env)
    output = var / "devstack.out"
    var.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, "-m", "devstack", *([] if seed else ["--no-seed"])]
    proc = subprocess.Popen(
        args, env=full_env, cwd=ROOT, stdout=output.open("wb"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + timeout_s
    while wait and b"is running" not in output.read_bytes():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("the stack did not start:\n" + output.read_text(errors="replace"))
        time.sleep(0.3)
    return LaunchedStack(proc, f"http://127.0.0.1:{ports['PORT']}", ports, output)
