"""GET /api/me/export through the gateway: one participant's votes, memberships, exhibit
ratings and hackathon teams from every service in one file, and nothing of anyone else's; other
roles are refused, and a service that does not answer makes it a 503, not a partial file."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import aiohttp

from devstack.pow import mint_participant, participant_headers
from tests.harness import harness_settings, run_services
from tests.integration.hackathons_stack import HackathonsApi

SERVICES = ("ideas", "voting", "exhibitions", "hackathons")


async def test_a_participant_downloads_everything_of_theirs_and_only_that(servers, tmp_path):
    settings = harness_settings(servers, tmp_path)
    async with run_services(settings, SERVICES) as h, aiohttp.ClientSession() as http:
        api = HackathonsApi(h.url, settings, http, h.moderator_password)
        staff = await api.staff()
        phone = await participant_headers(http, h.url)
        other = await participant_headers(http, h.url)
        # A workshop: the phone joins with its code (keeping its pseudonym) and votes.
        session = await api.ok(
            "POST", "/api/voting/sessions", 201, json={"title": "Werkstatt"}, headers=staff
        )
        spec = {"question": "Wohin?", "type": "single", "options": ["Markt", "Dom"]}
        poll = await api.ok(
            "POST", f"/api/voting/sessions/{session['id']}/polls", 201, json=spec, headers=staff
        )
        await api.ok("POST", f"/api/voting/polls/{poll['id']}/open", headers=staff)
        joined = await mint_participant(http, h.url, session["join_code"], headers=phone)
        bound = {"Authorization": f"Bearer {joined['access_token']}"}
        choice = poll["options"][1]["id"]
        await api.ok(
            "POST",
            f"/api/voting/polls/{poll['id']}/votes",
            202,
            json={"choice": choice},
            headers=bound,
        )
        # An exhibition: the phone rates an exhibit with a comment, the other phone too.
        exhibition = await api.ok(
            "POST", "/api/exhibitions", 201, json={"title": "Schau"}, headers=staff
        )
        await api.ok("POST", f"/api/exhibitions/{exhibition['id']}/open", headers=staff)
        field = (await api.ok("GET", "/api/config"))["fields_of_action"][0]
        exhibit = await api.ok(
            "POST",
            f"/api/exhibitions/{exhibition['id']}/exhibits",
            201,
            json={"title": "Modell", "field": field},
            headers=staff,
        )
        path = f"/api/exhibitions/exhibits/{exhibit['id']}/feedback"
        await api.ok("POST", path, 202, json={"rating": 4, "comment": "Schön"}, headers=phone)
        await api.ok("POST", path, 202, json={"rating": 1, "comment": "Fremd"}, headers=other)
        # An idea: the phone submits one, supports and comments on it once it is published.
        idea = await api.ok(
            "POST",
            "/api/ideas",
            201,
            headers=phone,
            json={"title": "Mehr Bänke am Markt", "body": "Zum Ausruhen", "field": field},
        )
        await api.ok(
            "POST", f"/api/ideas/{idea['id']}/status", json={"status": "published"}, headers=staff
        )
        await api.ok("PUT", f"/api/ideas/{idea['id']}/support", headers=phone)
        await api.ok(
            "POST", f"/api/ideas/{idea['id']}/comments", 201, json={"body": "Ja!"}, headers=phone
        )
        await api.ok("PUT", f"/api/ideas/{idea['id']}/support", headers=other)
        # A hackathon: the phone forms a team.
        hackathon = await api.hackathon(deadline_in=timedelta(hours=1))
        team = await api.team(hackathon, "Füchse", phone)

        status, document, headers = await api.call("GET", "/api/me/export", headers=bound)
        assert status == 200, document
        assert "attachment" in headers["Content-Disposition"]
        assert headers["Cache-Control"] == "no-store"
        assert document["format"] == "oecherlab-me-export/1"
        exported_at = datetime.fromisoformat(document["exported_at"])
        assert abs(exported_at - datetime.now(UTC)) < timedelta(minutes=1)
        mine = document["services"]
        assert [m["session_title"] for m in mine["voting"]["memberships"]] == ["Werkstatt"]
        assert [(v["question"], v["choice"]) for v in mine["voting"]["votes"]] == [
            ("Wohin?", choice)
        ]
        ratings = mine["exhibitions"]["ratings"]
        assert [(r["exhibit_title"], r["rating"], r["comment"]["body"]) for r in ratings] == [
            ("Modell", 4, "Schön")
        ]
        teams = mine["hackathons"]["teams"]
        assert [(t["name"], t["invite_code"], t["hackathon"]["title"]) for t in teams] == [
            ("Füchse", team["invite_code"], "Hackday")
        ]
        ideas = mine["ideas"]
        assert [(i["title"], i["status"]) for i in ideas["ideas"]] == [
            ("Mehr Bänke am Markt", "published")
        ]
        assert [(c["idea_title"], c["body"]) for c in ideas["comments"]] == [
            ("Mehr Bänke am Markt", "Ja!")
        ]
        assert [s["idea_id"] for s in ideas["supports"]] == [idea["id"]]
        assert "Fremd" not in json.dumps(document)

        # The other phone's file has only its rating.
        status, theirs, _ = await api.call("GET", "/api/me/export", headers=other)
        assert status == 200
        assert theirs["services"]["voting"] == {"memberships": [], "votes": []}
        assert [r["rating"] for r in theirs["services"]["exhibitions"]["ratings"]] == [1]
        assert theirs["services"]["hackathons"] == {"teams": []}
        assert theirs["services"]["ideas"]["ideas"] == []
        assert [s["idea_id"] for s in theirs["services"]["ideas"]["supports"]] == [idea["id"]]

        for refused, expected in ((staff, 403), ({}, 401)):
            status, problem, headers = await api.call("GET", "/api/me/export", headers=refused)
            assert status == expected and headers["Content-Type"].startswith(
                "application/problem+json"
            )

        # One service gone: no partial file.
        await h.stop_service("exhibitions")
        status, problem, headers = await api.call("GET", "/api/me/export", headers=bound)
        assert status == 503 and problem["code"] == "unavailable" and headers["Retry-After"]
