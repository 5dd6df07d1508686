"""Hostile text is cleaned or refused before storage; precise places stay with staff and author;
supports are limited per participant like ideas and comments."""

from __future__ import annotations

import json

from shared.mongo import make_client

FIELD = "Klimaschutz, Energie und Mobilität"


async def submit(api, headers, **fields) -> tuple[int, dict]:
    idea = {"title": "Mehr Bäume", "body": "Schatten!", "field": FIELD, **fields}
    status, body, _ = await api.call("POST", "/api/ideas", json=idea, headers=headers)
    return status, body


async def test_nul_and_bidi_overrides_are_removed_before_storage(api):
    citizen = await api.participant()
    status, idea = await submit(
        api, citizen, title="Bänke\x00 am \u202egnp.exe\u202c Markt", body="a\u2066b\u2069c\x07"
    )
    assert status == 201, idea
    staff = await api.moderator()
    _, stored, _ = await api.call("GET", f"/api/ideas/{idea['id']}", headers=staff)
    assert stored["title"] == "Bänke am gnp.exe Markt"
    assert stored["body"] == "abc"


async def test_a_lone_surrogate_is_a_clear_4xx_not_a_500(api):
    citizen = await api.participant()
    raw = '{"title": "Baum \\ud800 hier", "body": "x", "field": "%s"}' % FIELD
    async with api.http.post(
        f"{api.url}/api/ideas",
        data=raw.encode(),
        headers={**citizen, "Content-Type": "application/json"},
    ) as r:
        body = json.loads(await r.text())
        assert r.status in (400, 422), (r.status, body)
        assert r.headers["Content-Type"].startswith("application/problem+json")
    comment = '{"body": "\\udfff"}'
    status, idea = await submit(api, citizen)
    async with api.http.post(
        f"{api.url}/api/ideas/{idea['id']}/comments",
        data=comment.encode(),
        headers={**citizen, "Content-Type": "application/json"},
    ) as r:
        assert r.status in (400, 422), await r.text()


async def test_a_location_is_stored_rounded_to_about_100_m_unless_the_author_opts_in(api):
    author, staff = await api.participant(), await api.moderator()
    precise, coarse = {"lat": 50.776123, "lon": 6.083876}, {"lat": 50.776, "lon": 6.084}
    for exact, stored in ((False, coarse), (True, precise)):
        extra = {"exact_location": True} if exact else {}
        status, idea = await submit(api, author, location=precise, **extra)
        assert status == 201 and idea["location"] == stored  # the author sees what is stored
        await api.call(
            "POST", f"/api/ideas/{idea['id']}/status", json={"status": "published"}, headers=staff
        )
        _, for_staff, _ = await api.call("GET", f"/api/ideas/{idea['id']}", headers=staff)
        assert for_staff["location"] == stored
        _, public, _ = await api.call("GET", f"/api/ideas/{idea['id']}")
        assert public["location"] == coarse
        _, listed, _ = await api.call("GET", "/api/ideas?sort=new")
        mine = next(i for i in listed["items"] if i["id"] == idea["id"])
        assert mine["location"] == coarse
    client = make_client(api.settings.mongodb_uri)
    rounded = await client[api.settings.database("ideas")].ideas.count_documents(
        {"location.lat": 50.776123}
    )
    await client.close()
    assert rounded == 1  # only the opted-in one is stored exactly
    status, body = await submit(api, author, location=precise, exact_location="yes")
    assert status == 422 and body["errors"][0]["field"] == "exact_location"


async def test_supports_are_limited_per_participant(api):
    author = await api.participant()
    staff = await api.moderator()
    _, idea = await submit(api, author)
    await api.call(
        "POST", f"/api/ideas/{idea['id']}/status", json={"status": "published"}, headers=staff
    )
    fan = await api.participant()
    statuses = []
    for i in range(api.settings.support_burst + 5):
        method = "PUT" if i % 2 == 0 else "DELETE"
        status, _, headers = await api.call(method, f"/api/ideas/{idea['id']}/support", headers=fan)
        statuses.append(status)
    assert statuses[: api.settings.support_burst] == [200] * api.settings.support_burst
    assert 429 in statuses[api.settings.support_burst :]
    # Someone else is not affected.
    other = await api.participant()
    status, _, _ = await api.call("PUT", f"/api/ideas/{idea['id']}/support", headers=other)
    assert status == 200
