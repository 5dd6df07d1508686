"""Joining a workshop through the gateway: members counted, the lock and the end respected,
hostile votes refused without spoiling others, and a hall of 2,000 behind one address."""

from __future__ import annotations

import asyncio
import time

from devstack.pow import participant_body
from tests.integration.voting_stack import SINGLE


async def test_joining_through_the_gateway_counts_members_and_respects_the_lock(stack):
    session, _, mod = await stack.workshop(SINGLE)
    sid, code = session["id"], session["join_code"]
    await stack.join(code)
    await stack.join(code)
    view = await stack.api.ok("GET", f"/api/voting/sessions/{sid}", headers=mod)
    assert view["joined"] == 2

    await stack.api.ok("POST", f"/api/voting/sessions/{sid}/lock", headers=mod)
    proof = await participant_body(stack.api.http, stack.api.url, code)
    status, body, _ = await stack.api.call("POST", "/api/auth/participant", json=proof)
    assert status == 423, body  # the voting service's refusal, not "unavailable"
    assert body["code"] == "session-locked" and body["detail_de"]
    assert "access_token" not in body

    await stack.api.ok("POST", f"/api/voting/sessions/{sid}/unlock", headers=mod)
    await stack.join(code)
    await stack.api.ok("POST", f"/api/voting/sessions/{sid}/end", headers=mod)
    proof = await participant_body(stack.api.http, stack.api.url, code)
    status, body, _ = await stack.api.call("POST", "/api/auth/participant", json=proof)
    assert status == 404, body
    view = await stack.api.ok("GET", f"/api/voting/sessions/{sid}", headers=mod)
    assert view["joined"] == 3


async def test_a_lone_surrogate_in_a_vote_is_refused_and_spoils_no_one_elses_vote(stack):
    words = {"question": "Ein Wort?", "type": "wordcloud"}
    session, [poll], mod = await stack.workshop(words)
    await stack.api.ok("POST", f"/api/voting/polls/{poll['id']}/open", headers=mod)
    phones = [await stack.join(session["join_code"]) for _ in range(5)]
    raw = b'{"choice": "Baum \\ud800"}'
    url = f"{stack.api.url}/api/voting/polls/{poll['id']}/votes"

    async def hostile() -> int:
        headers = {**phones[0], "Content-Type": "application/json"}
        async with stack.api.http.post(url, data=raw, headers=headers) as r:
            return r.status

    results = await asyncio.gather(
        hostile(), *(stack.vote(poll["id"], p, f"Wiese {i}") for i, p in enumerate(phones[1:]))
    )
    assert results[0] == 422
    stored = await stack.store.votes.count_documents({"poll_id": poll["id"]})
    assert stored == 4


async def test_a_hall_of_2000_phones_behind_one_address_joins_within_a_minute(stack):
    session, _, mod = await stack.workshop(SINGLE)
    code = session["join_code"]
    gate = asyncio.Semaphore(100)
    started = time.monotonic()

    async def phone() -> int:
        async with gate:
            proof = await participant_body(stack.api.http, stack.api.url, code)
            status, _, _ = await stack.api.call("POST", "/api/auth/participant", json=proof)
            return status

    statuses = await asyncio.gather(*(phone() for _ in range(2_000)))
    elapsed = time.monotonic() - started
    assert statuses.count(200) == 2_000, {s: statuses.count(s) for s in set(statuses)}
    assert elapsed < 60, elapsed
    view = await stack.api.ok("GET", f"/api/voting/sessions/{session['id']}", headers=mod)
    assert view["joined"] == 2_000
