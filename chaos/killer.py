"""SIGKILL at random moments: picks a running process of the stack by its pid file and kills it."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import time
from collections import Counter
from pathlib import Path

import aiohttp

from devstack.supervisor import STABLE_AFTER_S, alive, read_pid

# Now and then a process is killed while it is still starting, not only once it runs; but not so
# often that the supervisor takes it for a crash loop (a process killed again and again right
# after its start looks exactly like a broken one).
DURING_START_SHARE = 0.15


class Killer:
    """Kills processes named in `run_dir` (<name>.pid) at random moments."""

    def __init__(self, run_dir: Path, targets: tuple[str, ...], rng: random.Random, url: str):
        self.run_dir = run_dir
        self.targets = targets
        self.rng = rng
        self.url = url
        self.kills = 0
        self.by_target: Counter = Counter()
        self._first_seen: dict[int, float] = {}
        self._killed_during_start: set[str] = set()

    def _uptime(self, name: str) -> float | None:
        pid = read_pid(self.run_dir, name)
        if pid is None or not alive(pid):
            return None
        return time.monotonic() - self._first_seen.setdefault(pid, time.monotonic())

    def _pick(self) -> str | None:
        during_start = self.rng.random() < DURING_START_SHARE
        ready = []
        for name in self.targets:
            up = self._uptime(name)
            if up is None:
                continue
            starting_ok = during_start and name not in self._killed_during_start
            if up >= STABLE_AFTER_S or (starting_ok and up >= 0.5):
                ready.append(name)
        return self.rng.choice(ready) if ready else None

    async def run(self, kills: int, max_seconds: float) -> None:
        """Kill until `kills` kills are done (or `max_seconds` passed)."""
        deadline = time.monotonic() + max_seconds
        while self.kills < kills and time.monotonic() < deadline:
            await asyncio.sleep(self.rng.uniform(0.3, 2.5))
            name = self._pick()
            if name is None:
                continue
            pid = read_pid(self.run_dir, name)
            if pid is None:
                continue
            up = self._uptime(name) or 0.0
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                continue
            if up < STABLE_AFTER_S:
                self._killed_during_start.add(name)
            else:
                self._killed_during_start.discard(name)
            self.kills += 1
            self.by_target[name] += 1
            print(f"  ✗ kill {self.kills}: {name} (pid {pid}, up {up:.1f}s)", flush=True)

    async def all_back(self, http: aiohttp.ClientSession, timeout_s: float) -> None:
        """Wait until every target runs again and the stack answers /readyz with 200."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            running = all(self._uptime(n) is not None for n in self.targets)
            try:
                async with http.get(f"{self.url}/readyz") as r:
                    if running and r.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.5)
        raise RuntimeError("the stack did not come back within the timeout")
