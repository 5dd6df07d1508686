"""Feedback on the in-memory fakes: replaced ratings, kiosks and their interval, replays, refusals
and comments held for moderation."""

from __future__ import annotations

import pytest
from pymongo.errors import DuplicateKeyError

from services.exhibitions.commands import GiveFeedback, ModerateComment, Rater, RevokeKiosks
from services.exhibitions.domain import Status
from services.exhibitions.domain_feedback import rater_hash
from services.exhibitions.handlers_comments import moderate_comment
from services.exhibitions.handlers_feedback import give_feedback, my_feedback
from services.exhibitions.handlers_kiosks import revoke_kiosks
from services.exhibitions.views import exhibit_summary
from shared.clock import now_ms
from shared.errors import DomainError
from tests.unit.exhibitions_helpers import World, ago


@pytest.fixture
def world() -> World:
    return World()


async def summary(world: World, exhibit) -> dict:
    return await exhibit_summary(world.service, exhibit, now_ms())


async def refused(world: World, exhibit, rating: int, rater, **more) -> DomainError:
    with pytest.raises(DomainError) as err:
        await world.rate(exhibit, rating, rater, **more)
    return err.value


async def test_a_later_rating_replaces_the_participants_earlier_one(world):
    exhibit = await world.exhibit()
    first = await world.rate(exhibit, 4, "p:anna")
    assert first["replaced"] is False and first["rating"] == 4
    await world.rate(exhibit, 5, "p:ben")
    second = await world.rate(exhibit, 2, "p:anna")
    assert second["replaced"] is True and "replaced" in second["message"]
    shown = await summary(world, exhibit)
    assert shown["count"] == 2 and shown["mean"] == 3.5
    assert shown["distribution"] == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 1}
    events = world.uow.events_of_type("feedback.given")
    assert [(e.data["rating"], e.data["previous_rating"]) for e in events] == [
        (4, None),
        (5, None),
        (2, 4),
    ]
    assert events[0].data["rater"] == rater_hash(world.service.rules.rater_key, "p:anna")
    assert events[0].data["rater"] == events[2].data["rater"] != events[1].data["rater"]
    assert "p:anna" not in str([e.data for e in events])
    assert events[0].data["source"] == "phone" and events[0].subject == exhibit["_id"]
    mine = await my_feedback(world.service, exhibit["_id"], "p:anna")
    assert mine["rating"] == 2 and mine["comment_status"] is None


async def test_my_feedback_is_not_found_before_rating(world):
    exhibit = await world.exhibit()
    with pytest.raises(DomainError) as err:
        await my_feedback(world.service, exhibit["_id"], "p:nobody")
    assert err.value.code == "not-found"


async def test_a_kiosk_counts_every_visitor_once_per_interval_by_given_at(world):
    exhibit = await world.exhibit()
    kiosk = await world.kiosk(exhibit)
    now = now_ms()
    # The offline queue arrives in one burst; the presses were 5 s apart.
    for n, stars in enumerate((5, 4, 3, 5)):
        receipt = await world.rate(exhibit, stars, kiosk, given_at=ago(60 - 5 * n, now))
        assert receipt["replaced"] is False
    assert (await summary(world, exhibit))["count"] == 4
    mashed = await refused(world, exhibit, 1, kiosk, given_at=ago(60 - 17, now))
    assert mashed.code == "kiosk-interval" and mashed.extra["retry_after"] == 3
    earlier = await refused(world, exhibit, 1, kiosk, given_at=ago(61, now))
    assert earlier.code == "kiosk-interval"  # out of order, but still too near the first
    await world.rate(exhibit, 1, kiosk, given_at=ago(60 - 20, now))
    await world.rate(exhibit, 1, kiosk, given_at=ago(65, now))  # before the first, 5 s apart
    shown = await summary(world, exhibit)
    assert shown["count"] == 6 and shown["distribution"]["1"] == 2
    [source] = {e.data["source"] for e in world.uow.events_of_type("feedback.given")}
    assert source == "kiosk"
    kiosk_doc = await world.stores.kiosks.get(kiosk.id)
    assert kiosk_doc["ratings"] == 6


async def test_without_given_at_a_kiosk_waits_for_the_interval(world):
    exhibit = await world.exhibit()
    kiosk = await world.kiosk(exhibit)
    await world.rate(exhibit, 3, kiosk)
    error = await refused(world, exhibit, 3, kiosk)
    assert error.code == "kiosk-interval" and 1 <= error.extra["retry_after"] <= 5
    other_kiosk = await world.kiosk(exhibit)
    await world.rate(exhibit, 3, other_kiosk)  # another tablet: another visitor


async def test_no_interval_configured_means_none():
    world = World(kiosk_interval_s=0)
    exhibit = await world.exhibit()
    kiosk = await world.kiosk(exhibit)
    for _ in range(3):
        await world.rate(exhibit, 4, kiosk)
    assert (await summary(world, exhibit))["count"] == 3


async def test_a_replay_counts_once_and_is_recognised_before_the_interval(world):
    exhibit = await world.exhibit()
    kiosk = await world.kiosk(exhibit)
    first = await world.rate(exhibit, 5, kiosk, idempotency_key="press-1")
    admitted = []
    command = GiveFeedback(exhibit["_id"], 5, kiosk, idempotency_key="press-1")
    again = await give_feedback(world.service, command, admit=lambda: admitted.append(1))
    assert again == first and admitted == []
    assert (await summary(world, exhibit))["count"] == 1
    assert len(world.uow.events_of_type("feedback.given")) == 1
    # A new key within the interval is a new press: refused, and nothing counted.
    assert (await refused(world, exhibit, 5, kiosk, idempotency_key="press-2")).code == (
        "kiosk-interval"
    )
    participant = await world.rate(exhibit, 2, "p:phone", idempotency_key="k")
    assert await world.rate(exhibit, 2, "p:phone", idempotency_key="k") == participant
    assert (await summary(world, exhibit))["count"] == 2


async def test_the_same_key_of_another_rater_is_another_request(world):
    exhibit = await world.exhibit()
    await world.rate(exhibit, 4, "p:a", idempotency_key="same")
    await world.rate(exhibit, 2, "p:b", idempotency_key="same")
    assert (await summary(world, exhibit))["count"] == 2


async def test_a_twin_request_that_committed_first_gives_its_answer(world, monkeypatch):
    exhibit = await world.exhibit()
    idempotency = world.service.idempotency
    twin = {"exhibit_id": exhibit["_id"], "rating": 3, "replaced": False}
    looks = []

    async def find(key):
        # Unseen by the look before and the one inside the work; there once the twin committed.
        looks.append(key)
        return {"status": 202, "body": twin} if len(looks) > 2 else None

    async def remember(key, status, body, tx):
        raise DuplicateKeyError("the twin committed this key first")

    monkeypatch.setattr(idempotency, "find", find)
    monkeypatch.setattr(idempotency, "remember", remember)
    assert await world.rate(exhibit, 3, "p:twin", idempotency_key="k") == twin
    assert (await summary(world, exhibit))["count"] == 0  # only the twin's work counts
    assert world.uow.events_of_type("feedback.given") == []
    with pytest.raises(DuplicateKeyError):
        looks.clear()
        monkeypatch.setattr(idempotency, "find", lambda key: _none())
        await world.rate(exhibit, 3, "p:twin", idempotency_key="k")


async def _none() -> None:
    return None


async def test_kiosks_of_other_exhibits_and_revoked_ones_are_refused(world):
    exhibit, other = await world.exhibit(), await world.exhibit()
    mine = await world.kiosk(exhibit)
    assert (await refused(world, other, 5, mine)).code == "wrong-kiosk"
    forged = Rater("kiosk", mine.id, other["_id"])  # its token would name the other exhibit
    assert (await refused(world, other, 5, forged)).code == "wrong-kiosk"
    unknown = Rater("kiosk", "never-registered", exhibit["_id"])
    assert (await refused(world, exhibit, 5, unknown)).code == "kiosk-revoked"
    await revoke_kiosks(world.service, RevokeKiosks(exhibit["_id"]))
    assert (await refused(world, exhibit, 5, mine, idempotency_key="x")).code == "kiosk-revoked"
    assert world.stores.ratings.docs == {}


@pytest.mark.parametrize("status", [Status.DRAFT, Status.CLOSED])
async def test_feedback_is_taken_only_while_open(world, status):
    exhibit = await world.exhibit(await world.exhibition(status))
    error = await refused(world, exhibit, 4, "p:early", comment="Hallo", idempotency_key="k")
    assert error.code == "exhibition-not-open"
    assert world.stores.ratings.docs == {} and world.stores.comments.docs == {}
    assert world.stores.counters.docs == {} and world.service.idempotency.records == {}
    assert world.uow.events_of_type("feedback.given") == []


async def test_unknown_exhibits_and_bad_times_are_refused_before_anything_is_stored(world):
    assert (await refused(world, {"_id": "nope"}, 4, "p:x")).code == "not-found"
    exhibit = await world.exhibit()
    assert (await refused(world, exhibit, 4, "p:x", given_at="tomorrow")).code == (
        "invalid-given_at"
    )
    assert world.stores.ratings.docs == {}


async def test_a_comment_is_held_until_published(world):
    exhibit = await world.exhibit()
    receipt = await world.rate(exhibit, 5, "p:fan", comment="Sehr anschaulich!")
    assert receipt["comment_status"] == "submitted" and "moderator" in receipt["message"]
    assert (await summary(world, exhibit))["comments"] == []
    [event] = world.uow.events_of_type("comment.submitted")
    assert event.data["comment"]["body"] == "Sehr anschaulich!"
    assert "p:fan" not in str(event.data)
    [comment] = world.stores.comments.docs.values()
    await moderate_comment(world.service, ModerateComment(comment["_id"], "published"))
    shown = (await summary(world, exhibit))["comments"]
    assert [c["body"] for c in shown] == ["Sehr anschaulich!"]
    mine = await my_feedback(world.service, exhibit["_id"], "p:fan")
    assert mine["comment_status"] == "published"
    # A new rating without a comment keeps the comment given with the earlier one.
    await world.rate(exhibit, 4, "p:fan")
    assert (await my_feedback(world.service, exhibit["_id"], "p:fan"))["comment_status"] == (
        "published"
    )
