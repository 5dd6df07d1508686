"""The exhibitions part of the contract (services/exhibitions/README.md), through the gateway,
against the real broker and database."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import jwt
import pytest_asyncio

from shared.events import CloudEvent
from shared.mongo import make_client
from tests.integration.exhibitions_stack import FIELD, ExhibitionsApi, running_exhibitions


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def exhibitions(servers, tmp_path_factory) -> AsyncIterator[ExhibitionsApi]:
    async with running_exhibitions(servers, tmp_path_factory.mktemp("keys")) as api:
        yield api


def given(seconds_ago: float) -> str:
    return (datetime.now(UTC) - timedelta(seconds=seconds_ago)).isoformat()


async def test_staff_set_up_an_exhibition_that_anyone_may_read(exhibitions):
    api = exhibitions
    status, body, _ = await api.call("POST", "/api/exhibitions", json={"title": "Ohne Token"})
    assert status == 401 and body["code"] == "unauthorized"
    phone = await api.participant()
    status, body, _ = await api.call("POST", "/api/exhibitions", json={"title": "X"}, headers=phone)
    assert status == 403
    exhibition = await api.exhibition(open_it=False, title="Handlungsfelder")
    assert exhibition["status"] == "draft" and exhibition["description"] == ""
    assert set(exhibition) == {"id", "title", "description", "status", "created_at", "updated_at"}
    exhibit = await api.exhibit(exhibition, "Mobilstation")
    assert exhibit["url"] == f"{api.settings.public_url}/exhibit/{exhibit['code']}"
    assert len(exhibit["code"]) == 6 and exhibit["field"] == FIELD
    status, body, _ = await api.call(
        "POST",
        f"/api/exhibitions/{exhibition['id']}/exhibits",
        json={"title": "X", "field": "Raumfahrt"},
        headers=await api.staff(),
    )
    assert status == 422 and body["code"] == "unknown-field"

    _, listed, _ = await api.call("GET", "/api/exhibitions")
    assert listed["items"][0]["id"] == exhibition["id"] and "exhibits" not in listed["items"][0]
    _, shown, _ = await api.call("GET", f"/api/exhibitions/{exhibition['id']}")
    assert [x["id"] for x in shown["exhibits"]] == [exhibit["id"]]
    for path in (f"exhibits/{exhibit['id']}", f"exhibits/code/{exhibit['code']}"):
        status, found, _ = await api.call("GET", f"/api/exhibitions/{path}")
        assert status == 200 and found["id"] == exhibit["id"]
        assert found["exhibition"] == {
            "id": exhibition["id"],
            "title": "Handlungsfelder",
            "status": "draft",
        }
    assert (await api.call("GET", "/api/exhibitions/exhibits/code/AAAAAA"))[0] == 404
    assert (await api.call("GET", "/api/exhibitions/nope"))[0] == 404


async def test_feedback_only_while_open_and_a_later_rating_replaces(exhibitions):
    api = exhibitions
    exhibition = await api.exhibition(open_it=False)
    exhibit = await api.exhibit(exhibition)
    phone = await api.participant()
    status, body, _ = await api.rate(exhibit["id"], phone, rating=4)
    assert status == 409 and body["code"] == "exhibition-not-open"
    await api.call("POST", f"/api/exhibitions/{exhibition['id']}/open", headers=await api.staff())
    status, receipt, _ = await api.rate(exhibit["id"], phone, rating=4)
    assert status == 202 and receipt["replaced"] is False and receipt["comment_status"] is None
    assert set(receipt) == {
        "exhibit_id",
        "rating",
        "replaced",
        "comment_status",
        "message",
        "message_de",
    }
    status, receipt, _ = await api.rate(exhibit["id"], phone, rating=1)
    assert status == 202 and receipt["replaced"] is True
    await api.rate(exhibit["id"], await api.participant(), rating=5)
    _, summary, _ = await api.call("GET", f"/api/exhibitions/exhibits/{exhibit['id']}/summary")
    assert (summary["count"], summary["mean"]) == (2, 3.0)
    assert summary["distribution"] == {"1": 1, "2": 0, "3": 0, "4": 0, "5": 1}
    assert summary["by_day"][-1]["count"] == 2 and summary["by_hour"][-1]["count"] == 2
    path = f"/api/exhibitions/exhibits/{exhibit['id']}/feedback/mine"
    status, mine, _ = await api.call("GET", path, headers=phone)
    assert status == 200 and mine["rating"] == 1 and mine["given_at"].endswith("Z")
    assert (await api.call("GET", path, headers=await api.participant()))[0] == 404
    await api.call("POST", f"/api/exhibitions/{exhibition['id']}/close", headers=await api.staff())
    status, body, _ = await api.rate(exhibit["id"], phone, rating=3)
    assert status == 409 and body["code"] == "exhibition-not-open"


async def test_a_kiosk_rates_once_per_interval_and_its_queue_counts_once(exhibitions):
    api = exhibitions
    exhibit = await api.exhibit()
    kiosk = await api.kiosk(exhibit["id"])
    status, _, _ = await api.rate(exhibit["id"], kiosk, rating=5)
    assert status == 202
    status, body, headers = await api.rate(exhibit["id"], kiosk, rating=5)
    assert status == 429 and body["code"] == "kiosk-interval"
    assert 1 <= int(headers["Retry-After"]) <= 5
    queue = [
        (str(uuid.uuid4()), {"rating": 1 + n % 5, "given_at": given(300 - 5 * n)}) for n in range(6)
    ]
    for _round in range(2):
        for key, body in queue:
            status, receipt, _ = await api.rate(
                exhibit["id"], {**kiosk, "Idempotency-Key": key}, **body
            )
            assert status == 202 and receipt["rating"] == body["rating"], receipt
    _, summary, _ = await api.call("GET", f"/api/exhibitions/exhibits/{exhibit['id']}/summary")
    assert summary["count"] == 7


async def test_kiosks_of_other_exhibits_and_revoked_kiosks_are_refused(exhibitions):
    api = exhibitions
    exhibit = await api.exhibit()
    other = await api.exhibit()
    kiosk = await api.kiosk(exhibit["id"])
    status, body, _ = await api.rate(other["id"], kiosk, rating=5)
    assert status == 403 and body["code"] == "wrong-kiosk"
    path = f"/api/exhibitions/exhibits/{exhibit['id']}/kiosk"
    status, body, _ = await api.call("DELETE", path, headers=await api.staff())
    assert status == 200 and body == {"revoked": 1}
    status, body, _ = await api.rate(exhibit["id"], kiosk, rating=5)
    assert status == 401 and body["code"] == "kiosk-revoked"
    assert (await api.call("DELETE", path, headers=kiosk))[0] == 403
    status, body, _ = await api.call(
        "POST", "/api/exhibitions/exhibits/nope/kiosks", headers=await api.staff()
    )
    assert status == 404


async def test_the_gateways_kiosk_route_answers_a_working_token(exhibitions):
    api = exhibitions
    exhibit = await api.exhibit()
    path = f"/api/exhibitions/exhibits/{exhibit['id']}/kiosk"
    status, answer, _ = await api.call("POST", path, headers=await api.staff())
    assert status == 201 and answer["exhibit_id"] == exhibit["id"], answer
    assert answer["token_type"] == "Bearer" and answer["expires_in"] > 30 * 24 * 3600
    kiosk = {"Authorization": f"Bearer {answer['access_token']}"}
    assert (await api.rate(exhibit["id"], kiosk, rating=4))[0] == 202

    # Phones, kiosks and strangers get no kiosk token; an unknown exhibit gets none either.
    phone = await api.participant()
    for who, expected in ((phone, 403), (kiosk, 403), ({}, 401)):
        status, problem, _ = await api.call("POST", path, headers=who)
        assert status == expected and problem["code"], problem
    unknown = "/api/exhibitions/exhibits/nope/kiosk"
    status, problem, _ = await api.call("POST", unknown, headers=await api.staff())
    assert status == 404 and problem["detail_de"], problem

    # Revoking through the gateway (proxied) switches the tablet off at once.
    status, revoked, _ = await api.call("DELETE", path, headers=await api.staff())
    assert status == 200 and revoked["revoked"] >= 1, revoked
    status, problem, _ = await api.rate(exhibit["id"], kiosk, rating=4)
    assert status == 401 and problem["code"] == "kiosk-revoked", problem


async def test_comments_wait_for_moderation_and_then_show_live(exhibitions):
    api = exhibitions
    exhibition = await api.exhibition()
    exhibit = await api.exhibit(exhibition, "Gründungszentrum")
    status, receipt, _ = await api.rate(
        exhibit["id"], await api.participant(), rating=5, comment="  Sehr\x00 anschaulich!  "
    )
    assert status == 202 and receipt["comment_status"] == "submitted"
    staff = await api.staff()
    _, queue, _ = await api.call("GET", "/api/exhibitions/comments", headers=staff)
    [comment] = [c for c in queue["items"] if c["exhibit_id"] == exhibit["id"]]
    assert comment["body"] == "Sehr anschaulich!" and comment["status"] == "submitted"
    assert set(comment) == {"id", "exhibit_id", "exhibition_id", "body", "status", "created_at"}
    _, summary, _ = await api.call("GET", f"/api/exhibitions/{exhibition['id']}/summary")
    assert summary["exhibits"][0]["comments"] == []
    status, moderated, _ = await api.call(
        "POST",
        f"/api/exhibitions/comments/{comment['id']}/status",
        json={"status": "published"},
        headers=staff,
    )
    assert status == 200 and moderated["status"] == "published"
    _, summary, _ = await api.call("GET", f"/api/exhibitions/{exhibition['id']}/summary")
    assert [c["body"] for c in summary["exhibits"][0]["comments"]] == ["Sehr anschaulich!"]
    assert summary["by_field"] == {FIELD: {"count": 1, "mean": 5.0}}

    channel = f"exhibition:{exhibition['id']}"
    for _ in range(100):
        state = api.hub.states.get(channel)
        if state is not None and json.loads(state.data)["comments"]:
            break
        await asyncio.sleep(0.1)
    live = json.loads(api.hub.states[channel].data)
    assert live["count"] == 1 and live["comments"][0]["exhibit_title"] == "Gründungszentrum"
    assert "by_hour" not in live["exhibits"][0] and "alerts" not in live
    staff_only = json.loads(api.hub.states[f"{channel}:staff"].data)
    assert staff_only == {"alerts": []}


async def test_a_clear_drop_raises_an_alert_for_staff(exhibitions):
    api = exhibitions
    exhibition = await api.exhibition()
    exhibit = await api.exhibit(exhibition, "Digitaler Zwilling")
    for n, stars in enumerate((5, 5, 2, 1)):
        phone = await api.participant()
        status, _, _ = await api.rate(exhibit["id"], phone, rating=stars, given_at=given(60 - n))
        assert status == 202
    path = f"/api/exhibitions/{exhibition['id']}/alerts"
    assert (await api.call("GET", path))[0] == 401
    _, alerts, _ = await api.call("GET", path, headers=await api.staff())
    [alert] = alerts["items"]
    assert (alert["exhibit_id"], alert["title"]) == (exhibit["id"], "Digitaler Zwilling")
    assert (alert["recent_mean"], alert["usual_mean"], alert["recent_count"]) == (1.5, 5.0, 2)
    # Live for staff on the staff channel, never on the public one the screen reads.
    channel = f"exhibition:{exhibition['id']}"
    for _ in range(100):
        state = api.hub.states.get(f"{channel}:staff")
        if state is not None and json.loads(state.data)["alerts"]:
            break
        await asyncio.sleep(0.1)
    assert json.loads(api.hub.states[f"{channel}:staff"].data)["alerts"] == alerts["items"]
    assert "alerts" not in json.loads(api.hub.states[channel].data)


async def test_the_export_and_the_events_name_no_participant(exhibitions):
    api = exhibitions
    exhibition = await api.exhibition()
    exhibit = await api.exhibit(exhibition, "=SUMME(A1)")
    phone = await api.participant()
    await api.rate(exhibit["id"], phone, rating=3, comment="Nicht veröffentlicht")
    path = f"/api/exhibitions/{exhibition['id']}/export.csv"
    assert (await api.call("GET", path, headers=phone))[0] == 403
    status, text, headers = await api.call("GET", path, headers=await api.staff())
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    lines = text.splitlines()
    assert lines[0] == "\ufeffexhibit;field;rating;given_at;source;comment"
    assert lines[1].startswith(f"'=SUMME(A1);{FIELD};3;") and lines[1].endswith(";phone;")

    token = phone["Authorization"].removeprefix("Bearer ")
    subject = jwt.decode(token, options={"verify_signature": False})["sub"]
    client = make_client(api.settings.mongodb_uri)
    try:
        outbox = client[api.settings.database("exhibitions")]["outbox"]
        events = [CloudEvent.from_bytes(e["value"]) async for e in outbox.find({})]
    finally:
        await client.close()
    given_events = [e for e in events if e.type == "de.oecherlab.exhibitions.feedback.given"]
    mine = [e for e in given_events if e.data["exhibit_id"] == exhibit["id"]]
    assert mine and mine[0].data["source"] == "phone" and len(mine[0].data["rater"]) == 32
    assert subject not in str([e.data for e in events])


async def test_simultaneous_ratings_stay_exact_and_a_kiosk_counts_one_press(exhibitions):
    api = exhibitions
    exhibit = await api.exhibit()
    phones = [await api.participant() for _ in range(12)]
    stars = [1 + n % 5 for n in range(len(phones))]
    answers = await asyncio.gather(
        *(api.rate(exhibit["id"], phone, rating=s) for phone, s in zip(phones, stars, strict=True)),
        *(api.rate(exhibit["id"], phone, rating=5) for phone in phones[:4]),  # replacing
    )
    assert [status for status, _, _ in answers] == [202] * 16
    _, summary, _ = await api.call("GET", f"/api/exhibitions/exhibits/{exhibit['id']}/summary")
    assert summary["count"] == 12
    assert sum(summary["distribution"].values()) == 12
    assert sum(int(k) * v for k, v in summary["distribution"].items()) == round(
        summary["mean"] * 12
    )
    kiosk = await api.kiosk(exhibit["id"])
    presses = await asyncio.gather(*(api.rate(exhibit["id"], kiosk, rating=3) for _ in range(5)))
    assert sorted(status for status, _, _ in presses) == [202, 429, 429, 429, 429]
    _, summary, _ = await api.call("GET", f"/api/exhibitions/exhibits/{exhibit['id']}/summary")
    assert summary["count"] == 13
