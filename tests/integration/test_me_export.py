"""GET /api/me/export through the gateway: one participant's votes, memberships, exhibit
ratings and hackathon teams from every service in one file, and nothing of anyone else's; other
roles are refused, and a service that does not answer makes it a 503, not a partial file."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import aiohttp

from tests.harness import harness_settings, run_services
from tests.integration.hackathons_stack import HackathonsApi
from tests.integration.me_scene import SERVICES, give_everything


async def test_a_participant_downloads_everything_of_theirs_and_only_that(servers, tmp_path):
    settings = harness_settings(servers, tmp_path)
    async with run_services(settings, SERVICES) as h, aiohttp.ClientSession() as http:
        api = HackathonsApi(h.url, settings, http, h.moderator_password)
        scene = await give_everything(api, http)
        staff, bound, other = scene.staff, scene.bound, scene.other
        choice, idea, theirs, team = scene.choice, scene.idea, scene.theirs, scene.team

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
            ("Mehr Bänke am Markt", "Ja!"),
            ("Trinkbrunnen am Elisenbrunnen", "Unbedingt, auch im Winter"),
        ]
        assert [s["idea_id"] for s in ideas["supports"]] == [idea["id"], theirs["id"]]
        assert "Fremd" not in json.dumps(document)

        # The other phone's file has only its rating.
        status, theirs_file, _ = await api.call("GET", "/api/me/export", headers=other)
        assert status == 200
        assert theirs_file["services"]["voting"] == {"memberships": [], "votes": []}
        assert [r["rating"] for r in theirs_file["services"]["exhibitions"]["ratings"]] == [1]
        assert theirs_file["services"]["hackathons"] == {"teams": []}
        their_ideas = theirs_file["services"]["ideas"]
        assert [i["title"] for i in their_ideas["ideas"]] == ["Trinkbrunnen am Elisenbrunnen"]
        assert [s["idea_id"] for s in their_ideas["supports"]] == [idea["id"], theirs["id"]]

        for refused, expected in ((staff, 403), ({}, 401)):
            status, problem, headers = await api.call("GET", "/api/me/export", headers=refused)
            assert status == expected and headers["Content-Type"].startswith(
                "application/problem+json"
            )

        # One service gone: no partial file.
        await h.stop_service("exhibitions")
        status, problem, headers = await api.call("GET", "/api/me/export", headers=bound)
        assert status == 503 and problem["code"] == "unavailable" and headers["Retry-After"]
