"""Fixtures shared by every test layer: the real embedded broker and database, on free ports."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio

from devstack import embedded
from shared.kafka import CONTRACT_TOPICS, ensure_topics
from shared.settings import Settings

ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"


@dataclass
class Servers:
    kafka: str
    mongodb_uri: str
    kafka_port: int
    mongodb_port: int
    broker: subprocess.Popen
    database: subprocess.Popen


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """One Tansu broker and one SecantusDB server for the whole run; tests isolate by name."""
    logs = tmp_path_factory.mktemp("server-logs")
    kafka_port, mongo_port = embedded.free_port(), embedded.free_port()
    broker = embedded.start_broker(kafka_port, logs / "tansu.log")
    database = embedded.start_database(mongo_port, ":memory:", logs / "secantusdb.log")
    try:
        embedded.wait_for_port(kafka_port, "Tansu", broker, 30)
        embedded.wait_for_port(mongo_port, "SecantusDB", database, 60)
        yield Servers(
            kafka=f"127.0.0.1:{kafka_port}",
            mongodb_uri=f"mongodb://127.0.0.1:{mongo_port}/?directConnection=true&retryWrites=false",
            kafka_port=kafka_port,
            mongodb_port=mongo_port,
            broker=broker,
            database=database,
        )
    finally:
        embedded.stop(broker)
        embedded.stop(database)


def make_settings(servers: Servers, **overrides: object) -> Settings:
    """Settings whose topics and databases no other test uses."""
    tag = uuid.uuid4().hex[:8]
    return Settings(
        kafka_bootstrap_servers=servers.kafka,
        mongodb_uri=servers.mongodb_uri,
        topic_prefix=f"t{tag}.",
        mongodb_db_prefix=f"t{tag}_",
        **{
            # Internal ports of this test's apps: free ones, so tests never share one.
            "gateway_internal_port": embedded.free_port(),
            "voting_tally_port": embedded.free_port(),
            **overrides,
        },
    )


@pytest_asyncio.fixture
async def settings(servers: Servers) -> AsyncIterator[Settings]:
    """Fresh settings with the contract's topics created under a private prefix."""
    s = make_settings(servers)
    await ensure_topics(s, CONTRACT_TOPICS, partitions=1)
    yield s


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@dataclass
class RunningStack:
    """The whole system as `make run` starts it, on free ports, with its own embedded servers."""

    url: str
    kafka: str
    mongodb_uri: str
    moderator_password: str
    admin_password: str
    var: Path
    proc: subprocess.Popen
    ports: dict[str, int]


@pytest.fixture(scope="session")
def running_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    """`python -m devstack` (what `make run` calls), started once for the end-to-end layers."""
    import urllib.request

    from devstack.launch import launch

    var = tmp_path_factory.mktemp("stack-var")
    stack = launch(
        var,
        {
            "DEMO_MODERATOR_PASSWORD": "moderator-test-pw",
            "DEMO_ADMIN_PASSWORD": "admin-test-pw-123",
            # Tests mint many tokens; the proof of work still runs, at a cost of milliseconds.
            "PARTICIPANT_POW_COST": "10",
        },
        timeout_s=150,
    )
    ports = stack.ports
    try:
        with urllib.request.urlopen(f"{stack.url}/readyz", timeout=5) as resp:
            assert resp.status == 200
        yield RunningStack(
            url=stack.url,
            kafka=f"127.0.0.1:{ports['KAFKA_PORT']}",
            mongodb_uri=f"mongodb://127.0.0.1:{ports['MONGODB_PORT']}/?directConnection=true"
            "&retryWrites=false",
            moderator_password="moderator-test-pw",
            admin_password="admin-test-pw-123",
            var=var,
            proc=stack.proc,
            ports=ports,
        )
    finally:
        stack.stop()


LAYER_ORDER = ("unit", "integration", "security", "e2e", "browser")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Fast layers first; browser tests last, since Playwright's sync API keeps an event loop
    running in the main thread for as long as its browser is open."""

    def layer(item: pytest.Item) -> int:
        parts = Path(str(item.fspath)).parts
        return next((i for i, name in enumerate(LAYER_ORDER) if name in parts), len(LAYER_ORDER))

    items.sort(key=layer)
