"""Keeps the stack's processes running: restart with backoff, pid files, a clean stop.

A small lab runs `make run` on one machine for real, so a process that dies must come back without
a person at the keyboard. Only a process that keeps dying right after its start stops the stack:
restarting it forever would hide a broken configuration behind an endless log.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from devstack.stopsignals import stop_signals

# A process that ran this long before dying counts as a fresh failure, not a crash loop.
STABLE_AFTER_S = 10.0
BACKOFF_START_S = 0.5
BACKOFF_MAX_S = 15.0
# This many quick crashes in a row stop the stack.
MAX_QUICK_CRASHES = 5

StartFn = Callable[[], subprocess.Popen]
Say = Callable[[str], None]


class CrashLoop(RuntimeError):
    """A process keeps dying right after its start; the stack gives up on it."""


@dataclass
class Child:
    """One supervised process and its restart bookkeeping."""

    name: str
    start: StartFn
    after_restart: Callable[[], None] | None = None
    proc: subprocess.Popen | None = None
    started_at: float = 0.0
    quick_crashes: int = 0
    due_at: float | None = None  # when a dead process is started again


class Supervisor:
    """Starts named processes, writes VAR_DIR/run/<name>.pid, restarts the ones that die."""

    def __init__(self, run_dir: Path, say: Say = print) -> None:
        self.run_dir = run_dir
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.say = say
        self.children: dict[str, Child] = {}
        self.stopping = False

    def add(
        self, name: str, start: StartFn, *, after_restart: Callable[[], None] | None = None
    ) -> subprocess.Popen:
        """Start a process under supervision; `after_restart` runs each time it came back."""
        child = Child(name, start, after_restart)
        self.children[name] = child
        self._launch(child)
        assert child.proc is not None
        return child.proc

    def _launch(self, child: Child) -> None:
        with stop_signals.held():
            child.proc = child.start()
            child.started_at = time.monotonic()
            child.due_at = None
            self._pid_file(child.name).write_text(f"{child.proc.pid}\n")

    def _pid_file(self, name: str) -> Path:
        return self.run_dir / f"{name}.pid"

    def check(self) -> None:
        """Notice dead processes and start them again when their backoff has passed.

        Raises CrashLoop when one died MAX_QUICK_CRASHES times in a row soon after starting.
        """
        now = time.monotonic()
        for child in self.children.values():
            proc = child.proc
            if proc is None or proc.poll() is None or self.stopping:
                continue
            if child.due_at is None:
                self._schedule(child, proc.returncode, now)
            elif now >= child.due_at:
                self._launch(child)
                self.say(f"↻ {child.name} started again (pid {child.proc.pid})")
                if child.after_restart is not None:
                    child.after_restart()

    def _schedule(self, child: Child, code: int, now: float) -> None:
        ran = now - child.started_at
        child.quick_crashes = child.quick_crashes + 1 if ran < STABLE_AFTER_S else 1
        if child.quick_crashes >= MAX_QUICK_CRASHES:
            raise CrashLoop(
                f"{child.name} stopped {child.quick_crashes} times in a row within "
                f"{STABLE_AFTER_S:.0f}s of starting (last exit code {code}); giving up"
            )
        delay = min(BACKOFF_START_S * 2 ** (child.quick_crashes - 1), BACKOFF_MAX_S)
        child.due_at = now + delay
        self.say(
            f"✗ {child.name} stopped unexpectedly (exit code {code}); "
            f"starting it again in {delay:.1f}s"
        )

    def stop(self, timeout_s: float = 10) -> None:
        """SIGTERM to every process (newest first), SIGKILL to those still there after the
        timeout; pid files are removed."""
        self.stopping = True
        children = list(reversed(self.children.values()))
        for child in children:
            if child.proc is not None and child.proc.poll() is None:
                child.proc.terminate()
        deadline = time.monotonic() + timeout_s
        for child in children:
            if child.proc is None:
                continue
            try:
                child.proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.say(f"  … {child.name} did not stop in {timeout_s:.0f}s; killing it")
                child.proc.kill()
                child.proc.wait()
            self._pid_file(child.name).unlink(missing_ok=True)


def read_pid(run_dir: Path, name: str) -> int | None:
    """The pid recorded for `name`, or None (for operators, tests and the chaos run)."""
    try:
        return int((run_dir / f"{name}.pid").read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def alive(pid: int) -> bool:
    """True when a process with this id exists and has not ended (a zombie, killed but not yet
    reaped by its parent, counts as ended)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc here: existence is all we can tell
    return stat.rsplit(")", 1)[-1].split()[0] not in ("Z", "X")
