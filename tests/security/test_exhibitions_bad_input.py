"""A stranger's input to the exhibitions service: every hostile body, token, id or header is a
clear 4xx problem+json, never a 500, and stores nothing (no rating, comment, count or event)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
import pytest
import pytest_asyncio
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.tokens import TokenIssuer
from tests.integration.exhibitions_stack import ExhibitionsApi, Headers, running_exhibitions


@dataclass
class Scene:
    api: ExhibitionsApi
    exhibit: dict
    other: dict
    phone: Headers
    kiosk: Headers


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def scene(servers, tmp_path_factory) -> AsyncIterator[Scene]:
    async with running_exhibitions(servers, tmp_path_factory.mktemp("keys")) as api:
        exhibition = await api.exhibition()
        exhibit, other = await api.exhibit(exhibition), await api.exhibit(exhibition)
        kiosk = await api.kiosk(exhibit["id"])
        yield Scene(api, exhibit, other, await api.participant(), kiosk)


def iso(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).isoformat()


async def refused(
    scene: Scene, method: str, path: str, expected: int, **kwargs
) -> tuple[dict, dict]:
    """Send it, check the problem, and that nothing was stored meanwhile."""
    before = await scene.api.stored()
    status, body, headers = await scene.api.call(method, path, **kwargs)
    assert status == expected, (status, body)
    assert headers["Content-Type"].startswith("application/problem+json"), headers
    assert body["status"] == expected and body["title"] and body["detail"]
    assert await scene.api.stored() == before
    return body, headers


def feedback(scene: Scene, exhibit: dict | None = None) -> str:
    return f"/api/exhibitions/exhibits/{(exhibit or scene.exhibit)['id']}/feedback"


BODIES = {
    "rating 0": (b'{"rating": 0}', 422),
    "rating 6": (b'{"rating": 6}', 422),
    "rating as text": (b'{"rating": "5"}', 422),
    "rating null": (b'{"rating": null}', 422),
    "rating true": (b'{"rating": true}', 422),
    "rating 4.5": (b'{"rating": 4.5}', 422),
    "rating huge": (b'{"rating": 1e400}', 422),
    "no rating": (b'{"comment": "Toll"}', 422),
    "comment too long": (('{"rating": 3, "comment": "%s"}' % ("ä" * 501)).encode(), 422),
    "comment not text": (b'{"rating": 3, "comment": 42}', 422),
    "comment lone surrogate": (b'{"rating": 3, "comment": "a\\ud800b"}', 422),
    "given_at not a time": (b'{"rating": 3, "given_at": "yesterday"}', 422),
    "given_at without offset": (b'{"rating": 3, "given_at": "2026-12-02T14:00:00"}', 422),
    "given_at not text": (b'{"rating": 3, "given_at": 1764684000}', 422),
    "given_at endless": (('{"rating": 3, "given_at": "%s"}' % ("9" * 65)).encode(), 422),
    # Times relative to when the test runs (not to when the module was imported).
    "given_at in the future": (lambda: _given_at(timedelta(minutes=2)), 422),
    "given_at too old": (lambda: _given_at(-timedelta(days=8)), 422),
    "unexpected member": (b'{"rating": 3, "rater": "p:someone-else"}', 422),
    "malformed json": (b'{"rating": ', 400),
    "not an object": (b"[5]", 400),
    "body over 64 KiB": (b"[" * 100_000 + b"]" * 100_000, 413),
}


def _given_at(offset: timedelta) -> bytes:
    return ('{"rating": 3, "given_at": "%s"}' % iso(offset)).encode()


@pytest.mark.parametrize("case", list(BODIES))
async def test_hostile_feedback_bodies_are_refused(scene, case):
    raw, expected = BODIES[case]
    raw = raw() if callable(raw) else raw
    headers = {**scene.phone, "Content-Type": "application/json"}
    await refused(scene, "POST", feedback(scene), expected, data=raw, headers=headers)


@pytest.mark.parametrize("who", ["phone", "kiosk"])
async def test_the_same_bodies_from_a_kiosk_are_refused_too(scene, who):
    headers = {**(scene.phone if who == "phone" else scene.kiosk)}
    body = {"rating": 3, "given_at": iso(timedelta(hours=1))}
    problem, _ = await refused(scene, "POST", feedback(scene), 422, json=body, headers=headers)
    assert problem["code"] == "invalid-given_at"


@pytest.mark.parametrize(
    ("content_type", "data", "expected"),
    [
        ("text/plain", b'{"rating": 3}', 415),
        ("application/x-www-form-urlencoded", b"rating=3", 415),
        (None, b'{"rating": 3}', 415),
    ],
)
async def test_a_body_that_is_not_json_is_415(scene, content_type, data, expected):
    headers = {**scene.phone, **({"Content-Type": content_type} if content_type else {})}
    await refused(scene, "POST", feedback(scene), expected, data=data, headers=headers)


async def test_unknown_ids_are_404(scene):
    staff = await scene.api.staff()
    ok = {"rating": 3}
    for method, path, kwargs in (
        ("POST", "/api/exhibitions/exhibits/nope/feedback", {"json": ok, "headers": scene.phone}),
        ("GET", "/api/exhibitions/exhibits/nope", {}),
        ("GET", "/api/exhibitions/exhibits/nope/summary", {}),
        ("GET", "/api/exhibitions/exhibits/code/%27%20OR%201%3D1", {}),
        ("GET", "/api/exhibitions/nope/summary", {}),
        ("POST", "/api/exhibitions/nope/open", {"headers": staff}),
        (
            "POST",
            "/api/exhibitions/nope/exhibits",
            {"json": {"title": "x", "field": "y"}, "headers": staff},
        ),
        ("DELETE", "/api/exhibitions/exhibits/nope/kiosk", {"headers": staff}),
        ("POST", "/api/exhibitions/exhibits/nope/kiosks", {"headers": staff}),
        (
            "POST",
            "/api/exhibitions/comments/nope/status",
            {"json": {"status": "published"}, "headers": staff},
        ),
    ):
        body, _ = await refused(scene, method, path, 404, **kwargs)
        assert body["code"] in ("not-found", None), (path, body)


async def test_a_kiosk_rates_no_other_exhibit(scene):
    body, _ = await refused(
        scene, "POST", feedback(scene, scene.other), 403, json={"rating": 5}, headers=scene.kiosk
    )
    assert body["code"] == "wrong-kiosk"
    # A token made up for a kiosk id that was never registered (signed with the gateway's key).
    ghost = scene.api.kiosk_token("never-registered", scene.exhibit["id"])
    body, _ = await refused(scene, "POST", feedback(scene), 401, json={"rating": 5}, headers=ghost)
    assert body["code"] == "kiosk-revoked"


def forged(scene: Scene) -> dict[str, str]:
    s = scene.api.settings
    stranger = TokenIssuer(Ed25519PrivateKey.generate(), "strangers", s.jwt_issuer, s.jwt_audience)
    claims = {"sub": "p:x", "role": "participant", "iss": s.jwt_issuer, "aud": s.jwt_audience}
    claims.update(iat=int(time.time()), exp=int(time.time()) + 60)
    real = scene.api.issuer
    expired = TokenIssuer(real.key, real.kid, s.jwt_issuer, s.jwt_audience)
    elsewhere = TokenIssuer(real.key, real.kid, s.jwt_issuer, "another-audience")
    return {
        "foreign key": stranger.issue("p:x", "participant", 60),
        "foreign kiosk": stranger.issue("k:x", "kiosk", 60, exhibit_id=scene.exhibit["id"]),
        "hs256": jwt.encode(claims, "guessable-secret-guessable-secret!", algorithm="HS256"),
        "none alg": jwt.encode(claims, None, algorithm="none"),
        "garbage": "abc.def.ghi",
        "expired": expired.issue("p:x", "participant", -5),
        "wrong audience": elsewhere.issue("p:x", "participant", 60),
        "kiosk without exhibit": real.issue("k:x", "kiosk", 60),
    }


@pytest.mark.parametrize(
    "kind",
    [
        "missing",
        "not bearer",
        "foreign key",
        "foreign kiosk",
        "hs256",
        "none alg",
        "garbage",
        "expired",
        "wrong audience",
        "kiosk without exhibit",
    ],
)
async def test_bad_tokens_are_401(scene, kind):
    if kind == "missing":
        headers = {}
    elif kind == "not bearer":
        headers = {"Authorization": "Basic bW9kZXJhdG9yOm1vZGVyYXRvcg=="}
    else:
        headers = {"Authorization": f"Bearer {forged(scene)[kind]}"}
    await refused(scene, "POST", feedback(scene), 401, json={"rating": 5}, headers=headers)
    await refused(
        scene, "POST", "/api/exhibitions", 401, json={"title": "Übernommen"}, headers=headers
    )


async def test_phones_and_kiosks_are_not_staff(scene):
    for who in (scene.phone, scene.kiosk):
        for method, path, kwargs in (
            ("POST", "/api/exhibitions", {"json": {"title": "Meins"}}),
            ("GET", "/api/exhibitions/comments", {}),
            ("GET", f"/api/exhibitions/{scene.exhibit['exhibition_id']}/export.csv", {}),
            ("GET", f"/api/exhibitions/{scene.exhibit['exhibition_id']}/alerts", {}),
            ("POST", f"/api/exhibitions/exhibits/{scene.exhibit['id']}/kiosks", {}),
            ("DELETE", f"/api/exhibitions/exhibits/{scene.exhibit['id']}/kiosk", {}),
        ):
            body, _ = await refused(scene, method, path, 403, headers=who, **kwargs)
            assert body["code"] == "forbidden"
    mine = f"/api/exhibitions/exhibits/{scene.exhibit['id']}/feedback/mine"
    await refused(scene, "GET", mine, 403, headers=scene.kiosk)


async def test_bad_headers_and_queries_are_refused(scene):
    staff = await scene.api.staff()
    headers = {**scene.phone, "Idempotency-Key": "k" * 101}
    body, _ = await refused(
        scene, "POST", feedback(scene), 400, json={"rating": 3}, headers=headers
    )
    assert body["code"] == "bad-header"
    await refused(scene, "GET", "/api/exhibitions/comments?status=everything", 400, headers=staff)
    await refused(
        scene,
        "POST",
        "/api/exhibitions/comments/nope/status",
        422,
        json={"status": "deleted"},
        headers=staff,
    )
    await refused(
        scene,
        "POST",
        f"/api/exhibitions/{scene.exhibit['exhibition_id']}/exhibits",
        422,
        json={"title": "", "field": "Raumfahrt"},
        headers=staff,
    )


async def test_replays_are_not_rate_limited_but_new_ratings_are(scene):
    phone = await scene.api.participant()
    path = feedback(scene, scene.other)
    keyed = {**phone, "Idempotency-Key": "the-same-press"}
    for _ in range(15):
        status, receipt, _ = await scene.api.call("POST", path, json={"rating": 4}, headers=keyed)
        assert status == 202, receipt
    answers = []
    for n in range(12):
        status, _, headers = await scene.api.call(
            "POST", path, json={"rating": 1 + n % 5}, headers=phone
        )
        answers.append(status)
    assert answers.count(429) >= 2 and set(answers) == {202, 429}
    assert int(headers["Retry-After"]) >= 1
