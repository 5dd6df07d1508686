"""The hackathons service killed (SIGKILL) while phones form teams and save their project pages:
`make run` starts it again, and every acknowledged write is there; no phone is in two teams and
no team is half made."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from datetime import UTC, datetime, timedelta

import aiohttp

from devstack.pow import participant_headers
from tests.e2e.test_ideas_end_to_end import login

PHONES = 8
RUN_S = 8.0


class Phone:
    """Forms a team, then saves new versions of its project page until the time is up; retries
    what the outage refused, and remembers what was acknowledged."""

    def __init__(self, http: aiohttp.ClientSession, url: str, hackathon: dict, n: int) -> None:
        self.http, self.url, self.hackathon, self.n = http, url, hackathon, n
        self.team_id: str | None = None
        self.acked: str | None = None
        self.sent: list[str] = []
        self.refused = 0

    async def _call(self, method: str, path: str, **kw) -> tuple[int, dict]:
        try:
            async with self.http.request(method, self.url + path, headers=self.auth, **kw) as r:
                return r.status, await r.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError):
            return 599, {}

    async def run(self, until: float) -> None:
        self.auth = await participant_headers(self.http, self.url)
        hid = self.hackathon["id"]
        body = {"name": f"Team {self.n}", "challenge_id": self.hackathon["challenge_id"]}
        while self.team_id is None and time.monotonic() < until + 20:
            status, answer = await self._call("POST", f"/api/hackathons/{hid}/teams", json=body)
            if status == 201:
                self.team_id = answer["id"]
            elif status == 409:  # made before the answer was lost
                status, answer = await self._call("GET", f"/api/hackathons/{hid}/my-team")
                self.team_id = answer.get("id")
            else:
                await asyncio.sleep(0.3)
        version = 0
        while time.monotonic() < until:
            title = f"Version {self.n}.{version}"
            self.sent.append(title)
            path = f"/api/hackathons/teams/{self.team_id}/project"
            status, _ = await self._call("PUT", path, json={"title": title, "summary": "S"})
            if status == 200:
                self.acked = title
                version += 1
            else:
                self.refused += 1
            # Slower than the per-phone write limit refills, so only the outage refuses.
            await asyncio.sleep(0.4 if status == 200 else 0.5)


async def test_no_acknowledged_team_or_project_is_lost_when_the_service_is_killed(running_stack):
    url = running_stack.url
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http:
        staff = await login(http, running_stack)
        deadline = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
        spec = {"title": "Ausfall", "rubric": [{"name": "Nutzen"}], "submission_deadline": deadline}
        async with http.post(f"{url}/api/hackathons", json=spec, headers=staff) as r:
            hackathon = await r.json()
        path = f"{url}/api/hackathons/{hackathon['id']}/challenges"
        async with http.post(path, json={"title": "Strom"}, headers=staff) as r:
            hackathon["challenge_id"] = (await r.json())["id"]
        phones = [Phone(http, url, hackathon, n) for n in range(PHONES)]
        until = time.monotonic() + RUN_S
        running = asyncio.gather(*(p.run(until) for p in phones))
        await asyncio.sleep(2.0)
        pid = int((running_stack.var / "run" / "hackathons.pid").read_text())
        os.kill(pid, signal.SIGKILL)
        await running
        for _ in range(100):  # started again by the supervisor
            async with http.get(f"{url}/readyz") as r:
                if r.status == 200:
                    break
            await asyncio.sleep(0.3)
        async with http.get(f"{url}/api/hackathons/{hackathon['id']}") as r:
            stored = await r.json()
    assert int((running_stack.var / "run" / "hackathons.pid").read_text()) != pid
    assert sum(p.refused for p in phones) > 0  # the phones did meet the outage
    teams = {t["id"]: t for t in stored["teams"]}
    assert len(teams) == PHONES and all(p.team_id in teams for p in phones)
    assert all(t["size"] == 1 for t in teams.values())  # nobody in two teams, none half made
    for phone in phones:
        assert phone.acked is not None, f"phone {phone.n} never saved"
        title = teams[phone.team_id]["project"]["title"]
        # The acknowledged version, or one sent after it whose answer the outage swallowed.
        assert title in phone.sent[phone.sent.index(phone.acked) :], (title, phone.acked)
