"""Barrier reports through the gateway (its own database, no service behind it): anyone may send
one without a token, hostile bodies are refused with problems, a client is limited, only staff
read them and mark them done; and GET /api/legal, the operator's details for the legal pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest_asyncio

from devstack.pow import participant_headers
from services.gateway.barrier_store import DONE_RETENTION_S
from shared.mongo import make_client
from tests.harness import harness_settings, run_services

PROBLEM = "application/problem+json"
GOOD = {"page": "/join", "description": "Der Code lässt sich mit der Tastatur nicht absenden."}


@dataclass
class Gateway:
    url: str
    http: aiohttp.ClientSession
    settings: Any
    moderator: dict[str, str]

    async def call(self, method: str, path: str, **kwargs: Any) -> tuple[int, Any, Any]:
        async with self.http.request(method, self.url + path, **kwargs) as r:
            body = await r.json(content_type=None) if r.content_length != 0 else None
            return r.status, body, r.headers

    async def report(self, body: Any = GOOD, **kwargs: Any) -> tuple[int, Any, Any]:
        return await self.call("POST", "/api/barriers", json=body, **kwargs)


@pytest_asyncio.fixture
async def gateway(servers, tmp_path) -> AsyncIterator[Gateway]:
    """The gateway alone, with a fresh limiter (one per test) and one operator field set."""
    settings = harness_settings(servers, tmp_path, operator_name="Stadt Aachen\nOecherLab")
    async with run_services(settings, ()) as h, aiohttp.ClientSession() as http:
        login = {"username": "moderator", "password": h.moderator_password}
        async with http.post(f"{h.url}/api/auth/login", json=login) as r:
            assert r.status == 200, await r.text()
            token = (await r.json())["access_token"]
        yield Gateway(h.url, http, settings, {"Authorization": f"Bearer {token}"})


HOSTILE: list[tuple[str, Any]] = [
    ("extra field", {**GOOD, "admin": True}),
    ("no description", {"page": "/join"}),
    ("no page", {"description": "x"}),
    ("empty description", {**GOOD, "description": ""}),
    ("blank description", {**GOOD, "description": " \n\t "}),
    ("only control characters", {**GOOD, "description": "\x00\x01\u202e"}),
    ("description too long", {**GOOD, "description": "a" * 2001}),
    ("description a number", {**GOOD, "description": 42}),
    ("description a list", {**GOOD, "description": ["a"]}),
    ("page a URL", {**GOOD, "page": "https://evil.example/phish"}),
    ("page of another host", {**GOOD, "page": "//evil.example/"}),
    ("page with a backslash", {**GOOD, "page": "/\\evil.example"}),
    ("page javascript", {**GOOD, "page": "javascript:alert(1)"}),
    ("page with spaces", {**GOOD, "page": "/join now"}),
    ("page too long", {**GOOD, "page": "/" + "a" * 200}),
    ("contact too long", {**GOOD, "contact": "a" * 201}),
    ("contact an object", {**GOOD, "contact": {"mail": "x"}}),
]


async def test_hostile_bodies_get_problems_and_use_no_allowance(gateway: Gateway) -> None:
    for name, body in HOSTILE:
        status, problem, headers = await gateway.report(body)
        assert status == 422, (name, status, problem)
        assert headers["Content-Type"].startswith(PROBLEM), name
        assert problem["code"] == "validation" and problem["errors"], name
    raw = [
        (b"{not json", "application/json", 400),
        (b"[1, 2]", "application/json", 400),
        (b"null", "application/json", 400),
        (b'{"page": "/", "description": "\\ud800"}', "application/json", 422),
        (b"page=/&description=x", "application/x-www-form-urlencoded", 415),
        (b"x" * (70 * 1024), "application/json", 413),
    ]
    for data, content_type, expected in raw:
        status, problem, headers = await gateway.call(
            "POST", "/api/barriers", data=data, headers={"Content-Type": content_type}
        )
        assert status == expected, (data[:30], status, problem)
        assert headers["Content-Type"].startswith(PROBLEM)
    # None of that was stored or counted: five good reports still go through.
    for _ in range(5):
        assert (await gateway.report())[0] == 201


async def test_a_report_needs_no_token_is_cleaned_and_the_limit_answers_429(
    gateway: Gateway,
) -> None:
    body = {
        "page": "  /exhibit/AB12?x=1  ",
        "description": "  Der Knopf\x00 ist\u202e unsichtbar.\nZweite Zeile.  ",
        "contact": "  ",
    }
    status, answer, _ = await gateway.report(body)
    assert status == 201, answer
    assert len(answer["id"]) == 16 and answer["message"] and answer["message_de"]
    # A participant's token is no hindrance (nor needed); a broken one is ignored here too.
    status, _, _ = await gateway.report(GOOD, headers={"Authorization": "Bearer nonsense"})
    assert status == 201
    for _ in range(3):
        assert (await gateway.report())[0] == 201
    status, problem, headers = await gateway.report()
    assert status == 429 and problem["code"] == "rate-limited", problem
    assert int(headers["Retry-After"]) >= 1
    assert headers["Content-Type"].startswith(PROBLEM)

    _, listed, _ = await gateway.call("GET", "/api/barriers", headers=gateway.moderator)
    first = next(item for item in listed["items"] if item["id"] == answer["id"])
    assert first["page"] == "/exhibit/AB12?x=1"
    assert first["description"] == "Der Knopf ist unsichtbar.\nZweite Zeile."
    assert first["contact"] is None and first["status"] == "open"
    assert len(listed["items"]) == 5


async def test_only_staff_read_reports_and_mark_them_done(gateway: Gateway) -> None:
    status, made, _ = await gateway.report({**GOOD, "contact": "a@example.org"})
    assert status == 201
    report_id = made["id"]
    participant = await participant_headers(gateway.http, gateway.url)
    for headers, expected in (({}, 401), (participant, 403)):
        assert (await gateway.call("GET", "/api/barriers", headers=headers))[0] == expected
        path = f"/api/barriers/{report_id}/status"
        status, _, _ = await gateway.call("POST", path, json={"status": "done"}, headers=headers)
        assert status == expected

    status, listed, _ = await gateway.call("GET", "/api/barriers", headers=gateway.moderator)
    assert status == 200
    assert [(r["id"], r["contact"]) for r in listed["items"]] == [(report_id, "a@example.org")]
    status, problem, _ = await gateway.call(
        "GET", "/api/barriers?status=all", headers=gateway.moderator
    )
    assert status == 400 and problem["code"] == "bad-query"

    path = f"/api/barriers/{report_id}/status"
    for bad in ({"status": "closed"}, {"status": "done", "note": "x"}, {}):
        status, _, _ = await gateway.call("POST", path, json=bad, headers=gateway.moderator)
        assert status == 422, bad
    for unknown in ("0123456789abcdef", "../../etc", "x" * 300):
        status, problem, _ = await gateway.call(
            "POST",
            f"/api/barriers/{unknown}/status",
            json={"status": "done"},
            headers=gateway.moderator,
        )
        assert status == 404, unknown

    status, done, _ = await gateway.call(
        "POST", path, json={"status": "done"}, headers=gateway.moderator
    )
    assert status == 200 and done["status"] == "done" and done["done_by"] == "moderator"
    _, still_open, _ = await gateway.call("GET", "/api/barriers", headers=gateway.moderator)
    assert still_open["items"] == []
    _, closed, _ = await gateway.call("GET", "/api/barriers?status=done", headers=gateway.moderator)
    assert [r["id"] for r in closed["items"]] == [report_id]
    status, reopened, _ = await gateway.call(
        "POST", path, json={"status": "open"}, headers=gateway.moderator
    )
    assert status == 200 and reopened["done_at"] is None and reopened["done_by"] is None

    # Done reports leave by themselves a year later; open ones never do.
    client = make_client(gateway.settings.mongodb_uri)
    try:
        reports = client[gateway.settings.database("gateway")]["barrier_reports"]
        indexes = await reports.index_information()
        ttl = [
            (i["key"], i["expireAfterSeconds"])
            for i in indexes.values()
            if "expireAfterSeconds" in i
        ]
        assert ttl == [([("done_at", 1)], DONE_RETENTION_S)]
    finally:
        await client.close()


async def test_the_legal_details_and_pages_need_no_token(gateway: Gateway) -> None:
    status, legal, headers = await gateway.call("GET", "/api/legal")
    assert status == 200 and headers["Cache-Control"] == "no-cache"
    assert legal["operator_name"] == "Stadt Aachen\nOecherLab"
    assert legal["operator_email"] is None  # the page says "to be filled in by the operator"
    assert "LDI NRW" in legal["supervisory_authority"]
    assert "Ombudsstelle" in legal["enforcement_body"]
    assert legal["public_url"] == gateway.url and legal["statement_date"]
    assert legal["retention_votes_days"] == "30"  # the default, as the privacy notice states it
    for path in ("/privacy", "/accessibility", "/imprint"):
        async with gateway.http.get(gateway.url + path) as r:
            assert r.status == 200 and r.content_type == "text/html", path
            assert "script-src" not in r.headers["Content-Security-Policy"]
            assert "default-src 'self'" in r.headers["Content-Security-Policy"]
            assert 'src="/static/legal.js"' in await r.text()
