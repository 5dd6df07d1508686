"""The voting part of the contract through the gateway, with the tally processor and the hub.

Gateway, voting service and tally processor run in this process against the real Tansu broker
and SecantusDB (the `servers` fixture); Kafka and MongoDB are never mocked.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from datetime import UTC, datetime, timedelta

from aiokafka import AIOKafkaProducer

from devstack.pow import participant_body
from services.voting import api as voting_api
from tests.integration.voting_helpers import bearer, tallies_equal_recounts, wait_until_exact
from tests.integration.voting_stack import SINGLE


async def test_join_vote_change_close_reveal_through_the_gateway(stack):
    session, [poll], mod = await stack.workshop(SINGLE)
    pid = poll["id"]
    assert (await stack.api.call("GET", "/api/voting/join/NOPE42"))[0] == 404
    proof = await participant_body(stack.api.http, stack.api.url, "NOPE42")
    status, body, _ = await stack.api.call("POST", "/api/auth/participant", json=proof)
    assert status == 404
    joined = await stack.api.ok("GET", f"/api/voting/join/{session['join_code'].lower()}")
    assert joined == {"session_id": session["id"], "title": "Werkstatt"}

    phones = [await stack.join(f" {session['join_code'].lower()} ") for _ in range(30)]
    await stack.vote(pid, phones[0], "o1", expect=409)  # a draft takes no votes
    await stack.api.ok("POST", f"/api/voting/polls/{pid}/open", headers=mod)
    proof = await participant_body(stack.api.http, stack.api.url)
    stranger = bearer(
        (await stack.api.ok("POST", "/api/auth/participant", json=proof))["access_token"]
    )
    body = await stack.vote(pid, stranger, "o1", expect=403)
    assert body["type"].endswith("not-in-session")
    await stack.vote(pid, mod, "o1", expect=403)

    rng = random.Random(1)
    choices = {}
    for i, phone in enumerate(phones):
        choices[i] = rng.choice(["o1", "o2", "o3"])
        receipt = await stack.vote(pid, phone, choices[i])
        assert receipt["version"] == 1 and receipt["status"] == "accepted"
    for i in range(5):
        choices[i] = "o3" if choices[i] != "o3" else "o1"
        assert (await stack.vote(pid, phones[i], choices[i]))["version"] == 2
    mine = await stack.api.ok("GET", f"/api/voting/polls/{pid}/votes/mine", headers=phones[0])
    assert mine["choice"] == choices[0] and mine["version"] == 2

    await stack.api.ok("POST", f"/api/voting/polls/{pid}/close", headers=mod)
    late = await stack.vote(pid, phones[7], "o2", expect=409)
    assert late["status"] == 409 and "detail_de" in late
    assert (await stack.api.call("GET", f"/api/voting/polls/{pid}/results"))[0] == 403

    await wait_until_exact(stack.store, [pid])
    await stack.api.ok("POST", f"/api/voting/polls/{pid}/reveal", headers=mod)
    results = await stack.api.ok("GET", f"/api/voting/polls/{pid}/results")
    expected = {o: sum(1 for c in choices.values() if c == o) for o in ("o1", "o2", "o3")}
    assert results["voters"] == 30 and results["status"] == "closed" and results["revealed"]
    assert {o["id"]: o["count"] for o in results["options"]} == expected
    assert [o["label"] for o in results["options"]] == ["Radwege", "Bäume", "WLAN"]


async def test_every_poll_type_tallies_exactly(stack):
    bodies = [
        SINGLE,
        {
            "question": "Was noch?",
            "type": "multiple",
            "options": ["A", "B", "C", "D"],
            "settings": {"max_choices": 2},
        },
        {
            "question": "Wie gut?",
            "type": "scale",
            "settings": {"min": 0, "max": 10, "min_label": "schlecht", "max_label": "super"},
        },
        {"question": "Ein Wort", "type": "wordcloud"},
        {
            "question": "Punkte",
            "type": "points",
            "options": ["A", "B", "C"],
            "settings": {"budget": 5},
        },
        {"question": "Reihenfolge", "type": "ranking", "options": ["A", "B", "C", "D"]},
    ]
    session, polls, mod = await stack.workshop(*bodies)
    rng = random.Random(2)
    draw = {
        "single": lambda: rng.choice(["o1", "o2", "o3"]),
        "multiple": lambda: rng.sample(["o1", "o2", "o3", "o4"], rng.randint(1, 2)),
        "scale": lambda: rng.randint(0, 10),
        "wordcloud": lambda: rng.choice(["Mehr Bäume!", "bäume", "Radwege", "der Radweg", "ÖPNV"]),
        "points": lambda: {"o1": rng.randint(1, 3), "o3": rng.randint(0, 2)},
        "ranking": lambda: rng.sample(["o1", "o2", "o3", "o4"], 4),
    }
    for p in polls:
        await stack.api.ok("POST", f"/api/voting/polls/{p['id']}/open", headers=mod)
    phones = [await stack.join(session["join_code"]) for _ in range(12)]
    for phone in phones:
        for p in polls:
            await stack.vote(p["id"], phone, draw[p["type"]]())
            if rng.random() < 0.3:
                await stack.vote(p["id"], phone, draw[p["type"]]())
    await wait_until_exact(stack.store, [p["id"] for p in polls])
    by_type = {p["type"]: p["id"] for p in polls}
    r = await stack.api.ok("GET", f"/api/voting/polls/{by_type['ranking']}/results", headers=mod)
    assert sum(o["borda"] for o in r["options"]) == 12 * (3 + 2 + 1)
    assert sum(o["first"] for o in r["options"]) == 12
    r = await stack.api.ok("GET", f"/api/voting/polls/{by_type['scale']}/results", headers=mod)
    assert sum(r["distribution"].values()) == 12 and 0 <= r["mean"] <= 10
    r = await stack.api.ok("GET", f"/api/voting/polls/{by_type['wordcloud']}/results", headers=mod)
    assert {w["word"] for w in r["words"]} <= {"bäume", "radwege", "radweg", "öpnv"}
    assert sum(w["count"] for w in r["words"]) == 12
    # Bad choices are refused with the reason, never stored.
    for kind, bad in (
        ("single", "o9"),
        ("multiple", ["o1", "o2", "o3"]),
        ("scale", 11),
        ("points", {"o1": 6}),
        ("ranking", ["o1"]),
        ("wordcloud", "und oder"),
    ):
        body = await stack.vote(by_type[kind], phones[0], bad, expect=422)
        assert body["errors"][0]["field"] == "choice"


async def test_votes_after_the_deadline_are_refused_before_the_timer_closes_the_poll(stack):
    body = {**SINGLE, "settings": {"timer_s": 60}}
    session, [poll], mod = await stack.workshop(body)
    opened = await stack.api.ok("POST", f"/api/voting/polls/{poll['id']}/open", headers=mod)
    assert opened["closes_at"] is not None
    phone = await stack.join(session["join_code"])
    await stack.vote(poll["id"], phone, "o1")
    # Move the deadline into the past behind the service's back: the next vote must be refused
    # at once, whether or not the timer task has closed the poll yet.
    past = datetime.now(UTC) - timedelta(seconds=1)
    await stack.store.polls.update_one({"_id": poll["id"]}, {"$set": {"closes_at": past}})
    await stack.vote(poll["id"], phone, "o2", expect=409)
    for _ in range(50):
        shown = await stack.api.ok("GET", f"/api/voting/polls/{poll['id']}")
        stored = await stack.store.poll(poll["id"])
        if stored["status"] == "closed":
            break
        await asyncio.sleep(0.1)
    assert shown["status"] == "closed" and stored["status"] == "closed"


async def test_no_change_setting_reset_and_rate_limit(stack):
    body = {**SINGLE, "settings": {"allow_change": False}}
    session, [poll], mod = await stack.workshop(body)
    pid = poll["id"]
    await stack.api.ok("POST", f"/api/voting/polls/{pid}/open", headers=mod)
    phone = await stack.join(session["join_code"])
    await stack.vote(pid, phone, "o1")
    assert (await stack.vote(pid, phone, "o1"))["version"] == 1  # a retry is fine
    assert (await stack.vote(pid, phone, "o2", expect=409))["type"].endswith("already-voted")

    status, body, _ = await stack.api.call(
        "POST", f"/api/voting/polls/{pid}/reset", json={"confirm": False}, headers=mod
    )
    assert status == 422
    await wait_until_exact(stack.store, [pid])
    reset = await stack.api.ok(
        "POST", f"/api/voting/polls/{pid}/reset", json={"confirm": True}, headers=mod
    )
    assert reset["status"] == "draft" and reset["round"] == 1
    results = await stack.api.ok("GET", f"/api/voting/polls/{pid}/results", headers=mod)
    assert results["voters"] == 0 and all(o["count"] == 0 for o in results["options"])
    await stack.api.ok("POST", f"/api/voting/polls/{pid}/open", headers=mod)
    await stack.vote(pid, phone, "o2")  # a new round: the earlier vote does not count any more
    await wait_until_exact(stack.store, [pid])
    results = await stack.api.ok("GET", f"/api/voting/polls/{pid}/results", headers=mod)
    assert results["voters"] == 1 and results["options"][1]["count"] == 1

    statuses = []
    for _ in range(40):
        status, _, headers = await stack.api.call(
            "POST", f"/api/voting/polls/{pid}/votes", json={"choice": "o2"}, headers=phone
        )
        statuses.append(status)
        if status == 429:
            assert int(headers["Retry-After"]) >= 1
            break
    assert statuses[-1] == 429 and statuses.count(202) >= 25


async def test_word_cloud_words_show_only_after_approval(stack):
    session, [poll], mod = await stack.workshop(
        {"question": "Ein Wort", "type": "wordcloud", "settings": {"results": "live"}}
    )
    pid = poll["id"]
    await stack.api.ok("POST", f"/api/voting/polls/{pid}/open", headers=mod)
    for word in ("Bäume", "mehr Bäume", "Doofe Idee"):
        await stack.vote(pid, await stack.join(session["join_code"]), word)
    await wait_until_exact(stack.store, [pid])
    public = await stack.api.ok("GET", f"/api/voting/polls/{pid}/results")
    assert public["voters"] == 3 and public["words"] == []
    full = await stack.api.ok("GET", f"/api/voting/polls/{pid}/results", headers=mod)
    assert full["pending"] == 2 and full["words"][0] == {
        "word": "bäume",
        "count": 2,
        "approved": False,
    }
    await stack.api.ok(
        "POST", f"/api/voting/polls/{pid}/words/approve", json={"words": ["bäume"]}, headers=mod
    )
    public = await stack.api.ok("GET", f"/api/voting/polls/{pid}/results")
    assert public["words"] == [{"word": "bäume", "count": 2}]
    await stack.api.ok(
        "POST", f"/api/voting/polls/{pid}/words/reject", json={"words": ["bäume"]}, headers=mod
    )
    assert (await stack.api.ok("GET", f"/api/voting/polls/{pid}/results"))["words"] == []


class Inbox:
    """Every channel state a WebSocket client received, kept per channel."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.states: dict[str, list[dict]] = {}
        self.errors: list[dict] = []
        self.task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for msg in self.ws:
            data = msg.json()
            if data["type"] in ("snapshot", "update"):
                self.states.setdefault(data["channel"], []).append(data["data"])
            elif data["type"] == "error":
                self.errors.append(data)


async def receive(inbox: Inbox, channel: str, until, limit_s: float = 15.0) -> list[dict]:
    """The states of `channel` up to the first for which `until(state)` holds."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        seen = inbox.states.get(channel, [])
        for i, state in enumerate(seen):
            if until(state):
                return seen[: i + 1]
        await asyncio.sleep(0.05)
    saw = json.dumps(inbox.states.get(channel))[:800]
    raise AssertionError(f"{channel}: condition not met; saw {saw}")


async def test_live_channels_follow_the_session_and_the_tally(stack):
    session, polls, mod = await stack.workshop(SINGLE, {**SINGLE, "question": "Zweite Frage"})
    first, second = polls
    ws_url = stack.api.url.replace("http", "ws") + "/ws"
    async with (
        stack.api.http.ws_connect(ws_url) as staff,
        stack.api.http.ws_connect(ws_url) as phone_ws,
    ):
        await staff.send_json({"type": "auth", "token": mod["Authorization"][7:]})
        for ch in (f"poll:{first['id']}:moderator", f"poll:{first['id']}"):
            await staff.send_json({"type": "subscribe", "channel": ch})
        await phone_ws.send_json({"type": "subscribe", "channel": f"session:{session['id']}"})
        staff_in, phone_in = Inbox(staff), Inbox(phone_ws)
        state = (
            await receive(phone_in, f"session:{session['id']}", lambda d: d["poll"] is not None)
        )[-1]
        assert state["join_code"] == session["join_code"] and state["poll"]["status"] == "draft"

        await stack.api.ok("POST", f"/api/voting/polls/{first['id']}/open", headers=mod)
        await receive(
            phone_in,
            f"session:{session['id']}",
            lambda d: d["poll"] and d["poll"]["status"] == "open",
        )
        phones = [await stack.join(session["join_code"]) for _ in range(8)]
        for p in phones:
            await stack.vote(first["id"], p, "o2")
        seen = await receive(staff_in, f"poll:{first['id']}:moderator", lambda d: d["voters"] == 8)
        assert seen[-1]["options"][1]["count"] == 8
        # The public channel shows how many voted, but no counts before the reveal.
        public = await receive(staff_in, f"poll:{first['id']}", lambda d: d["voters"] == 8)
        assert all("count" not in o for o in public[-1]["options"])
        await stack.api.ok("POST", f"/api/voting/polls/{first['id']}/close", headers=mod)
        await stack.api.ok("POST", f"/api/voting/polls/{first['id']}/reveal", headers=mod)
        public = await receive(staff_in, f"poll:{first['id']}", lambda d: d["revealed"])
        assert public[-1]["options"][1]["count"] == 8

        nxt = await stack.api.ok(
            "POST", f"/api/voting/sessions/{session['id']}/next", json={}, headers=mod
        )
        assert nxt["poll"]["id"] == second["id"]
        await receive(
            phone_in,
            f"session:{session['id']}",
            lambda d: d["poll"] and d["poll"]["id"] == second["id"],
        )
        # A phone may not read the moderator's channel.
        await phone_ws.send_json({"type": "subscribe", "channel": f"poll:{first['id']}:moderator"})
        for _ in range(100):
            if phone_in.errors:
                break
            await asyncio.sleep(0.05)
        assert "moderator" in phone_in.errors[0]["message"]
        assert f"poll:{first['id']}:moderator" not in phone_in.states
        staff_in.task.cancel()
        phone_in.task.cancel()


async def test_group_commit_and_replayed_events_change_nothing(stack):
    session, [poll], mod = await stack.workshop(SINGLE)
    pid = poll["id"]
    await stack.api.ok("POST", f"/api/voting/polls/{pid}/open", headers=mod)
    phones = [await stack.join(session["join_code"]) for _ in range(200)]
    committer = stack.voting_app[voting_api.COMMITTER]
    batches_before = committer.batches
    await asyncio.gather(*(stack.vote(pid, p, random.choice(["o1", "o2", "o3"])) for p in phones))
    assert committer.batches - batches_before < 100  # votes were written together
    report = await wait_until_exact(stack.store, [pid])
    processed = await stack.store.processed.count_documents({})

    # Every vote event of this poll once more, as a retrying relay or a replay would send them.
    topic = stack.settings.topic("voting.votes")
    entries = await stack.store.outbox.find({"topic": topic, "key": pid}).to_list()
    assert len(entries) == 200
    producer = AIOKafkaProducer(
        bootstrap_servers=stack.settings.kafka_bootstrap_servers, acks="all"
    )
    await producer.start()
    try:
        for e in entries:
            await producer.send(topic, value=e["value"], key=pid.encode())
        await producer.flush()
    finally:
        await producer.stop()
    # A vote after the replay shows that the processor has consumed past it.
    marker = await stack.join(session["join_code"])
    await stack.vote(pid, marker, "o1")
    for _ in range(100):
        tally = await stack.store.tally(pid, 0)
        if tally["voters"] == 201:
            break
        await asyncio.sleep(0.1)
    assert tally["voters"] == 201
    ok, after = await tallies_equal_recounts(stack.store, [pid])
    assert ok, after
    assert after[pid][1]["counts"]["c:o1"] == report[pid][1]["counts"].get("c:o1", 0) + 1
    assert await stack.store.processed.count_documents({}) == processed + 1


async def test_status_tells_whether_the_tally_processor_is_counting(stack):
    for _ in range(100):
        status, body, _ = await stack.api.call("GET", "/api/voting/status")
        if status == 200:
            break
        await asyncio.sleep(0.2)
    assert status == 200 and body["tally_processor"] == "ok" and body["last_heartbeat"]
    # Silence (a heartbeat from long ago) answers 503, while /readyz stays 200: votes go on.
    old = datetime.now(UTC) - timedelta(minutes=5)
    await stack.store.db["status"].update_one({"_id": "tally-processor"}, {"$set": {"at": old}})
    status, body, _ = await stack.api.call("GET", "/api/voting/status")
    assert status in (503, 200)  # the processor may have refreshed it meanwhile
    async with stack.api.http.get(f"{stack.settings.voting_url}/readyz") as r:
        assert r.status == 200, await r.text()


async def test_votes_racing_a_close_are_either_stored_and_counted_or_refused(stack):
    """A phone answered 202 must find its vote counted, even when the moderator closes at once."""
    session, [poll], mod = await stack.workshop(SINGLE)
    pid = poll["id"]
    phones = [await stack.join(session["join_code"]) for _ in range(60)]
    await stack.api.ok("POST", f"/api/voting/polls/{pid}/open", headers=mod)

    async def vote(phone):
        status, _, _ = await stack.api.call(
            "POST", f"/api/voting/polls/{pid}/votes", json={"choice": "o2"}, headers=phone
        )
        return status

    async def close_soon():
        await asyncio.sleep(0.02)
        return (await stack.api.call("POST", f"/api/voting/polls/{pid}/close", headers=mod))[0]

    *statuses, closed = await asyncio.gather(*(vote(p) for p in phones), close_soon())
    assert closed == 200 and set(statuses) <= {202, 409}
    accepted = statuses.count(202)
    await wait_until_exact(stack.store, [pid])
    stored = await stack.store.votes.count_documents({"poll_id": pid})
    assert stored == accepted
    await stack.api.ok("POST", f"/api/voting/polls/{pid}/reveal", headers=mod)
    results = await stack.api.ok("GET", f"/api/voting/polls/{pid}/results")
    assert results["voters"] == accepted


async def test_next_closes_the_open_poll_and_opens_the_next_one(stack):
    # CONTRACT: POST /sessions/{id}/next closes the poll that is open and, with {"open": true},
    # opens the next one: never two questions open in one room.
    q = {"type": "single", "options": ["Ja", "Nein"]}
    session, [first, second], mod = await stack.workshop(
        {"question": "Erste?", **q}, {"question": "Zweite?", **q}
    )
    await stack.api.ok("POST", f"/api/voting/polls/{first['id']}/open", headers=mod)
    path = f"/api/voting/sessions/{session['id']}/next"
    shown = await stack.api.ok("POST", path, json={"open": True}, headers=mod)
    assert shown["poll"]["id"] == second["id"] and shown["poll"]["status"] == "open"
    polls = await stack.api.ok("GET", f"/api/voting/sessions/{session['id']}/polls", headers=mod)
    assert [(p["id"], p["status"]) for p in polls["items"]] == [
        (first["id"], "closed"),
        (second["id"], "open"),
    ]
    await stack.api.ok("POST", path, 422, json={"open": "ja"}, headers=mod)
