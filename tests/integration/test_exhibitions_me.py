"""GET /api/exhibitions/me through the gateway: a participant gets their own ratings with the
comments they wrote, and nothing of another participant or of a kiosk; other roles get 403 and
no token 401 (problem+json)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest_asyncio

from tests.integration.exhibitions_stack import ExhibitionsApi, running_exhibitions


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def exhibitions(servers, tmp_path_factory) -> AsyncIterator[ExhibitionsApi]:
    async with running_exhibitions(servers, tmp_path_factory.mktemp("keys")) as api:
        yield api


def ago(seconds: float) -> str:
    return (datetime.now(UTC) - timedelta(seconds=seconds)).isoformat()


async def me(api: ExhibitionsApi, headers: dict[str, str]) -> dict:
    status, body, answer = await api.call("GET", "/api/exhibitions/me", headers=headers)
    assert status == 200, body
    assert answer["Content-Type"].startswith("application/json")
    return body


async def rated(api: ExhibitionsApi, exhibit: dict, headers: dict[str, str], **body) -> None:
    status, receipt, _ = await api.rate(exhibit["id"], headers, **body)
    assert status == 202, receipt


async def test_a_participant_gets_exactly_their_ratings_and_comments(exhibitions):
    api = exhibitions
    exhibition = await api.exhibition(title="Handlungsfelder")
    bus = await api.exhibit(exhibition, "Mobilstation")
    rad = await api.exhibit(exhibition, "Radschnellweg")
    anna, ben = await api.participant(), await api.participant()
    # Given a minute apart: ratings given in the same millisecond come in the order of their ids.
    await rated(api, bus, anna, rating=2, comment="Zu wenig Schatten", given_at=ago(120))
    await rated(api, rad, anna, rating=5, given_at=ago(60))
    await rated(api, bus, ben, rating=4, comment="Gut erklärt")
    await rated(api, bus, await api.kiosk(bus["id"]), rating=1)

    mine = await me(api, anna)
    given = {r["exhibit_id"]: r["given_at"] for r in mine["ratings"]}
    comments = [[c["body"] for c in r.pop("comments")] for r in mine["ratings"]]
    assert comments == [["Zu wenig Schatten"], []]
    assert mine == {
        "service": "exhibitions",
        "ratings": [
            {
                "exhibit_id": bus["id"],
                "exhibit_title": "Mobilstation",
                "exhibition_id": exhibition["id"],
                "rating": 2,
                "given_at": given[bus["id"]],
                "comment": {"body": "Zu wenig Schatten", "status": "submitted"},
            },
            {
                "exhibit_id": rad["id"],
                "exhibit_title": "Radschnellweg",
                "exhibition_id": exhibition["id"],
                "rating": 5,
                "given_at": given[rad["id"]],
                "comment": None,
            },
        ],
    }
    assert given[bus["id"]] < given[rad["id"]] and all(g.endswith("Z") for g in given.values())

    his = await me(api, ben)
    assert [(r["exhibit_id"], r["rating"], r["comment"]) for r in his["ratings"]] == [
        (bus["id"], 4, {"body": "Gut erklärt", "status": "submitted"})
    ]
    assert await me(api, await api.participant()) == {"service": "exhibitions", "ratings": []}


async def test_only_a_participant_token_may_ask(exhibitions):
    api = exhibitions
    exhibit = await api.exhibit()
    kiosk = await api.kiosk(exhibit["id"])
    for headers, status, code in (
        (await api.staff(), 403, "forbidden"),
        (kiosk, 403, "forbidden"),
        ({}, 401, "unauthorized"),
    ):
        got, body, answer = await api.call("GET", "/api/exhibitions/me", headers=headers)
        assert (got, body["code"]) == (status, code), body
        assert answer["Content-Type"].startswith("application/problem+json")
