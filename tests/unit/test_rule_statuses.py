"""Every rule code a service raises has an HTTP status at that service's edge."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from services.exhibitions import api as exhibitions_api
from services.ideas import api as ideas_api
from services.voting import api as voting_api
from shared.errors import DomainError
from shared.problems import COMMON_STATUSES, status_of

ROOT = Path(__file__).parents[2] / "services"
RAISED = re.compile(r'DomainError\((?:[^()]|\([^()]*\))*?"([a-z][a-z-]+)",?\s*(?:\w+=|\))', re.S)


def _codes(service: str) -> set[str]:
    text = "\n".join(p.read_text() for p in (ROOT / service).rglob("*.py"))
    return {code for code in RAISED.findall(text) if not code.startswith("invalid-")}


@pytest.mark.parametrize(
    ("service", "statuses"),
    [
        ("ideas", ideas_api.STATUSES),
        ("voting", voting_api.STATUSES),
        ("exhibitions", exhibitions_api.STATUSES),
    ],
)
def test_every_raised_code_has_a_status(service: str, statuses: dict[str, int]) -> None:
    codes = _codes(service)
    assert codes, "the scan found no rule codes at all"
    missing = codes - set(statuses) - set(COMMON_STATUSES)
    assert not missing, f"{service} raises codes its edge does not map: {missing}"


def test_field_errors_are_422_and_unknown_codes_400() -> None:
    assert status_of(DomainError("x", "x", "invalid-choice"), {}) == 422
    assert status_of(DomainError("x", "x", "not-found"), {}) == 404
    assert status_of(DomainError("x", "x", "poll-closed"), voting_api.STATUSES) == 409
    assert status_of(DomainError("x", "x", "session-locked"), voting_api.STATUSES) == 423
    assert status_of(DomainError("x", "x", "no-such-rule"), {}) == 400
