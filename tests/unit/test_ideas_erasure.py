"""A participant's data erased from the ideas service, on the in-memory fakes: their ideas are
tombstones, their comments and supports on other people's ideas are gone, every count equals a
recount, the events that say so do not name them, and the copies that did are erased."""

from __future__ import annotations

import pytest

from services.ideas.commands import CommentOnIdea, ModerateComment, SupportIdea
from services.ideas.handlers_comments import comment_on_idea, moderate_comment
from services.ideas.handlers_erasure import erase_participant
from services.ideas.handlers_support import support_idea
from tests.unit.ideas_helpers import World, published


@pytest.fixture
def world() -> World:
    return World()


async def gives_everything(world: World, who: str) -> tuple[dict, dict]:
    """`who` submits an idea and comments on and supports another one (which others also do)."""
    own = await published(world.service, author=who, title="Sitzbänke am Dom")
    other = await published(world.service, author="p:other")
    for person in (who, "p:ben"):
        await support_idea(world.service, SupportIdea(other["_id"], person))
        comment = await comment_on_idea(
            world.service, CommentOnIdea(other["_id"], f"Kommentar von {person}", person)
        )
        await moderate_comment(
            world.service, ModerateComment(other["_id"], comment["_id"], "published")
        )
    await comment_on_idea(world.service, CommentOnIdea(other["_id"], "Noch offen", who))
    return own, other


async def test_erasing_leaves_nothing_of_the_participant_and_counts_equal_recounts(
    world: World,
) -> None:
    own, other = await gives_everything(world, "p:anna")

    erased = await erase_participant(world.service, "p:anna")

    assert (erased.ideas, erased.comments, erased.supports) == (1, 2, 1)
    assert await world.ideas.of_author("p:anna") == []
    assert (await world.ideas.get(own["_id"]))["status"] == "withdrawn"  # a tombstone
    assert await world.comments.of_author("p:anna") == []
    assert await world.supports.of_participant("p:anna") == []
    after = await world.ideas.get(other["_id"])
    shown = await world.comments.of_idea(other["_id"], published_only=True)
    assert after["comments"] == len(shown) == 1
    assert after["supports"] == len(await world.supports.of_participant("p:ben")) == 1
    # Nothing the relay still holds or sends names her or carries her words.
    kept = "".join(e.to_bytes().decode() for _t, _k, e in world.uow.published)
    for trace in ("p:anna", "Kommentar von p:anna", "Noch offen", "Sitzbänke am Dom"):
        assert trace not in kept
    assert world.types()[-3:] == ["idea.support_withdrawn", "comment.erased", "comment.erased"]


async def test_erasing_twice_erases_nothing_more(world: World) -> None:
    await gives_everything(world, "p:anna")
    await erase_participant(world.service, "p:anna")
    events = len(world.uow.published)
    again = await erase_participant(world.service, "p:anna")
    assert (again.ideas, again.comments, again.supports) == (0, 0, 0)
    assert len(world.uow.published) == events
