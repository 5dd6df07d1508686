"""Joining a workshop is recorded, a moderator can lock it against newcomers and end it, and the
moderator sees joined against voted (ARCHITECTURE §5; CONTRACT, Voting: lock/unlock, joined).

The voting service runs alone against the real broker and database; participant tokens are made
with a test key, bound to a session as the gateway binds them.
"""

from __future__ import annotations

import asyncio

import pytest_asyncio

from services.voting import domain
from services.voting.pseudonyms import Pseudonyms
from shared.kafka import CONTRACT_TOPICS, ensure_topics
from tests.conftest import make_settings
from tests.integration.tally_helpers import live_channels
from tests.security.voting_sessions_helpers import Voting, assert_problem, voting_service


@pytest_asyncio.fixture(scope="module")
async def voting(servers):
    settings = make_settings(servers)
    await ensure_topics(settings, CONTRACT_TOPICS, partitions=1)
    async with voting_service(settings) as v:
        yield v


async def test_a_locked_workshop_keeps_newcomers_out_and_lets_members_back(voting: Voting):
    session = await voting.session()
    sid, code = session["id"], session["join_code"]
    assert session["locked"] is False and session["status"] == "open"
    for name in ("anna", "ben"):
        status, body, _ = await voting.join(sid, voting.phone(name, sid))
        assert status == 200 and body["new"] is True and body["session_id"] == sid, body
    status, again, _ = await voting.join(sid, voting.phone("anna", sid))
    assert status == 200 and again["new"] is False
    state = await voting.state(sid)
    assert (state["locked"], state["joined"], state["voted"]) == (False, 2, 0)

    status, body, headers = await voting.api.call(
        "POST", f"/api/voting/sessions/{sid}/lock", headers=voting.phone("anna", sid)
    )
    assert_problem(status, body, headers, 403, "forbidden")
    locked = await voting.command(sid, "lock")
    assert locked["locked"] is True and locked["status"] == "locked" and locked["joined"] == 2

    # The code no longer leads in, and a newcomer's join is refused, in German and English.
    status, body, headers = await voting.api.call("GET", f"/api/voting/join/{code.lower()}")
    assert_problem(status, body, headers, 423, "session-locked")
    assert "geschlossen" in body["detail_de"] and "closed" in body["detail"]
    status, body, headers = await voting.join(sid, voting.phone("carla", sid))
    assert_problem(status, body, headers, 423, "session-locked")
    # Those already in are members still: a retry or a reloaded phone gets the same answer.
    status, body, _ = await voting.join(sid, voting.phone("ben", sid))
    assert status == 200 and body["new"] is False
    assert (await voting.command(sid, "lock"))["locked"] is True  # twice is once
    public = await voting.state(sid, staff=False)
    assert (public["locked"], public["joined"]) == (True, 2) and "polls" not in public

    unlocked = await voting.command(sid, "unlock")
    assert unlocked["locked"] is False and unlocked["status"] == "open"
    resolved = await voting.api.ok("GET", f"/api/voting/join/{code}")
    assert resolved == {"session_id": sid, "title": "Werkstatt"}
    status, body, _ = await voting.join(sid, voting.phone("carla", sid))
    assert status == 200 and body["new"] is True
    assert (await voting.state(sid))["joined"] == 3


async def test_joining_needs_a_participant_token_bound_to_that_session(voting: Voting):
    sid = (await voting.session())["id"]
    other = (await voting.session("Nebenan"))["id"]
    status, body, headers = await voting.join(sid, {})
    assert_problem(status, body, headers, 401, "unauthorized")
    status, body, headers = await voting.join(sid, voting.moderator)
    assert_problem(status, body, headers, 403, "forbidden")
    for bound_to in (None, other):
        status, body, headers = await voting.join(sid, voting.phone("dora", bound_to))
        assert_problem(status, body, headers, 403, "not-in-session")
    status, body, headers = await voting.join("nope", voting.phone("dora", "nope"))
    assert_problem(status, body, headers, 404, "not-found")
    assert (await voting.state(sid))["joined"] == 0


async def test_joining_is_recorded_once_per_session_and_participant(voting: Voting):
    sid = (await voting.session())["id"]
    phone = voting.phone("emil", sid)
    answers = await asyncio.gather(*(voting.join(sid, phone) for _ in range(8)))
    assert [a[0] for a in answers] == [200] * 8, answers
    assert sum(a[1]["new"] for a in answers) == 1
    members = await voting.store.db["members"].find({"session_id": sid}).to_list()
    # Under Emil's pseudonym in this session, not his device id (services/voting/pseudonyms.py).
    emil = Pseudonyms.from_settings(voting.settings).of("p:emil", sid)
    assert [(m["_id"], m["participant"]) for m in members] == [(f"{sid}:{emil}", emil)]
    assert (await voting.state(sid))["joined"] == 1


async def test_voted_counts_distinct_participants_over_the_sessions_polls(voting: Voting):
    sid = (await voting.session())["id"]
    first = await voting.poll(sid, "Erste Frage")
    second = await voting.poll(sid, "Zweite Frage")
    phones = {name: voting.phone(name, sid) for name in ("fee", "gus", "hal")}
    for phone in phones.values():
        assert (await voting.join(sid, phone))[0] == 200
    votes = [(first, "fee"), (second, "fee"), (first, "gus")]
    for poll, name in votes:
        path = f"/api/voting/polls/{poll['id']}/votes"
        await voting.api.ok("POST", path, 202, json={"choice": "o1"}, headers=phones[name])
    state = await voting.state(sid)
    assert (state["joined"], state["voted"]) == (3, 2)
    # A reset discards the first poll's votes: gus took part in nothing that still counts.
    path = f"/api/voting/polls/{first['id']}/reset"
    await voting.api.ok("POST", path, json={"confirm": True}, headers=voting.moderator)
    assert (await voting.state(sid))["voted"] == 1


async def test_the_session_channel_follows_joined_voted_and_the_lock(voting: Voting):
    sid = (await voting.session())["id"]
    poll = await voting.poll(sid)
    channel = f"session:{sid}"
    first = await live_channels(voting.settings, {channel}, 15)
    assert first[channel]["locked"] is False and "joined" in first[channel]
    ivo, jan = voting.phone("ivo", sid), voting.phone("jan", sid)
    await voting.join(sid, ivo)
    await voting.join(sid, jan)
    path = f"/api/voting/polls/{poll['id']}/votes"
    await voting.api.ok("POST", path, 202, json={"choice": "o2"}, headers=jan)
    await voting.command(sid, "lock")

    def settled(states: dict) -> bool:
        s = states[channel]
        return (s["joined"], s["voted"], s["locked"], s["status"]) == (2, 1, True, "locked")

    state = (await live_channels(voting.settings, {channel}, 15, settled))[channel]
    assert state["poll"]["id"] == poll["id"]


async def test_ending_closes_the_poll_refuses_joining_and_retires_the_code(voting: Voting):
    session = await voting.session()
    sid, code = session["id"], session["join_code"]
    poll = await voting.poll(sid)
    kai = voting.phone("kai", sid)
    assert (await voting.join(sid, kai))[0] == 200
    status, body, headers = await voting.api.call(
        "POST", f"/api/voting/sessions/{sid}/end", headers=kai
    )
    assert_problem(status, body, headers, 403, "forbidden")

    ended = await voting.command(sid, "end")
    assert ended["status"] == "ended" and ended["ended_at"] and ended["joined"] == 1
    assert (await voting.api.ok("GET", f"/api/voting/polls/{poll['id']}"))["status"] == "closed"
    status, body, headers = await voting.api.call(
        "POST", f"/api/voting/polls/{poll['id']}/votes", json={"choice": "o1"}, headers=kai
    )
    assert_problem(status, body, headers, 409, "poll-closed")
    status, body, headers = await voting.api.call("GET", f"/api/voting/join/{code}")
    assert_problem(status, body, headers, 404, "session-ended")
    for who in (kai, voting.phone("lea", sid)):
        status, body, headers = await voting.join(sid, who)
        assert_problem(status, body, headers, 409, "session-ended")

    # Nothing brings it back or changes its results: no lock toggling, no poll opening or
    # reset, no new poll, no next. (Revealing its results stays possible.)
    mod = voting.moderator
    for method, path, body in (
        ("POST", f"/api/voting/sessions/{sid}/lock", None),
        ("POST", f"/api/voting/sessions/{sid}/unlock", None),
        ("POST", f"/api/voting/polls/{poll['id']}/open", None),
        ("POST", f"/api/voting/polls/{poll['id']}/reset", {"confirm": True}),
        ("POST", f"/api/voting/sessions/{sid}/polls", {"question": "Noch?", "type": "wordcloud"}),
        ("POST", f"/api/voting/sessions/{sid}/next", {}),
    ):
        status, answer, headers = await voting.api.call(method, path, json=body, headers=mod)
        assert_problem(status, answer, headers, 409, "session-ended")
    assert (await voting.command(sid, "end"))["ended_at"] == ended["ended_at"]  # twice is once
    await voting.api.ok("POST", f"/api/voting/polls/{poll['id']}/reveal", headers=mod)
    channel = f"session:{sid}"
    states = await live_channels(
        voting.settings, {channel}, 15, lambda s: s[channel]["status"] == "ended"
    )
    assert states[channel]["poll"]["status"] == "closed"


async def test_new_sessions_never_take_a_code_in_use_or_of_an_ended_session(
    voting: Voting, monkeypatch
):
    active = await voting.session("Läuft")
    ended = await voting.session("Vorbei")
    await voting.command(ended["id"], "end")
    draws = iter([active["join_code"], ended["join_code"], "ZZ22ZZ"])
    monkeypatch.setattr(domain, "new_join_code", lambda: next(draws))
    fresh = await voting.session("Neu")
    assert fresh["join_code"] == "ZZ22ZZ"
    resolved = await voting.api.ok("GET", "/api/voting/join/zz22zz")
    assert resolved["session_id"] == fresh["id"]
    status, body, headers = await voting.api.call("GET", f"/api/voting/join/{ended['join_code']}")
    assert_problem(status, body, headers, 404, "session-ended")
