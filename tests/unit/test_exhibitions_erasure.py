"""A participant's feedback erased from the exhibitions service, in memory: their phone
ratings and comments are gone, the counters equal a recount of the ratings that remain (a
kiosk's stay), and no event copy keeps their words."""

from __future__ import annotations

import pytest

from services.exhibitions import tally
from services.exhibitions.handlers_erasure import erase_participant
from tests.unit.exhibitions_helpers import World, ago


@pytest.fixture
def world() -> World:
    return World(kiosk_interval_s=0)


def recount(world: World, exhibit_id: str) -> dict[str, int]:
    """The counters computed afresh from the stored ratings."""
    counts: dict[str, int] = {}
    for rating in world.stores.ratings.docs.values():
        if rating["exhibit_id"] == exhibit_id:
            given = tally.Given(rating["rating"], rating["given_at"])
            for path, n in tally.rating_deltas(None, given).items():
                counts[path] = counts.get(path, 0) + n
    return counts


def stored_counts(world: World, exhibit_id: str) -> dict[str, int]:
    """The stored counters, flattened to the paths rating_deltas uses, zeros left out."""
    doc = world.stores.counters.docs[exhibit_id]
    flat = {"count": doc.get("count", 0), "sum": doc.get("sum", 0)}
    for star, n in doc.get("dist", {}).items():
        flat[f"dist.{star}"] = n
    for name in ("hours", "days"):
        for key, bucket in doc.get(name, {}).items():
            flat |= {f"{name}.{key}.{k}": v for k, v in bucket.items()}
    return {k: v for k, v in flat.items() if v}


async def test_erasing_removes_ratings_and_comments_and_counters_equal_a_recount(
    world: World,
) -> None:
    exhibition = await world.exhibition()
    bus, rad = await world.exhibit(exhibition, "Mobilstation"), await world.exhibit(title="Rad")
    await world.rate(bus, 2, "p:anna", comment="Zu wenig Schatten", given_at=ago(120))
    await world.rate(bus, 1, "p:anna", comment="Noch schlechter", given_at=ago(90))  # replaces
    await world.rate(rad, 5, "p:anna", given_at=ago(60))
    await world.rate(bus, 4, "p:ben", comment="Gut erklärt")
    await world.rate(bus, 3, await world.kiosk(bus))

    erased = await erase_participant(world.service, "p:anna")

    assert (erased.ratings, erased.comments) == (2, 2)
    assert await world.stores.ratings.of_participant("p:anna") == []
    bodies = [c["body"] for c in world.stores.comments.docs.values()]
    assert bodies == ["Gut erklärt"]
    for exhibit in (bus, rad):
        assert stored_counts(world, exhibit["_id"]) == recount(world, exhibit["_id"])
    assert stored_counts(world, bus["_id"])["count"] == 2  # Ben's and the kiosk's
    kept = "".join(e.to_bytes().decode() for _t, _k, e in world.uow.published)
    assert "Zu wenig Schatten" not in kept and "Noch schlechter" not in kept
    assert "Gut erklärt" in kept
    assert world.types()[-3:] == ["feedback.withdrawn", "comment.erased", "comment.erased"]
    again = await erase_participant(world.service, "p:anna")
    assert (again.ratings, again.comments) == (0, 0)
