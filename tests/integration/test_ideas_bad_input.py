"""Bad input is answered with a clear 4xx problem+json and changes nothing."""

from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.mongo import make_client
from shared.tokens import TokenIssuer

KLIMA = "Klimaschutz, Energie und Mobilität"
GOOD = {"title": "Eine gute Idee", "body": "Text", "field": KLIMA}


async def stored_counts(api) -> tuple[int, int, int]:
    client = make_client(api.settings.mongodb_uri)
    db = client[api.settings.database("ideas")]
    counts = (
        await db.ideas.count_documents({}),
        await db.outbox.count_documents({}),
        await db.supports.count_documents({}),
    )
    await client.close()
    return counts


def forged_tokens(api):
    """Tokens a participant's phone must never get through with."""
    s = api.settings
    stranger = TokenIssuer(
        Ed25519PrivateKey.generate(), "strangers-kid", s.jwt_issuer, s.jwt_audience
    )
    return {
        "foreign key": stranger.issue("p:x", "participant", 60),
        "hs256": jwt.encode(
            {
                "sub": "p:x",
                "role": "participant",
                "iss": s.jwt_issuer,
                "aud": s.jwt_audience,
                "exp": time.time() + 60,
            },
            "guessable-secret-guessable-secret!",
            algorithm="HS256",
        ),
        "none alg": jwt.encode(
            {
                "sub": "p:x",
                "role": "participant",
                "iss": s.jwt_issuer,
                "aud": s.jwt_audience,
                "exp": time.time() + 60,
            },
            None,
            algorithm="none",
        ),
        "garbage": "abc.def.ghi",
    }


BODIES = {
    "malformed json": (b'{"title": "x", ', 400),
    "not an object": (b"[1, 2]", 400),
    "title wrong type": (b'{"title": 123, "field": "%s"}' % KLIMA.encode(), 422),
    "title too short": (b'{"title": "ab", "field": "%s"}' % KLIMA.encode(), 422),
    "title too long": (('{"title": "%s", "field": "%s"}' % ("x" * 121, KLIMA)).encode(), 422),
    "body too long": (
        ('{"title": "Titel", "body": "%s", "field": "%s"}' % ("x" * 2001, KLIMA)).encode(),
        422,
    ),
    "missing field": (b'{"title": "Titel"}', 422),
    "unknown field of action": (b'{"title": "Titel", "field": "Raumfahrt"}', 422),
    "location outside aachen": (
        (
            '{"title": "Titel", "field": "%s", "location": {"lat": 52.52, "lon": 13.40}}' % KLIMA
        ).encode(),
        422,
    ),
    "location wrong type": (
        ('{"title": "Titel", "field": "%s", "location": "Dom"}' % KLIMA).encode(),
        422,
    ),
    "unexpected property": (
        ('{"title": "Titel", "field": "%s", "author": "x"}' % KLIMA).encode(),
        422,
    ),
}


@pytest.mark.parametrize("case", list(BODIES))
async def test_bad_bodies_are_refused_and_nothing_is_stored(api, case):
    raw, expected = BODIES[case]
    citizen = await api.participant()
    before = await stored_counts(api)
    status, body, headers = await api.call(
        "POST", "/api/ideas", data=raw, headers={**citizen, "Content-Type": "application/json"}
    )
    assert status == expected, body
    assert headers["Content-Type"].startswith("application/problem+json")
    assert body["status"] == expected and body["detail"] and body["title"]
    assert await stored_counts(api) == before


async def test_wrong_content_type_is_415(api):
    citizen = await api.participant()
    status, body, _ = await api.call(
        "POST",
        "/api/ideas",
        data="title=x",
        headers={**citizen, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 415 and body["status"] == 415


@pytest.mark.parametrize(
    "kind",
    [
        "missing",
        "foreign key",
        "hs256",
        "none alg",
        "garbage",
        "expired",
        "wrong audience",
        "not bearer",
    ],
)
async def test_bad_tokens_are_401_and_change_nothing(api, kind):
    s = api.settings
    gateway_issuer = None
    if kind in ("expired", "wrong audience"):
        from services.gateway.keys import load_or_create_key

        key, kid = load_or_create_key(s.key_dir)
        aud = "somewhere-else" if kind == "wrong audience" else s.jwt_audience
        gateway_issuer = TokenIssuer(key, kid, s.jwt_issuer, aud)
        token = gateway_issuer.issue("p:x", "participant", -5 if kind == "expired" else 60)
        headers = {"Authorization": f"Bearer {token}"}
    elif kind == "missing":
        headers = {}
    elif kind == "not bearer":
        headers = {"Authorization": "Basic dXNlcjpwdw=="}
    else:
        headers = {"Authorization": f"Bearer {forged_tokens(api)[kind]}"}
    before = await stored_counts(api)
    status, body, resp_headers = await api.call("POST", "/api/ideas", json=GOOD, headers=headers)
    assert status == 401, body
    assert resp_headers["Content-Type"].startswith("application/problem+json")
    assert resp_headers.get("WWW-Authenticate") == "Bearer"
    assert await stored_counts(api) == before


async def test_wrong_role_is_403_for_moderator_actions_and_participant_actions(api):
    citizen, staff = await api.participant(), await api.moderator()
    _, idea, _ = await api.call("POST", "/api/ideas", json=GOOD, headers=citizen)
    before = await stored_counts(api)
    status, body, _ = await api.call(
        "POST", f"/api/ideas/{idea['id']}/status", json={"status": "published"}, headers=citizen
    )
    assert status == 403 and body["detail_de"]
    assert (await api.call("POST", "/api/ideas", json=GOOD, headers=staff))[0] == 403
    assert (await api.call("GET", "/api/ideas/comments", headers=citizen))[0] == 403
    assert await stored_counts(api) == before


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("GET", "/api/ideas/doesnotexist", None),
        ("PUT", "/api/ideas/doesnotexist/support", None),
        ("DELETE", "/api/ideas/doesnotexist/support", None),
        ("POST", "/api/ideas/doesnotexist/comments", {"body": "Hallo"}),
        ("GET", "/api/ideas/doesnotexist/comments", None),
        ("POST", "/api/ideas/doesnotexist/status", {"status": "published"}),
    ],
)
async def test_unknown_ids_are_404_problems(api, method, path, body):
    who = await (api.moderator() if path.endswith("/status") else api.participant())
    before = await stored_counts(api)
    status, problem, headers = await api.call(method, path, json=body, headers=who)
    assert status == 404 and headers["Content-Type"].startswith("application/problem+json")
    assert problem["detail"]
    assert await stored_counts(api) == before


@pytest.mark.parametrize(
    "query", ["sort=oldest", "page=0", "page_size=1000", "status=lost", "page=abc"]
)
async def test_bad_list_queries_are_422(api, query):
    status, body, _ = await api.call("GET", f"/api/ideas?{query}")
    assert status == 422 and body["errors"]


async def test_bad_status_change_bodies(api):
    citizen, staff = await api.participant(), await api.moderator()
    _, idea, _ = await api.call("POST", "/api/ideas", json=GOOD, headers=citizen)
    for body in ({"status": "done"}, {"status": "published", "answer": ""}, {}):
        status, _, _ = await api.call(
            "POST", f"/api/ideas/{idea['id']}/status", json=body, headers=staff
        )
        assert status == 422
    _, stored, _ = await api.call("GET", f"/api/ideas/{idea['id']}", headers=staff)
    assert stored["status"] == "submitted" and stored["version"] == 1


async def test_unknown_routes_and_methods_are_problems_too(api):
    status, body, headers = await api.call("GET", "/api/nothing-here")
    assert status == 404 and headers["Content-Type"].startswith("application/problem+json")
    status, _, headers = await api.call("PATCH", "/api/ideas")
    assert status == 405 and headers["Content-Type"].startswith("application/problem+json")


async def test_login_with_a_wrong_password_is_401(api):
    status, body, _ = await api.call(
        "POST", "/api/auth/login", json={"username": "moderator", "password": "wrong-password"}
    )
    assert status == 401 and body["detail_de"]
    status, _, _ = await api.call(
        "POST", "/api/auth/login", json={"username": "nobody", "password": "x" * 12}
    )
    assert status == 401


async def test_password_guessing_is_slowed_down_but_successful_logins_are_not(api):
    for _ in range(10):
        status, _, _ = await api.call(
            "POST", "/api/auth/login", json={"username": "guessed", "password": "wrong-password"}
        )
        assert status == 401
    status, body, headers = await api.call(
        "POST", "/api/auth/login", json={"username": "guessed", "password": "wrong-password"}
    )
    assert status == 429 and int(headers["Retry-After"]) > 0
    for _ in range(15):  # a room of moderators sharing one account
        await api.moderator()


async def test_deeply_nested_json_is_a_400_not_a_crash(api):
    citizen = await api.participant()
    before = await stored_counts(api)
    deep = b'{"title": ' + b"[" * 20000 + b"]" * 20000 + b"}"
    status, body, _ = await api.call(
        "POST", "/api/ideas", data=deep, headers={**citizen, "Content-Type": "application/json"}
    )
    assert status == 400 and body["status"] == 400
    assert await stored_counts(api) == before
