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
        **overrides,
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
