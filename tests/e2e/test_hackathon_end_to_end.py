"""A whole hackathon as `make run` starts it, through the public origin only: six teams on their
phones, three jurors (one strict, one lenient, one with a conflict), an audience of ten voting
through the workshop join code, the reveal, and the lab's screen following it live."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import aiohttp

from devstack.pow import participant_headers
from tests.e2e.test_ideas_end_to_end import login

RUBRIC = [{"name": "Nutzen", "weight": 2}, {"name": "Umsetzung"}, {"name": "Offene Daten"}]
# Every juror sees the same order (team 0 best), each on their own part of the scale.
JURY = {"streng": [3, 3, 2, 2, 1, 1], "milde": [5, 5, 5, 4, 4, 4], "mittel": [5, 4, 4, 3, 2, 1]}
AUDIENCE = [5, 5, 5, 5, 2, 2, 2, 0, 0, 1]  # the team each of ten phones votes for


class Client:
    def __init__(self, http: aiohttp.ClientSession, url: str) -> None:
        self.http, self.url = http, url

    async def call(self, method: str, path: str, expect: int = 200, **kwargs) -> dict:
        async with self.http.request(method, f"{self.url}{path}", **kwargs) as r:
            body = await r.json(content_type=None)
            assert r.status == expect, (method, path, r.status, body)
            return body


async def _screen_until(http, url: str, channel: str, done, timeout_s: float = 15) -> dict:
    async with http.ws_connect(url.replace("http", "ws") + "/ws") as ws:
        await ws.send_json({"type": "subscribe", "channel": channel})
        async with asyncio.timeout(timeout_s):
            async for msg in ws:
                frame = msg.json()
                if frame.get("channel") == channel and done(frame["data"]):
                    return frame["data"]
    raise AssertionError(f"{channel} never reached the expected state")


async def test_six_teams_three_jurors_an_audience_and_the_reveal(running_stack):
    url = running_stack.url
    async with aiohttp.ClientSession() as http:
        api = Client(http, url)
        staff = await login(http, running_stack)
        admin_login = {"username": "admin", "password": running_stack.admin_password}
        admin_token = (await api.call("POST", "/api/auth/login", json=admin_login))["access_token"]
        admin = {"Authorization": f"Bearer {admin_token}"}
        deadline = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
        spec = {
            "title": "E2E-Hackday",
            "target_groups": ["Schüler:innen"],
            "rubric": RUBRIC,
            "submission_deadline": deadline,
        }
        hackathon = await api.call("POST", "/api/hackathons", 201, json=spec, headers=staff)
        hid = hackathon["id"]
        challenge = await api.call(
            "POST",
            f"/api/hackathons/{hid}/challenges",
            201,
            json={
                "title": "Radwege",
                "dataset_url": "https://offenedaten.aachen.de/dataset/radwege",
            },
            headers=staff,
        )
        await api.call(
            "POST", f"/api/hackathons/{hid}/phase", json={"phase": "hacking"}, headers=staff
        )
        teams = []
        for n in range(6):
            phone = await participant_headers(http, url)
            body = {"name": f"Team {n}", "challenge_id": challenge["id"], "members": ["Ada"]}
            team = await api.call(
                "POST", f"/api/hackathons/{hid}/teams", 201, json=body, headers=phone
            )
            mate = await participant_headers(http, url)
            await api.call(
                "POST",
                f"/api/hackathons/teams/{team['id']}/join",
                headers=mate,
                json={"invite_code": team["invite_code"], "name": "Bo"},
            )
            page = {
                "title": f"Projekt {n}",
                "summary": "Radwege sicherer machen",
                "links": ["https://example.org/p"],
                "open_data": n % 2 == 0,
            }
            await api.call(
                "PUT", f"/api/hackathons/teams/{team['id']}/project", json=page, headers=mate
            )
            teams.append(team)
        jurors = {}
        for name in JURY:
            username = f"{name}-{uuid.uuid4().hex[:6]}"
            made = await api.call(
                "POST",
                "/api/auth/accounts",
                201,
                headers=admin,
                json={"username": username, "role": "jury"},
            )
            token = (
                await api.call(
                    "POST",
                    "/api/auth/login",
                    json={"username": username, "password": made["password"]},
                )
            )["access_token"]
            jurors[name] = {"Authorization": f"Bearer {token}"}
            await api.call(
                "POST", f"/api/hackathons/{hid}/jury", json={"username": username}, headers=staff
            )
        status = await api.http.get(f"{url}/api/hackathons/{hid}/leaderboard")
        assert status.status == 403
        await api.call(
            "POST", f"/api/hackathons/{hid}/phase", json={"phase": "judging"}, headers=staff
        )
        for name, totals in JURY.items():
            for team, total in zip(teams, totals, strict=True):
                if name == "mittel" and team is teams[3]:
                    await api.call(
                        "PUT",
                        f"/api/hackathons/projects/{team['id']}/conflict",
                        json={"conflict": True},
                        headers=jurors[name],
                    )
                    continue
                scores = {c["name"]: total for c in RUBRIC}
                await api.call(
                    "PUT",
                    f"/api/hackathons/projects/{team['id']}/scores",
                    json={"scores": scores},
                    headers=jurors[name],
                )
            work = await api.call("GET", f"/api/hackathons/{hid}/assignments", headers=jurors[name])
            assert work["progress"] == {"done": 6, "total": 6}
        vote = await api.call("POST", f"/api/hackathons/{hid}/audience-vote", 201, headers=staff)
        poll = await api.call("GET", f"/api/voting/polls/{vote['poll_id']}")
        label_of = {o["label"]: o["id"] for o in poll["options"]}
        for n in AUDIENCE:
            phone = await participant_headers(http, url, vote["join_code"])
            choice = label_of[f"Projekt {n} (Team {n})"]
            await api.call(
                "POST",
                f"/api/voting/polls/{vote['poll_id']}/votes",
                202,
                json={"choice": choice},
                headers=phone,
            )
        screen = asyncio.create_task(
            _screen_until(http, url, f"hackathon:{hid}", lambda s: s["results"] is not None)
        )
        await asyncio.sleep(0.5)
        # The tally counts asynchronously: the reveal keeps what it has counted when asked.
        for _ in range(50):
            live = await api.call("GET", f"/api/hackathons/{hid}/leaderboard", headers=staff)
            if live["audience"]["voters"] == len(AUDIENCE):
                break
            await asyncio.sleep(0.2)
        await api.call(
            "POST", f"/api/hackathons/{hid}/phase", json={"phase": "results"}, headers=staff
        )
        board = await api.call("GET", f"/api/hackathons/{hid}/leaderboard")
        shown = await screen
    assert [r["team"] for r in board["ranking"]] == [f"Team {n}" for n in range(6)]
    assert board["ranking"][3]["jurors"] == 2  # the conflict skipped one juror
    audience = board["audience"]
    assert audience["voters"] == 10 == sum(r["votes"] for r in audience["ranking"])
    assert [(r["team"], r["votes"], r["rank"]) for r in audience["ranking"][:3]] == [
        ("Team 5", 4, 1),
        ("Team 2", 3, 2),
        ("Team 0", 2, 3),
    ]
    assert shown["results"]["ranking"] == board["ranking"]
    assert shown["results"]["audience"]["ranking"] == audience["ranking"]
    assert shown["counts"] == {"teams": 6, "submitted": 6}
    assert all(t["size"] == 2 for t in shown["teams"])
