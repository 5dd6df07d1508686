"""A room of phones that vote and change their votes as real ones do, for chaos runs and tests.

Each phone sends its choice until the system acknowledges it (202): a phone that got no answer, a
connection error or a 503 sends the same choice again, as the citizen app does. So the phone knows
its last acknowledged choice, and the stored tally must equal those choices exactly, whatever was
killed on the way.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from dataclasses import dataclass, field

import aiohttp

from devstack.pow import solve

OPTIONS = ["Radwege", "Stadtbäume", "Freies WLAN", "Trinkbrunnen"]
TIMEOUT = aiohttp.ClientTimeout(total=20, connect=3)


@dataclass
class Tally:
    """What the phones were told against what the system counted."""

    expected: dict[str, int]
    counted: dict[str, int]
    voters_expected: int
    voters_counted: int

    @property
    def lost(self) -> int:
        """Acknowledged votes the tally misses."""
        return sum(max(0, n - self.counted.get(o, 0)) for o, n in self.expected.items())

    @property
    def counted_twice(self) -> int:
        """Votes the tally holds beyond the acknowledged ones."""
        return sum(max(0, n - self.expected.get(o, 0)) for o, n in self.counted.items())

    @property
    def exact(self) -> bool:
        return self.expected == self.counted and self.voters_expected == self.voters_counted


async def call(http: aiohttp.ClientSession, method: str, url: str, **kw) -> tuple[int, dict]:
    """One request; (status, JSON body). Connection trouble is status 0."""
    try:
        async with http.request(method, url, timeout=TIMEOUT, **kw) as r:
            body = await r.json(content_type=None) if r.content_length != 0 else {}
            return r.status, body if isinstance(body, dict) else {}
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        return 0, {"error": str(exc)}


async def until_ok(http: aiohttp.ClientSession, method: str, url: str, ok: int, **kw) -> dict:
    """Retry a request until it answers `ok` (the stack may be restarting a process)."""
    deadline = time.monotonic() + 120
    while True:
        status, body = await call(http, method, url, **kw)
        if status == ok:
            return body
        if time.monotonic() > deadline:
            raise RuntimeError(f"{method} {url} kept answering {status}: {body}")
        await asyncio.sleep(0.5)


@dataclass
class Room:
    """A workshop poll and the phones in it."""

    url: str
    moderator_password: str
    phones: int = 60
    seed: int = 7
    acknowledged: int = 0
    retries: int = 0
    refused: Counter = field(default_factory=Counter)
    last_ack: dict[int, str] = field(default_factory=dict)

    async def setup(self, http: aiohttp.ClientSession) -> None:
        """Log in as the moderator, make a session and an open single-choice poll."""
        login = {"username": "moderator", "password": self.moderator_password}
        token = (await until_ok(http, "POST", f"{self.url}/api/auth/login", 200, json=login))[
            "access_token"
        ]
        self.staff = {"Authorization": f"Bearer {token}"}
        api = f"{self.url}/api/voting"
        session = await until_ok(
            http, "POST", f"{api}/sessions", 201, json={"title": "Chaos"}, headers=self.staff
        )
        poll_in = {"question": "Was zuerst?", "type": "single", "options": OPTIONS}
        poll = await until_ok(
            http,
            "POST",
            f"{api}/sessions/{session['id']}/polls",
            201,
            json=poll_in,
            headers=self.staff,
        )
        self.poll_id = poll["id"]
        self.option_ids = [o["id"] for o in poll["options"]]
        await until_ok(http, "POST", f"{api}/polls/{self.poll_id}/open", 200, headers=self.staff)
        self.join_code = session["join_code"]

    async def _token(self, http: aiohttp.ClientSession) -> dict[str, str]:
        """Join as a phone does, with a proof of work; each attempt solves a new challenge, since
        a solution counts once (even when the answer to it was lost)."""
        deadline = time.monotonic() + 120
        while True:
            challenge = await until_ok(http, "GET", f"{self.url}/api/auth/challenge", 200)
            join = {
                "join_code": self.join_code,
                "altcha": await asyncio.to_thread(solve, challenge),
            }
            status, body = await call(http, "POST", f"{self.url}/api/auth/participant", json=join)
            if status == 200:
                return {"Authorization": f"Bearer {body['access_token']}"}
            if time.monotonic() > deadline:
                raise RuntimeError(f"POST /api/auth/participant kept answering {status}: {body}")
            await asyncio.sleep(0.5)

    async def _vote(self, http: aiohttp.ClientSession, headers: dict, choice: str) -> bool:
        """Send one choice until acknowledged; False if it was refused for good."""
        url = f"{self.url}/api/voting/polls/{self.poll_id}/votes"
        while True:
            status, body = await call(http, "POST", url, json={"choice": choice}, headers=headers)
            if status == 202:
                self.acknowledged += 1
                return True
            if status in (0, 429, 502, 503, 504):
                self.retries += 1
                await asyncio.sleep(0.3 if status != 429 else 1.0)
                continue
            self.refused[f"{status} {body.get('code', '')}"] += 1
            return False

    async def phone(self, http: aiohttp.ClientSession, n: int, stop: asyncio.Event) -> None:
        """Vote, then change the vote now and then, until `stop` is set."""
        rng = random.Random(self.seed * 1000 + n)
        headers = await self._token(http)
        while not stop.is_set():
            choice = rng.choice(self.option_ids)
            if await self._vote(http, headers, choice):
                self.last_ack[n] = choice
            await asyncio.sleep(rng.uniform(0.3, 2.5))

    async def run(self, http: aiohttp.ClientSession, stop: asyncio.Event) -> None:
        """All phones at once, until `stop`; each finishes the vote it is sending."""
        await asyncio.gather(*(self.phone(http, n, stop) for n in range(self.phones)))

    async def tally(self, http: aiohttp.ClientSession) -> Tally:
        """The poll's counted results against the phones' last acknowledged choices."""
        url = f"{self.url}/api/voting/polls/{self.poll_id}/results"
        body = await until_ok(http, "GET", url, 200, headers=self.staff)
        return Tally(
            expected=dict(Counter(self.last_ack.values())),
            counted={o["id"]: o["count"] for o in body["options"] if o.get("count")},
            voters_expected=len(self.last_ack),
            voters_counted=body.get("voters", 0),
        )

    async def settled_tally(self, http: aiohttp.ClientSession, timeout_s: float = 90) -> Tally:
        """The tally once it equals the acknowledged choices, or the last one after the
        timeout (the tally worker may still be catching up after a restart)."""
        deadline = time.monotonic() + timeout_s
        while True:
            result = await self.tally(http)
            if result.exact or time.monotonic() > deadline:
                return result
            await asyncio.sleep(1.0)
