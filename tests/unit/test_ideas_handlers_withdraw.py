"""An author withdraws their idea, on the in-memory fakes (no servers): the idea becomes a
tombstone, its comments, supports and event copies are erased, and nothing brings it back."""

from __future__ import annotations

import json

import pytest

from services.ideas import wall
from services.ideas.commands import (
    ChangeStatus,
    CommentOnIdea,
    ModerateComment,
    SupportIdea,
    WithdrawIdea,
)
from services.ideas.domain import DomainError, Status
from services.ideas.follower import idea_from_event
from services.ideas.handlers_comments import comment_on_idea, moderate_comment
from services.ideas.handlers_ideas import change_status, submit_idea, withdraw_idea
from services.ideas.handlers_support import support_idea
from services.ideas.readmodel import ListQuery
from tests.unit.ideas_helpers import TOPIC, World, published, submission, submitted
from tests.unit.test_ideas_domain import edge_status


@pytest.fixture
def world() -> World:
    return World()


async def discussed(world: World, **changes) -> dict:
    """A published idea with a support and two comments (one published, one waiting)."""
    idea = await published(world.service, **changes)
    await support_idea(world.service, SupportIdea(idea["_id"], "p:fan"))
    for text in ("Gute Idee!", "Noch offen"):
        await comment_on_idea(world.service, CommentOnIdea(idea["_id"], text, "p:fan"))
    first = next(
        c
        for c in world.comments.comments.values()
        if c["body"] == "Gute Idee!" and c["idea_id"] == idea["_id"]
    )
    await moderate_comment(world.service, ModerateComment(idea["_id"], first["_id"], "published"))
    return world.service.get(idea["_id"])


async def test_the_author_withdraws_and_only_a_tombstone_is_left(world):
    other = await discussed(world, title="Brunnen am Dom")
    idea = await discussed(world)
    assert world.service.get(idea["_id"])["comments"] == 1
    await withdraw_idea(world.service, WithdrawIdea(idea["_id"], "p:author"))

    stored = await world.ideas.get(idea["_id"])
    assert set(stored) == {"_id", "status", "withdrawn_at", "version"}
    assert stored["status"] == "withdrawn" and stored["version"] == idea["version"] + 1
    assert [s["idea_id"] for s in world.supports.supports.values()] == [other["_id"]]
    assert {c["idea_id"] for c in world.comments.comments.values()} == {other["_id"]}
    assert [c["idea_id"] for c in await world.service.comment_queue("submitted")] == [other["_id"]]
    # Of the idea's events only the withdrawal is kept, and it carries nothing of the idea.
    [(topic, key, event)] = [e for e in world.uow.published if e[1] == idea["_id"]]
    assert (topic, key, event.type) == (TOPIC, idea["_id"], "de.oecherlab.ideas.idea.withdrawn")
    assert set(event.data) == {"idea"} and set(event.data["idea"]) == set(stored)
    assert b"Mehr B" not in event.to_bytes() and b"p:author" not in event.to_bytes()
    assert await world.service.events.count(other["_id"]) == 6

    # Gone from the read model, its lists, its search and the wall; the other idea stays.
    for lookup in (world.service.get, world.service.public_idea):
        with pytest.raises(DomainError) as err:
            lookup(idea["_id"])
        assert err.value.code == "not-found"
    everything, total = world.service.model.query(ListQuery(public_only=False))
    assert [i["_id"] for i in everything] == [other["_id"]] and total == 1
    assert world.service.model.query(ListQuery(terms=("baum",)))[1] == 0
    state = world.live.states[wall.CHANNEL]()
    assert [i["id"] for i in state["ideas"]] == [other["_id"]] and state["total"] == 1
    assert sum(state["by_field"].values()) == 1
    assert [i["_id"] async for i in world.ideas.all()] == [other["_id"]]


async def test_someone_elses_idea_is_refused_and_left_as_it_was(world):
    idea = await discussed(world)
    before = (dict(world.ideas.ideas), dict(world.comments.comments), len(world.uow.published))
    with pytest.raises(DomainError) as err:
        await withdraw_idea(world.service, WithdrawIdea(idea["_id"], "p:fan"))
    assert err.value.code == "not-your-idea" and edge_status(err.value) == 403
    after = (dict(world.ideas.ideas), dict(world.comments.comments), len(world.uow.published))
    assert after == before and world.service.get(idea["_id"])["title"] == idea["title"]


async def test_unknown_and_withdrawn_twice_are_not_found(world):
    idea = await submitted(world.service)  # not published yet: the author may withdraw it too
    with pytest.raises(DomainError) as err:
        await withdraw_idea(world.service, WithdrawIdea("no-such-idea", "p:author"))
    assert err.value.code == "not-found"
    await withdraw_idea(world.service, WithdrawIdea(idea["_id"], "p:author"))
    for who in ("p:author", "p:stranger"):
        with pytest.raises(DomainError) as err:
            await withdraw_idea(world.service, WithdrawIdea(idea["_id"], who))
        assert err.value.code == "not-found"
    assert world.types().count("idea.withdrawn") == 1


async def test_nothing_acts_on_a_withdrawn_idea_any_more(world):
    idea = await discussed(world)
    [comment] = [c for c in world.comments.comments.values() if c["status"] == "submitted"]
    await withdraw_idea(world.service, WithdrawIdea(idea["_id"], "p:author"))
    attempts = [
        support_idea(world.service, SupportIdea(idea["_id"], "p:late")),
        comment_on_idea(world.service, CommentOnIdea(idea["_id"], "Zu spät", "p:late")),
        moderate_comment(world.service, ModerateComment(idea["_id"], comment["_id"], "published")),
        change_status(world.service, ChangeStatus(idea["_id"], Status.IN_REVIEW, "x", "u:mod")),
        world.service.comments_of(idea["_id"], staff=True),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError) as err:
            await attempt
        assert err.value.code == "not-found"
    assert set(await world.ideas.get(idea["_id"])) == {"_id", "status", "withdrawn_at", "version"}


async def test_a_comment_racing_the_withdrawal_is_refused_inside_its_transaction(
    world, monkeypatch
):
    idea = await published(world.service)
    await withdraw_idea(world.service, WithdrawIdea(idea["_id"], "p:author"))
    # The comment's check saw the idea still listed (another instance's model, a moment late).
    monkeypatch.setattr(world.service, "public_idea", lambda _id: idea)
    with pytest.raises(DomainError) as err:
        await comment_on_idea(world.service, CommentOnIdea(idea["_id"], "Hallo", "p:late"))
    assert err.value.code == "not-found" and world.comments.comments == {}
    assert world.types()[-1] == "idea.withdrawn"
    # Had one slipped past (transactions overlapping to the millisecond), no queue shows it.
    stray = {"_id": "c1", "idea_id": idea["_id"], "body": "x", "author": "p:late"}
    world.comments.comments["c1"] = {
        **stray,
        "status": "submitted",
        "created_at": idea["created_at"],
    }
    assert await world.service.comment_queue("submitted") == []


async def test_a_failed_withdrawal_erases_nothing(world, monkeypatch):
    idea = await discussed(world)
    copies = await world.service.events.count(idea["_id"])

    async def broken(*_args, **_kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(world.comments, "remove_all", broken)
    with pytest.raises(RuntimeError):
        await withdraw_idea(world.service, WithdrawIdea(idea["_id"], "p:author"))
    assert (await world.ideas.get(idea["_id"]))["title"] == idea["title"]
    assert len(world.supports.supports) == 1 and len(world.comments.comments) == 2
    assert await world.service.events.count(idea["_id"]) == copies == 6
    assert world.service.get(idea["_id"])["version"] == idea["version"]


async def test_a_rebuilt_read_model_does_not_bring_it_back(world):
    idea = await discussed(world)
    kept_by_kafka = list(world.uow.published)  # the topic keeps older events for a while
    await withdraw_idea(world.service, WithdrawIdea(idea["_id"], "p:author"))
    replay = [*kept_by_kafka, world.uow.published[-1]]
    for order in (replay, list(reversed(replay))):
        rebuilt = World().service
        for _topic, _key, event in order:
            # As the follower reads them: JSON off the wire, dates parsed again.
            rebuilt.apply_remote(idea_from_event(json.loads(event.to_bytes())["data"]))
        assert rebuilt.model.get(idea["_id"]) is None and len(rebuilt.model) == 0
    # From the database: the tombstone loads, so a late event finds the idea withdrawn.
    world.service.model.ideas.clear()
    world.service.model.withdrawn.clear()
    assert await world.service.reload() == 0
    world.service.apply_remote({**idea, "version": idea["version"] + 5})
    assert world.service.model.get(idea["_id"]) is None


async def test_a_retried_submission_of_a_withdrawn_idea_is_gone(world):
    idea, _ = await submit_idea(world.service, submission(key="k1"))
    await withdraw_idea(world.service, WithdrawIdea(idea["_id"], "p:author"))
    with pytest.raises(DomainError) as err:
        await submit_idea(world.service, submission(key="k1"))
    assert err.value.code == "withdrawn" and edge_status(err.value) == 410
    assert len(world.ideas.ideas) == 1
