"""GET /api/voting/me through the gateway: a participant gets the sessions they joined and their
votes in any of them, whichever session their token is bound to, and nothing of anyone else;
other roles get 403 and no token 401 (problem+json)."""

from __future__ import annotations

from datetime import datetime

import jwt

from services.voting.pseudonyms import Pseudonyms
from tests.integration.voting_stack import SINGLE

SCALE = {"question": "Wie gut ist der Plan?", "type": "scale"}


def sub_of(headers: dict[str, str]) -> str:
    token = headers["Authorization"].removeprefix("Bearer ")
    return jwt.decode(token, options={"verify_signature": False})["sub"]


def iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


async def stored_times(stack, headers: dict[str, str]) -> tuple[dict, dict]:
    """When the participant joined each session and last voted in each poll, as stored."""
    # Stored under the device's pseudonym in each session (services/voting/pseudonyms.py).
    sessions = [s["_id"] for s in await stack.store.db["sessions"].find({}, {"_id": 1}).to_list()]
    ids = Pseudonyms.from_settings(stack.settings).every(sub_of(headers), sessions)
    members = await stack.store.db["members"].find({"participant": {"$in": ids}}).to_list()
    votes = await stack.store.votes.find({"participant": {"$in": ids}}).to_list()
    return (
        {m["session_id"]: iso(m["joined_at"]) for m in members},
        {v["poll_id"]: iso(v["updated_at"]) for v in votes},
    )


async def test_a_participant_gets_exactly_their_memberships_and_votes(stack):
    mod = await stack.moderator()
    first, [single], _ = await stack.workshop(SINGLE)
    second, [scale], _ = await stack.workshop(SCALE)
    for poll in (single, scale):
        await stack.api.ok("POST", f"/api/voting/polls/{poll['id']}/open", headers=mod)
    radwege, baeume = (o["id"] for o in single["options"][:2])

    anna = await stack.join(first["join_code"])
    ben = await stack.join(first["join_code"])
    await stack.vote(single["id"], anna, radwege)
    await stack.vote(single["id"], ben, baeume)
    # The same participant in a second workshop: a token bound to it, with the same subject.
    anna_there = await stack.join(second["join_code"], anna)
    assert sub_of(anna_there) == sub_of(anna) != sub_of(ben)
    await stack.vote(scale["id"], anna_there, 4)

    joined, voted = await stored_times(stack, anna)
    expected = {
        "service": "voting",
        "memberships": [
            {"session_id": s["id"], "session_title": "Werkstatt", "joined_at": joined[s["id"]]}
            for s in (first, second)
        ],
        "votes": [
            {
                "poll_id": single["id"],
                "question": SINGLE["question"],
                "type": "single",
                "round": 0,
                "choice": radwege,
                "at": voted[single["id"]],
            },
            {
                "poll_id": scale["id"],
                "question": SCALE["question"],
                "type": "scale",
                "round": 0,
                "choice": 4,
                "at": voted[scale["id"]],
            },
        ],
    }
    for token in (anna, anna_there):
        status, mine, headers = await stack.api.call("GET", "/api/voting/me", headers=token)
        assert status == 200, mine
        assert headers["Content-Type"].startswith("application/json")
        assert mine == expected

    joined, voted = await stored_times(stack, ben)
    status, his, _ = await stack.api.call("GET", "/api/voting/me", headers=ben)
    assert status == 200, his
    assert his == {
        "service": "voting",
        "memberships": [
            {
                "session_id": first["id"],
                "session_title": "Werkstatt",
                "joined_at": joined[first["id"]],
            }
        ],
        "votes": [
            {
                "poll_id": single["id"],
                "question": SINGLE["question"],
                "type": "single",
                "round": 0,
                "choice": baeume,
                "at": voted[single["id"]],
            }
        ],
    }


async def test_only_a_participant_token_may_ask(stack):
    for headers, status, code in (
        (await stack.moderator(), 403, "forbidden"),
        ({}, 401, "unauthorized"),
    ):
        got, body, answer = await stack.api.call("GET", "/api/voting/me", headers=headers)
        assert (got, body["code"]) == (status, code), body
        assert answer["Content-Type"].startswith("application/problem+json")
