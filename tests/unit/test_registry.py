"""The registry is the one list of services: what it names exists, and everything reads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from devstack.launch import PORT_VARIABLES
from devstack.stack import SERVICES, WORKERS
from shared import registry
from shared.kafka import CONTRACT_TOPICS
from shared.settings import Settings

ROOT = Path(__file__).parents[2]


def test_every_service_is_a_package_with_an_entrypoint() -> None:
    for service in registry.SERVICES:
        package = ROOT / service.module.replace(".", "/")
        assert (package / "__main__.py").is_file(), f"{service.name}: no __main__.py"
        for _service, worker in registry.workers():
            assert (ROOT / (worker.module.replace(".", "/") + ".py")).is_file(), worker.name


def test_every_page_exists_and_each_route_is_served_once() -> None:
    static = ROOT / "services" / "gateway" / "static"
    routes = [route for s in registry.SERVICES for route, _file in s.pages]
    assert len(routes) == len(set(routes))
    for route, filename in registry.pages().items():
        assert (static / filename).is_file(), f"{route}: {filename} is missing"


def test_ports_do_not_clash_and_topics_are_the_contracts() -> None:
    ports = [registry.GATEWAY_PORT, *(s.port for s in registry.SERVICES)]
    ports += [worker.port for _s, worker in registry.workers()]
    assert len(ports) == len(set(ports))
    for service in registry.SERVICES:
        assert set(service.topics) <= set(CONTRACT_TOPICS), service.name


def test_settings_and_the_dev_stack_follow_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOTING_PORT", "9182")
    monkeypatch.setenv("VOTING_TALLY_PORT", "9183")
    settings = Settings()
    assert settings.port_of("voting") == 9182 and settings.port_of("voting-tally") == 9183
    assert settings.url_of("ideas") == "http://127.0.0.1:8081"
    assert settings.gateway_routes() == registry.names()
    assert registry.names() == SERVICES
    assert {name for name, _module in WORKERS} == {w.name for _s, w in registry.workers()}
    for service in registry.SERVICES:
        assert f"{service.env}_PORT" in PORT_VARIABLES


def test_an_unknown_service_is_named_in_the_error() -> None:
    with pytest.raises(KeyError, match="known: ideas, voting"):
        registry.service("exhibitons")
