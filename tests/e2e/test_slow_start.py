"""`make run` against a broker and a database that come up late: progress lines, then ready."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from devstack import embedded

ROOT = Path(__file__).parent.parent.parent


def test_a_slow_broker_and_database_are_waited_for_with_a_message(tmp_path):
    ports = {n: embedded.free_port() for n in ("kafka", "mongo", "gw", "ideas", "voting")}
    env = {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{ports['kafka']}",
        "MONGODB_URI": f"mongodb://127.0.0.1:{ports['mongo']}/?directConnection=true&retryWrites=false",
        "PORT": str(ports["gw"]),
        "IDEAS_PORT": str(ports["ideas"]),
        "GATEWAY_INTERNAL_PORT": str(embedded.free_port()),
        "VOTING_PORT": str(ports["voting"]),
        "VAR_DIR": str(tmp_path / "var"),
        "DEMO_MODERATOR_PASSWORD": "moderator-pw-slow",
        "DEMO_ADMIN_PASSWORD": "admin-pw-slow-1",
    }
    out = tmp_path / "devstack.out"
    stack = subprocess.Popen(
        [sys.executable, "-m", "devstack", "--no-seed"],
        env=env,
        cwd=ROOT,
        stdout=out.open("wb"),
        stderr=subprocess.STDOUT,
    )
    servers = []
    try:
        time.sleep(4)  # nothing listens yet
        assert stack.poll() is None, out.read_text()
        servers.append(
            embedded.start_database(ports["mongo"], str(tmp_path / "db"), tmp_path / "db.log")
        )
        servers.append(embedded.start_broker(ports["kafka"], tmp_path / "tansu.log"))
        deadline = time.monotonic() + 120
        while b"is running" not in out.read_bytes():
            assert stack.poll() is None and time.monotonic() < deadline, out.read_text()
            time.sleep(0.3)
        text = out.read_text()
        assert "waiting for the Kafka broker" in text
        assert "Traceback" not in text and "Unable connect" not in text
    finally:
        stack.send_signal(2)
        stack.wait(30)
        for server in servers:
            embedded.stop(server)
    assert stack.returncode == 0
