"""The ideas part of the contract, through the gateway, against the real broker and database."""

from __future__ import annotations

import uuid

import pytest

from devstack.pow import participant_body
from shared.mongo import make_client

KLIMA = "Klimaschutz, Energie und Mobilität"
DIGITAL = "Digitale Services und Gesellschaft"


async def submit(api, who, title=None, field=KLIMA, **extra):
    body = {
        "title": title or f"Idee {uuid.uuid4().hex[:6]}",
        "body": "Beschreibung",
        "field": field,
        **extra,
    }
    status, idea, _ = await api.call("POST", "/api/ideas", json=body, headers=who)
    assert status == 201, idea
    return idea


async def publish(api, staff, idea_id, answer=None):
    body = {"status": "published", **({"answer": answer} if answer else {})}
    status, idea, _ = await api.call(
        "POST", f"/api/ideas/{idea_id}/status", json=body, headers=staff
    )
    assert status == 200, idea
    return idea


async def test_submitted_idea_is_held_back_until_a_moderator_publishes_it(api):
    citizen, staff = await api.participant(), await api.moderator()
    idea = await submit(api, citizen, title="Mehr Bäume am Markt")
    assert idea["status"] == "submitted" and idea["mine"] is True

    _, public, _ = await api.call("GET", "/api/ideas?q=Bäume")
    assert idea["id"] not in [i["id"] for i in public["items"]]
    assert (await api.call("GET", f"/api/ideas/{idea['id']}"))[0] == 404
    _, queue, _ = await api.call("GET", "/api/ideas?status=submitted&page_size=100", headers=staff)
    assert idea["id"] in [i["id"] for i in queue["items"]]

    await publish(api, staff, idea["id"], answer="Danke, wir prüfen den Standort.")
    status, shown, _ = await api.call("GET", f"/api/ideas/{idea['id']}")
    assert status == 200 and shown["status"] == "published"
    assert shown["answer"]["text"] == "Danke, wir prüfen den Standort."
    _, found, _ = await api.call("GET", "/api/ideas?q=Baum")
    assert idea["id"] in [i["id"] for i in found["items"]]


async def test_status_workflow_shows_the_official_answer_to_the_author(api):
    citizen, staff = await api.participant(), await api.moderator()
    idea = await submit(api, citizen)
    await publish(api, staff, idea["id"])
    status, body, _ = await api.call(
        "POST", f"/api/ideas/{idea['id']}/status", json={"status": "implemented"}, headers=staff
    )
    assert status == 422 and body["code" if "code" in body else "type"].endswith("answer-required")
    status, _, _ = await api.call(
        "POST",
        f"/api/ideas/{idea['id']}/status",
        json={"status": "implemented", "answer": "Umgesetzt im Mai."},
        headers=staff,
    )
    assert status == 200
    _, mine, _ = await api.call("GET", "/api/ideas?mine=true", headers=citizen)
    [own] = [i for i in mine["items"] if i["id"] == idea["id"]]
    assert own["status"] == "implemented" and own["answer"]["text"] == "Umgesetzt im Mai."
    status, body, _ = await api.call(
        "POST", f"/api/ideas/{idea['id']}/status", json={"status": "submitted"}, headers=staff
    )
    assert status == 409 and "allowed" in body


async def test_a_second_support_by_the_same_participant_counts_once(api):
    citizen, other, staff = await api.participant(), await api.participant(), await api.moderator()
    idea = await submit(api, citizen)
    assert (await api.call("PUT", f"/api/ideas/{idea['id']}/support", headers=other))[0] == 404
    await publish(api, staff, idea["id"])
    for _ in range(2):
        status, body, _ = await api.call("PUT", f"/api/ideas/{idea['id']}/support", headers=other)
        assert status == 200 and body["supports"] == 1
    _, body, _ = await api.call("PUT", f"/api/ideas/{idea['id']}/support", headers=citizen)
    assert body["supports"] == 2
    _, shown, _ = await api.call("GET", f"/api/ideas/{idea['id']}", headers=other)
    assert shown["supported"] is True and shown["supports"] == 2
    for _ in range(2):
        _, body, _ = await api.call("DELETE", f"/api/ideas/{idea['id']}/support", headers=other)
        assert body["supports"] == 1
    client = make_client(api.settings.mongodb_uri)
    db = client[api.settings.database("ideas")]
    stored = await db.ideas.find_one({"_id": idea["id"]})
    supports = await db.supports.count_documents({"idea_id": idea["id"]})
    await client.close()
    assert stored["supports"] == supports == 1


async def test_comments_appear_only_after_moderation(api):
    citizen, staff = await api.participant(), await api.moderator()
    idea = await submit(api, citizen)
    await publish(api, staff, idea["id"])
    status, comment, _ = await api.call(
        "POST", f"/api/ideas/{idea['id']}/comments", json={"body": "Gute Idee!"}, headers=citizen
    )
    assert status == 201 and comment["message_de"]
    assert (await api.call("GET", f"/api/ideas/{idea['id']}/comments"))[1]["items"] == []
    _, queue, _ = await api.call("GET", "/api/ideas/comments?status=submitted", headers=staff)
    assert comment["id"] in [c["id"] for c in queue["items"]]
    status, _, _ = await api.call(
        "POST",
        f"/api/ideas/{idea['id']}/comments/{comment['id']}/status",
        json={"status": "published"},
        headers=staff,
    )
    assert status == 200
    _, listed, _ = await api.call("GET", f"/api/ideas/{idea['id']}/comments")
    assert [c["body"] for c in listed["items"]] == ["Gute Idee!"]
    assert (await api.call("GET", f"/api/ideas/{idea['id']}"))[1]["comments"] == 1


async def test_list_filters_sorts_and_pages(api):
    citizen, staff = await api.participant(), await api.moderator()
    tag = uuid.uuid4().hex[:6]
    ids = []
    for n in range(3):
        idea = await submit(
            api, await api.participant(), title=f"Sortiertest {tag} {n}", field=DIGITAL
        )
        await publish(api, staff, idea["id"])
        ids.append(idea["id"])
    await api.call("PUT", f"/api/ideas/{ids[0]}/support", headers=citizen)
    _, top, _ = await api.call("GET", f"/api/ideas?q=Sortiertest {tag}&sort=top")
    assert top["items"][0]["id"] == ids[0] and top["total"] == 3
    _, new, _ = await api.call("GET", f"/api/ideas?q=Sortiertest {tag}&sort=new&page_size=2")
    assert [i["id"] for i in new["items"]] == [ids[2], ids[1]]
    _, page2, _ = await api.call("GET", f"/api/ideas?q=Sortiertest {tag}&page=2&page_size=2")
    assert [i["id"] for i in page2["items"]] == [ids[0]]
    _, by_field, _ = await api.call("GET", f"/api/ideas?field={KLIMA}&q=Sortiertest {tag}")
    assert by_field["total"] == 0
    status, _, _ = await api.call("GET", "/api/ideas?status=submitted", headers=citizen)
    assert status == 403
    # Empty parameters, as the contract writes them, mean no filter.
    status, everything, _ = await api.call("GET", "/api/ideas?status=&field=&q=&sort=new")
    assert status == 200 and everything["total"] >= 3


async def test_csv_export_opens_with_umlauts_in_spreadsheets(api):
    citizen, staff = await api.participant(), await api.moderator()
    await submit(api, citizen, title="Grünflächen für Kühlung")
    async with api.http.get(f"{api.url}/api/ideas/export.csv", headers=staff) as r:
        raw = await r.read()
        assert r.status == 200 and r.headers["Content-Type"].startswith("text/csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id;titel;")
    assert "Grünflächen für Kühlung" in text
    assert (await api.call("GET", "/api/ideas/export.csv", headers=citizen))[0] == 403


async def test_a_burst_of_submissions_is_answered_429_with_retry_after(api):
    citizen = await api.participant()
    for _ in range(api.settings.idea_burst):
        await submit(api, citizen)
    status, body, headers = await api.call(
        "POST", "/api/ideas", json={"title": "Noch eine", "field": KLIMA}, headers=citizen
    )
    assert status == 429 and int(headers["Retry-After"]) >= 1
    assert headers["Content-Type"].startswith("application/problem+json") and body["detail_de"]
    # Another participant on the same Wi-Fi is not affected.
    await submit(api, await api.participant())


async def test_a_retried_submission_with_the_same_idempotency_key_creates_one_idea(api):
    citizen = await api.participant()
    key = {"Idempotency-Key": uuid.uuid4().hex}
    body = {"title": "Schlechtes Netz", "field": KLIMA}
    s1, first, _ = await api.call("POST", "/api/ideas", json=body, headers={**citizen, **key})
    s2, second, _ = await api.call("POST", "/api/ideas", json=body, headers={**citizen, **key})
    assert (s1, s2) == (201, 200) and first["id"] == second["id"]
    _, mine, _ = await api.call("GET", "/api/ideas?mine=true&q=Schlechtes Netz", headers=citizen)
    assert mine["total"] == 1


async def test_config_health_and_metrics(api):
    status, config, _ = await api.call("GET", "/api/config")
    assert (
        status == 200 and KLIMA in config["fields_of_action"] and config["ws_url"].endswith("/ws")
    )
    assert (await api.call("GET", "/healthz"))[0] == 200
    status, ready, _ = await api.call("GET", "/readyz")
    assert status == 200 and all(ready["checks"].values())
    async with api.http.get(f"http://127.0.0.1:{api.settings.ideas_port}/metrics") as r:
        assert "http_requests_total" in await r.text()


@pytest.mark.parametrize("path", ["/qr.svg?path=/", "/qr.svg?path=/join?code=AB12"])
async def test_qr_codes_lead_to_this_site_only(api, path):
    async with api.http.get(f"{api.url}{path}") as r:
        assert r.status == 200 and r.headers["Content-Type"] == "image/svg+xml"
        assert b"<svg" in await r.read()
    assert (await api.call("GET", "/qr.svg?path=//evil.example/"))[0] == 400


async def test_pages_carry_a_strict_content_security_policy(api):
    async with api.http.get(f"{api.url}/") as r:
        csp = r.headers["Content-Security-Policy"]
        assert r.status == 200 and r.headers["X-Content-Type-Options"] == "nosniff"
    assert (
        "default-src 'self'" in csp
        and "frame-ancestors 'none'" in csp
        and "unsafe-inline" not in csp
    )


@pytest.mark.parametrize("code", ["../../x", "AB", "a b c d", "ÄÖÜÄÖÜ"])
async def test_malformed_join_codes_are_refused_before_anything_is_asked(api, code):
    body = await participant_body(api.http, api.url, code)
    status, body, _ = await api.call("POST", "/api/auth/participant", json=body)
    assert status == 422 and body["errors"][0]["field"] == "join_code"


async def test_csv_cells_that_look_like_formulas_are_defused(api):
    citizen, staff = await api.participant(), await api.moderator()
    await submit(api, citizen, title='=HYPERLINK("http://evil.example","Klick")')
    async with api.http.get(f"{api.url}/api/ideas/export.csv", headers=staff) as r:
        text = (await r.read()).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ";=HYPERLINK" not in text
