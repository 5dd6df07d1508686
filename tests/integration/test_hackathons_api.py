"""The hackathons service through the gateway with the real broker and database: the contract's
Hackathons part as the console, phones and the jury use it."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from tests.integration.hackathons_stack import running_hackathons


async def test_a_hackathon_from_registration_to_the_reveal(servers, tmp_path):
    async with running_hackathons(servers, tmp_path) as api:
        hackathon = await api.hackathon()
        hid = hackathon["id"]
        assert hackathon["phase"] == "registration"
        first = await api.team(hackathon, "Alpha")
        second = await api.team(hackathon, "Beta")
        # A teammate joins with the invite code; a stranger cannot edit.
        mate = await api.participant()
        found = await api.ok("GET", f"/api/hackathons/invites/{first['invite_code']}", headers=mate)
        assert found["team_id"] == first["id"]
        joined = await api.ok(
            "POST",
            f"/api/hackathons/teams/{first['id']}/join",
            json={"invite_code": first["invite_code"]},
            headers=mate,
        )
        assert joined["size"] == 2
        stranger = await api.participant()
        status, problem, _ = await api.call(
            "PUT",
            f"/api/hackathons/teams/{first['id']}/project",
            json={"title": "X", "summary": "Y"},
            headers=stranger,
        )
        assert status == 403 and problem["code"] == "not-a-member"
        # The public cannot see the leaderboard before the results.
        status, problem, _ = await api.call("GET", f"/api/hackathons/{hid}/leaderboard")
        assert status == 403 and problem["code"] == "not-revealed"
        juror = await api.jury_account("jurorin")
        await api.ok(
            "POST",
            f"/api/hackathons/{hid}/jury",
            json={"username": "jurorin"},
            headers=await api.staff(),
        )
        status, problem, _ = await api.call(
            "POST",
            f"/api/hackathons/{hid}/jury",
            json={"username": "nobody"},
            headers=await api.staff(),
        )
        assert status == 422 and problem["code"] == "not-a-jury-account"
        await api.phase(hid, "judging")
        status, problem, _ = await api.call(
            "PUT",
            f"/api/hackathons/teams/{first['id']}/project",
            json={"title": "X", "summary": "Y"},
            headers=first["phone"],
        )
        assert status == 409 and problem["code"] == "deadline-passed"
        work = await api.ok("GET", f"/api/hackathons/{hid}/assignments", headers=juror)
        assert work["progress"] == {"done": 0, "total": 2}
        for team, score in ((first, 5), (second, 2)):
            await api.ok(
                "PUT",
                f"/api/hackathons/projects/{team['id']}/scores",
                headers=juror,
                json={"scores": {"Nutzen": score, "Umsetzung": score}},
            )
        vote = await api.ok(
            "POST", f"/api/hackathons/{hid}/audience-vote", 201, headers=await api.staff()
        )
        assert vote["join_code"]
        await api.phase(hid, "results")
        board = await api.ok("GET", f"/api/hackathons/{hid}/leaderboard")
        assert [r["team"] for r in board["ranking"]] == ["Alpha", "Beta"]
        assert board["audience"]["status"] in ("revealed", "closed")
        await asyncio.sleep(0)


async def test_edits_after_the_deadline_are_refused(servers, tmp_path):
    async with running_hackathons(servers, tmp_path) as api:
        hackathon = await api.hackathon(deadline_in=timedelta(seconds=2))
        team = await api.team(hackathon, "Gamma")
        await asyncio.sleep(2.1)
        status, problem, _ = await api.call(
            "PUT",
            f"/api/hackathons/teams/{team['id']}/project",
            json={"title": "Spät", "summary": "Zu spät"},
            headers=team["phone"],
        )
        assert status == 409 and problem["code"] == "deadline-passed", problem
