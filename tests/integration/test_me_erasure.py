"""DELETE /api/me through the gateway (DSGVO Art. 17): a participant who voted, rated with a
comment, submitted an idea, supported and commented, and formed a team downloads it all, deletes
it, and afterwards none of it is readable through any API, screen feed or export, while every
tally and summary equals a recount of what others gave."""

from __future__ import annotations

import json

import aiohttp

from services.voting.storage import VotingStore
from shared.mongo import make_client
from tests.harness import harness_settings, run_services
from tests.integration.hackathons_stack import HackathonsApi
from tests.integration.me_scene import SERVICES, give_everything
from tests.integration.voting_helpers import wait_until_exact

GIVEN = ("Schön", "Mehr Bänke am Markt", "Ja!", "Unbedingt, auch im Winter", "Füchse")


async def test_a_participant_deletes_everything_of_theirs(servers, tmp_path):
    settings = harness_settings(servers, tmp_path)
    async with run_services(settings, SERVICES) as h, aiohttp.ClientSession() as http:
        api = HackathonsApi(h.url, settings, http, h.moderator_password)
        s = await give_everything(api, http)
        before = await api.ok("GET", "/api/me/export", headers=s.bound)
        assert all(text in json.dumps(before, ensure_ascii=False) for text in GIVEN)
        # Her vote is stored under her pseudonym in that workshop, not under her device's id.
        device = before["participant"]
        client = make_client(settings.mongodb_uri)
        try:
            voting_db = client[settings.database("voting")]
            [stored] = await voting_db["votes"].find({}).to_list()
            [joined] = await voting_db["members"].find({}).to_list()
        finally:
            await client.close()
        assert stored["participant"] == joined["participant"] != device
        assert stored["participant"].startswith("w:")

        erased = await api.ok("DELETE", "/api/me", headers=s.bound)

        assert erased["erased"] == {
            # Those on her own idea went with it: counted are the ones on other people's ideas.
            "ideas": {"ideas": 1, "comments": 1, "supports": 1},
            "voting": {"votes": 1, "memberships": 1},
            "exhibitions": {"ratings": 1, "comments": 1},
            "hackathons": {"teams": 1},
        }
        after = await api.ok("GET", "/api/me/export", headers=s.bound)
        assert after["services"] == {
            "ideas": {"ideas": [], "comments": [], "supports": []},
            "voting": {"memberships": [], "votes": []},
            "exhibitions": {"ratings": []},
            "hackathons": {"teams": []},
        }
        # Ideas: the own one is gone, the other phone's counts only what others gave.
        await api.ok("GET", f"/api/ideas/{s.idea['id']}", 404)
        theirs = await api.ok("GET", f"/api/ideas/{s.theirs['id']}")
        assert (theirs["supports"], theirs["comments"]) == (1, 1)
        comments = await api.ok("GET", f"/api/ideas/{s.theirs['id']}/comments")
        assert [c["body"] for c in comments["items"]] == ["Danke"]
        listing = await api.ok("GET", "/api/ideas?sort=new")
        exported = await api.ok("GET", "/api/ideas/export.csv", headers=s.staff)
        # The tally takes the vote back asynchronously: wait until it equals the recount.
        client = make_client(settings.mongodb_uri)
        try:
            await wait_until_exact(VotingStore(client[settings.database("voting")]), [s.poll["id"]])
        finally:
            await client.close()
        results = await api.ok("GET", f"/api/voting/polls/{s.poll['id']}/results", headers=s.staff)
        assert results["voters"] == 0, results
        summary = await api.ok("GET", f"/api/exhibitions/exhibits/{s.exhibit['id']}/summary")
        assert (summary["count"], summary["distribution"]["1"], summary["distribution"]["4"]) == (
            1,
            1,
            0,
        )
        exhibition_csv = await api.ok(
            "GET", f"/api/exhibitions/{s.exhibit['exhibition_id']}/export.csv", headers=s.staff
        )
        await api.ok("GET", f"/api/hackathons/teams/{s.team['id']}", 404, headers=s.staff)
        hackathon = await api.ok("GET", f"/api/hackathons/{s.hackathon['id']}", headers=s.staff)
        everything = json.dumps(
            [listing, exported, summary, exhibition_csv, hackathon, theirs], ensure_ascii=False
        )
        for text in GIVEN:
            assert text not in everything, text

        # Deleting again finds nothing more; the other phone's data is untouched.
        again = await api.ok("DELETE", "/api/me", headers=s.phone)
        assert all(not any(counts.values()) for counts in again["erased"].values()), again
        kept = await api.ok("GET", "/api/me/export", headers=s.other)
        assert [r["rating"] for r in kept["services"]["exhibitions"]["ratings"]] == [1]
        token = s.other["Authorization"].removeprefix("Bearer ")
        forged = {"Authorization": f"Bearer {token[:-4]}AAAA"}  # another signature
        for refused, expected in ((s.staff, 403), ({}, 401), (forged, 401)):
            status, _problem, headers = await api.call("DELETE", "/api/me", headers=refused)
            assert status == expected
            assert headers["Content-Type"].startswith("application/problem+json")
        # One device may not keep every service busy: a few at once, then 429 with Retry-After.
        answers = [await api.call("DELETE", "/api/me", headers=s.other) for _ in range(12)]
        statuses = [status for status, _body, _headers in answers]
        assert statuses[0] == 200 and statuses[-1] == 429, statuses
        assert answers[-1][2]["Retry-After"]
