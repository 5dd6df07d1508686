"""Comments and their moderation, on the in-memory fakes (no servers)."""

from __future__ import annotations

from typing import Any

import pytest
from pymongo.errors import DuplicateKeyError

from services.ideas.commands import CommentOnIdea, ModerateComment
from services.ideas.domain import DomainError
from services.ideas.handlers_comments import comment_on_idea, moderate_comment
from tests.unit.ideas_helpers import World, published, submitted


@pytest.fixture
def world() -> World:
    return World()


async def test_a_comment_is_held_back_until_a_moderator_publishes_it(world):
    idea = await published(world.service)
    comment = await comment_on_idea(
        world.service, CommentOnIdea(idea["_id"], "Gute Idee!", "p:neighbour")
    )
    assert comment["status"] == "submitted" and comment["idea_id"] == idea["_id"]
    assert await world.service.comments_of(idea["_id"], staff=False) == []
    assert [c["_id"] for c in await world.service.comments_of(idea["_id"], staff=True)] == [
        comment["_id"]
    ]
    assert [c["_id"] for c in await world.service.comment_queue("submitted")] == [comment["_id"]]
    [event] = world.uow.events_of_type("comment.submitted")
    assert event.type == "de.oecherlab.ideas.comment.submitted" and event.subject == idea["_id"]
    assert event.data["comment"] == {
        "id": comment["_id"],
        "body": "Gute Idee!",
        "author": "p:neighbour",
        "status": "submitted",
    }
    assert event.data["idea"]["version"] == idea["version"]  # the idea itself is unchanged
    assert world.service.get(idea["_id"])["comments"] == 0

    moderated = await moderate_comment(
        world.service, ModerateComment(idea["_id"], comment["_id"], "published")
    )
    assert moderated["status"] == "published"
    listed = await world.service.comments_of(idea["_id"], staff=False)
    assert [c["body"] for c in listed] == ["Gute Idee!"]
    assert await world.service.comment_queue("submitted") == []
    shown = world.service.get(idea["_id"])
    assert shown["comments"] == 1 and shown["version"] == idea["version"] + 1
    [event] = world.uow.events_of_type("comment.moderated")
    assert event.data["comment"]["status"] == "published" and event.data["idea"]["comments"] == 1


async def test_an_unpublished_idea_takes_no_comments_and_hides_its_list(world):
    idea = await submitted(world.service)
    with pytest.raises(DomainError) as err:
        await comment_on_idea(world.service, CommentOnIdea(idea["_id"], "Hallo", "p:x"))
    assert err.value.code == "not-found" and world.comments.comments == {}
    with pytest.raises(DomainError):
        await world.service.comments_of(idea["_id"], staff=False)
    assert await world.service.comments_of(idea["_id"], staff=True) == []


async def test_a_retried_comment_is_stored_once(world):
    idea = await published(world.service)
    command = CommentOnIdea(idea["_id"], "Einmal bitte", "p:x", idempotency_key="k1")
    first = await comment_on_idea(world.service, command)
    again = await comment_on_idea(world.service, command)
    assert again == first and len(world.comments.comments) == 1
    assert len(world.uow.events_of_type("comment.submitted")) == 1
    assert await world.service.is_replay(command.replay_key)


async def test_a_comment_key_that_raced_in_answers_with_the_first_comment(world, monkeypatch):
    idea = await published(world.service)
    command = CommentOnIdea(idea["_id"], "Schnell", "p:x", idempotency_key="k1")
    first = await comment_on_idea(world.service, command)
    real_find = world.idempotency.find
    calls: list[str] = []

    async def find_late(key: str) -> dict[str, Any] | None:
        calls.append(key)
        return None if len(calls) == 1 else await real_find(key)

    monkeypatch.setattr(world.idempotency, "find", find_late)
    assert await comment_on_idea(world.service, command) == first
    assert len(world.comments.comments) == 1 and len(calls) == 2


async def test_a_comment_id_clash_without_a_key_is_an_error(world, monkeypatch):
    idea = await published(world.service)

    async def clash(*_args: Any) -> None:
        raise DuplicateKeyError("comments _id")

    monkeypatch.setattr(world.comments, "add", clash)
    with pytest.raises(DuplicateKeyError):
        await comment_on_idea(world.service, CommentOnIdea(idea["_id"], "Hallo", "p:x"))
    assert world.uow.events_of_type("comment.submitted") == []


async def test_the_comment_count_follows_the_published_comments(world):
    idea = await published(world.service)
    comment = await comment_on_idea(world.service, CommentOnIdea(idea["_id"], "Hm", "p:x"))
    moderate = ModerateComment(idea["_id"], comment["_id"], "published")
    await moderate_comment(world.service, moderate)
    events = len(world.uow.published)
    # The same decision again changes nothing and publishes nothing.
    assert (await moderate_comment(world.service, moderate))["status"] == "published"
    assert len(world.uow.published) == events
    reject = ModerateComment(idea["_id"], comment["_id"], "rejected")
    assert (await moderate_comment(world.service, reject))["status"] == "rejected"
    assert world.service.get(idea["_id"])["comments"] == 0
    # Rejecting a held-back comment leaves the count, but is still a decision on record.
    held = await comment_on_idea(world.service, CommentOnIdea(idea["_id"], "Spam", "p:y"))
    await moderate_comment(world.service, ModerateComment(idea["_id"], held["_id"], "rejected"))
    assert world.service.get(idea["_id"])["comments"] == 0
    assert len(world.uow.events_of_type("comment.moderated")) == 3
    assert len(await world.service.comment_queue("rejected")) == 2


async def test_unknown_comments_and_comments_of_other_ideas_are_not_found(world):
    idea = await published(world.service)
    other = await published(world.service, title="Andere Idee")
    comment = await comment_on_idea(world.service, CommentOnIdea(idea["_id"], "Hm", "p:x"))
    for idea_id, comment_id in ((idea["_id"], "nope"), (other["_id"], comment["_id"])):
        with pytest.raises(DomainError) as err:
            await moderate_comment(world.service, ModerateComment(idea_id, comment_id, "published"))
        assert err.value.code == "not-found"
    assert world.uow.events_of_type("comment.moderated") == []


async def test_a_moderation_someone_else_made_meanwhile_is_a_conflict(world, monkeypatch):
    idea = await published(world.service)
    comment = await comment_on_idea(world.service, CommentOnIdea(idea["_id"], "Hm", "p:x"))

    async def someone_was_quicker(*_args: Any, **_kwargs: Any) -> bool:
        return False

    monkeypatch.setattr(world.comments, "set_status", someone_was_quicker)
    with pytest.raises(DomainError) as err:
        await moderate_comment(
            world.service, ModerateComment(idea["_id"], comment["_id"], "published")
        )
    assert err.value.code == "conflict" and world.service.get(idea["_id"])["comments"] == 0


async def test_a_moderation_whose_idea_is_gone_is_rolled_back(world):
    idea = await published(world.service)
    comment = await comment_on_idea(world.service, CommentOnIdea(idea["_id"], "Hm", "p:x"))
    del world.ideas.ideas[idea["_id"]]
    with pytest.raises(DomainError) as err:
        await moderate_comment(
            world.service, ModerateComment(idea["_id"], comment["_id"], "published")
        )
    assert err.value.code == "not-found"
    assert world.comments.comments[comment["_id"]]["status"] == "submitted"
    assert world.uow.events_of_type("comment.moderated") == []
