"""`make run` as a supervisor: ready means usable, killed processes come back, a stop stops all.

Each test starts its own stack (python -m devstack, as `make run` does) on free ports, so that
killing its broker or gateway disturbs no other test.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import time
from pathlib import Path

import aiohttp

from chaos.killer import Killer
from chaos.phones import Room
from devstack.launch import launch
from devstack.supervisor import alive

PASSWORD = "supervised-moderator-pw"
TARGETS = ("voting-tally", "voting", "gateway", "broker", "ideas")


def pids_in(run_dir: Path) -> set[int]:
    pids = set()
    for path in run_dir.glob("*.pid"):
        try:
            pids.add(int(path.read_text().strip()))
        except (FileNotFoundError, ValueError):
            continue
    return pids


def wait_gone(pids: set[int], timeout_s: float = 20) -> set[int]:
    deadline = time.monotonic() + timeout_s
    while (left := {p for p in pids if alive(p)}) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def test_sigterm_during_start_up_stops_every_process_it_started(tmp_path):
    stack = launch(tmp_path, {"DEMO_MODERATOR_PASSWORD": PASSWORD}, seed=False, wait=False)
    seen: set[int] = set()
    deadline = time.monotonic() + 120
    # Stop at the most delicate moment: services are being started, nothing is ready yet.
    while b"starting gateway and services" not in stack.output.read_bytes():
        assert stack.proc.poll() is None, stack.output.read_text()
        assert time.monotonic() < deadline, stack.output.read_text()
        seen |= pids_in(tmp_path / "run")
        time.sleep(0.05)
    stack.proc.send_signal(signal.SIGTERM)
    while stack.proc.poll() is None:
        seen |= pids_in(tmp_path / "run")
        time.sleep(0.05)
    assert stack.proc.returncode == 0, stack.output.read_text()
    assert len(seen) >= 2  # at least the broker and the database had started
    assert wait_gone(seen) == set(), f"left running: {stack.output.read_text()}"
    assert list((tmp_path / "run").glob("*.pid")) == []


async def test_ready_means_usable_and_killed_processes_come_back_with_exact_tallies(tmp_path):
    # A cheap proof of work: 20 phones solving the real one in this process took seconds of
    # both cores while the first kills happened, and once left too few votes acknowledged.
    env = {"DEMO_MODERATOR_PASSWORD": PASSWORD, "PARTICIPANT_POW_COST": "10"}
    stack = launch(tmp_path, env, seed=False, wait=False)
    try:
        async with aiohttp.ClientSession() as http:
            # A script that waits for /readyz and then logs in must never see a 401.
            deadline = time.monotonic() + 150
            while True:
                assert stack.proc.poll() is None, stack.output.read_text()
                assert time.monotonic() < deadline, stack.output.read_text()
                try:
                    async with http.get(f"{stack.url}/readyz") as r:
                        if r.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
            login = {"username": "moderator", "password": PASSWORD}
            async with http.post(f"{stack.url}/api/auth/login", json=login) as r:
                assert r.status == 200, await r.text()

            room = Room(stack.url, PASSWORD, phones=20, seed=11)
            await room.setup(http)
            stop = asyncio.Event()
            voting = asyncio.create_task(room.run(http, stop))
            killer = Killer(tmp_path / "run", TARGETS, random.Random(5), stack.url)
            for name in TARGETS:
                await asyncio.sleep(1.5)  # votes flow while each one dies
                pid_file = tmp_path / "run" / f"{name}.pid"
                pid = int(pid_file.read_text())
                os.kill(pid, signal.SIGKILL)
                assert wait_gone({pid}, 5) == set()
                deadline = time.monotonic() + 60
                while int(pid_file.read_text()) == pid:
                    assert time.monotonic() < deadline, f"{name} did not come back"
                    await asyncio.sleep(0.1)
                await killer.all_back(http, timeout_s=60)
                assert alive(int(pid_file.read_text())), f"{name} died again"
            await asyncio.sleep(2)
            stop.set()
            await voting
            tally = await room.settled_tally(http, timeout_s=60)
        output = stack.output.read_text()
        assert stack.proc.poll() is None, output
        for name in TARGETS:
            assert f"{name} stopped unexpectedly" in output and f"↻ {name} started again" in output
        assert room.acknowledged > 50 and room.refused == {}, (room.acknowledged, room.retries)
        assert (tally.lost, tally.counted_twice) == (0, 0), tally
        assert tally.exact, tally
    finally:
        running = pids_in(tmp_path / "run")
        assert stack.stop() == 0
    assert wait_gone(running) == set()
