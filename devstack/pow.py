"""The proof of work for participant tokens, solved in Python: for the demo seed, benchmarks, chaos
runs and tests, which mint tokens as phones do (GET /api/auth/challenge, solve, POST).

Solving runs in a thread (hashlib's PBKDF2 lets go of the GIL), so an event loop with many phones
keeps serving them meanwhile.
"""

from __future__ import annotations

import asyncio
import json
import urllib.request
from typing import Any

import aiohttp
import altcha

CHALLENGE = "/api/auth/challenge"
PARTICIPANT = "/api/auth/participant"


def solve(challenge: dict[str, Any]) -> str:
    """The solved challenge as the ALTCHA widget sends it: base64 JSON of challenge and solution."""
    parsed = altcha.Challenge.from_dict(challenge)
    solution = altcha.solve_challenge(parsed, timeout=60)
    if solution is None:
        raise RuntimeError("the proof of work was not solved within 60 s")
    return altcha.Payload(parsed, solution).to_base64()


async def solved(http: aiohttp.ClientSession, url: str) -> str:
    """Fetch a challenge from the gateway at `url` and solve it; the `altcha` value to send."""
    async with http.get(url + CHALLENGE, raise_for_status=True) as r:
        challenge = await r.json()
    return await asyncio.to_thread(solve, challenge)


async def participant_body(
    http: aiohttp.ClientSession, url: str, join_code: str | None = None
) -> dict[str, str]:
    """The JSON body of POST /api/auth/participant, with a fresh proof of work."""
    body = {"altcha": await solved(http, url)}
    if join_code is not None:
        body["join_code"] = join_code
    return body


async def mint_participant(
    http: aiohttp.ClientSession,
    url: str,
    join_code: str | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A participant token as a phone gets it: the gateway's answer ({access_token, ...})."""
    body = await participant_body(http, url, join_code)
    async with http.post(url + PARTICIPANT, json=body, headers=headers) as r:
        answer = await r.json(content_type=None)
        if r.status != 200:
            raise RuntimeError(f"POST {PARTICIPANT} answered {r.status}: {answer}")
        return answer


async def participant_headers(
    http: aiohttp.ClientSession, url: str, join_code: str | None = None
) -> dict[str, str]:
    """Authorization headers of a newly minted participant token."""
    answer = await mint_participant(http, url, join_code)
    return {"Authorization": f"Bearer {answer['access_token']}"}


def mint_participant_sync(url: str, join_code: str | None = None) -> dict[str, Any]:
    """mint_participant without an event loop (urllib), for Playwright's synchronous tests."""
    with urllib.request.urlopen(url + CHALLENGE, timeout=10) as resp:  # noqa: S310 (our own URL)
        challenge = json.loads(resp.read())
    body: dict[str, str] = {"altcha": solve(challenge)}
    if join_code is not None:
        body["join_code"] = join_code
    request = urllib.request.Request(  # noqa: S310 (our own URL)
        url + PARTICIPANT,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as resp:  # noqa: S310 (our own URL)
        return json.loads(resp.read())
