"""GET /api/exhibitions/me in memory: a participant's own ratings with their exhibits and
comments, and nothing of another participant or of a kiosk; and that /{exhibition_id} does not
take "me" for an id."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import make_mocked_request

from services.exhibitions import api_exhibitions, api_me
from services.exhibitions.api import routes
from services.exhibitions.app import create_app
from services.exhibitions.commands import ModerateComment
from services.exhibitions.domain import iso
from services.exhibitions.domain_feedback import participant_rating_id
from services.exhibitions.handlers_comments import moderate_comment
from shared.settings import Settings
from tests.unit.exhibitions_helpers import World, ago


@pytest.fixture
def world() -> World:
    return World(kiosk_interval_s=0)


async def given_at(world: World, exhibit: dict, participant: str) -> str | None:
    rating = await world.stores.ratings.get(participant_rating_id(exhibit["_id"], participant))
    assert rating is not None
    return iso(rating["given_at"])


async def test_a_participant_gets_their_ratings_and_comments_only(world: World) -> None:
    exhibition = await world.exhibition()
    bus, rad = await world.exhibit(exhibition, "Mobilstation"), await world.exhibit(title="Rad")
    # Given a minute apart: ratings given in the same millisecond come in the order of their ids.
    await world.rate(bus, 2, "p:anna", comment="Zu wenig Schatten", given_at=ago(120))
    await world.rate(rad, 5, "p:anna", given_at=ago(60))
    await world.rate(bus, 4, "p:ben", comment="Gut erklärt")
    await world.rate(bus, 1, await world.kiosk(bus))
    [anna_comment] = [c for c in world.stores.comments.docs.values() if c["body"][0] == "Z"]
    await moderate_comment(world.service, ModerateComment(anna_comment["_id"], "rejected"))

    mine = await api_me.participant_data(world.service, "p:anna")
    [given] = mine["ratings"][0].pop("comments")
    assert (given["body"], given["status"]) == ("Zu wenig Schatten", "rejected")
    assert mine["ratings"][1].pop("comments") == []
    assert mine == {
        "service": "exhibitions",
        "ratings": [
            {
                "exhibit_id": bus["_id"],
                "exhibit_title": "Mobilstation",
                "exhibition_id": exhibition["_id"],
                "rating": 2,
                "given_at": await given_at(world, bus, "p:anna"),
                "comment": {"body": "Zu wenig Schatten", "status": "rejected"},
            },
            {
                "exhibit_id": rad["_id"],
                "exhibit_title": "Rad",
                "exhibition_id": rad["exhibition_id"],
                "rating": 5,
                "given_at": await given_at(world, rad, "p:anna"),
                "comment": None,
            },
        ],
    }
    ben = await api_me.participant_data(world.service, "p:ben")
    assert [(r["exhibit_id"], r["rating"], r["comment"]) for r in ben["ratings"]] == [
        (bus["_id"], 4, {"body": "Gut erklärt", "status": "submitted"})
    ]
    assert await api_me.participant_data(world.service, "p:nobody") == {
        "service": "exhibitions",
        "ratings": [],
    }


async def test_a_new_rating_replaces_the_earlier_one_and_every_comment_is_listed(
    world: World,
) -> None:
    exhibit = await world.exhibit()
    await world.rate(exhibit, 2, "p:anna", comment="Erst so")
    await world.rate(exhibit, 5, "p:anna")
    await world.rate(exhibit, 3, "p:anna", comment="Dann so")
    [rating] = (await api_me.participant_data(world.service, "p:anna"))["ratings"]
    # The rating carries its newest comment; the earlier one is still listed, as it is stored.
    assert (rating["rating"], rating["comment"]) == (3, {"body": "Dann so", "status": "submitted"})
    assert [c["body"] for c in rating["comments"]] == ["Erst so", "Dann so"]


async def test_no_route_with_an_id_takes_me_for_one() -> None:
    app = create_app(Settings())  # no I/O before the app starts
    for path, handler in (
        ("/api/exhibitions/me", api_me.mine),
        ("/api/exhibitions/e1", api_exhibitions.show),
    ):
        match = await app.router.resolve(make_mocked_request("GET", path, app=app))
        assert match.handler is handler, path
    # First in the table as well, whatever order a later aiohttp resolves literal paths in.
    paths = [r.path for r in routes if r.method == "GET"]
    assert paths.index("/api/exhibitions/me") < paths.index("/api/exhibitions/{exhibition_id}")
