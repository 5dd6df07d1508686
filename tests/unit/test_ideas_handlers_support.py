"""Supporting ideas and withdrawing support, on the in-memory fakes (no servers)."""

from __future__ import annotations

from typing import Any

import pytest
from pymongo.errors import DuplicateKeyError

from services.ideas import wall
from services.ideas.commands import SupportIdea, WithdrawSupport
from services.ideas.domain import DomainError
from services.ideas.handlers_support import support_idea, withdraw_support
from tests.unit.ideas_helpers import World, published, submitted


@pytest.fixture
def world() -> World:
    return World()


async def test_a_participant_counts_once_however_often_they_tap(world):
    idea = await published(world.service)
    first = await support_idea(world.service, SupportIdea(idea["_id"], "p:fan"))
    again = await support_idea(world.service, SupportIdea(idea["_id"], "p:fan"))
    assert (first.changed, again.changed) == (True, False)
    assert first.idea["supports"] == again.idea["supports"] == 1
    other = await support_idea(world.service, SupportIdea(idea["_id"], "p:neighbour"))
    assert other.idea["supports"] == 2 and other.idea["version"] == 4
    assert (await world.service.ideas.get(idea["_id"]))["supports"] == 2
    assert world.service.get(idea["_id"])["supports"] == 2
    assert await world.service.supported_by(idea["_id"], "p:fan")
    assert not await world.service.supported_by(idea["_id"], "p:stranger")
    events = world.uow.events_of_type("idea.supported")
    assert [e.data["participant"] for e in events] == ["p:fan", "p:neighbour"]
    assert events[-1].data["idea"]["supports"] == 2 and set(events[-1].data) == {
        "idea",
        "participant",
    }
    assert world.live.states[wall.CHANNEL]()["ideas"][0]["supports"] == 2


async def test_an_unpublished_or_unknown_idea_cannot_be_supported(world):
    idea = await submitted(world.service)
    for idea_id in (idea["_id"], "unknown"):
        for handler, command in ((support_idea, SupportIdea), (withdraw_support, WithdrawSupport)):
            with pytest.raises(DomainError) as err:
                await handler(world.service, command(idea_id, "p:fan"))
            assert err.value.code == "not-found"
    assert world.supports.supports == {} and world.types() == ["idea.submitted"]


async def test_withdrawing_takes_the_support_back_once(world):
    idea = await published(world.service)
    await support_idea(world.service, SupportIdea(idea["_id"], "p:fan"))
    first = await withdraw_support(world.service, WithdrawSupport(idea["_id"], "p:fan"))
    again = await withdraw_support(world.service, WithdrawSupport(idea["_id"], "p:fan"))
    assert (first.changed, again.changed) == (True, False)
    assert first.idea["supports"] == again.idea["supports"] == 0
    assert not await world.service.supported_by(idea["_id"], "p:fan")
    assert world.types()[-2:] == ["idea.supported", "idea.support_withdrawn"]
    [event] = world.uow.events_of_type("idea.support_withdrawn")
    assert event.data["participant"] == "p:fan" and event.data["idea"]["supports"] == 0
    # Supporting again counts again.
    assert (await support_idea(world.service, SupportIdea(idea["_id"], "p:fan"))).changed


async def test_two_taps_racing_each_other_count_once(world, monkeypatch):
    idea = await published(world.service)
    await support_idea(world.service, SupportIdea(idea["_id"], "p:fan"))

    async def the_other_tap_won(*_args: Any) -> bool:
        raise DuplicateKeyError("supports _id")

    monkeypatch.setattr(world.supports, "add", the_other_tap_won)
    outcome = await support_idea(world.service, SupportIdea(idea["_id"], "p:fan"))
    assert not outcome.changed and outcome.idea["supports"] == 1
    assert len(world.uow.events_of_type("idea.supported")) == 1


@pytest.mark.parametrize("withdraw", [False, True])
async def test_an_idea_gone_from_the_store_rolls_the_support_back(world, withdraw):
    idea = await published(world.service)
    await support_idea(world.service, SupportIdea(idea["_id"], "p:fan"))
    published_before = list(world.uow.published)
    supports_before = dict(world.supports.supports)
    del world.ideas.ideas[idea["_id"]]  # the read model still has it
    with pytest.raises(DomainError) as err:
        if withdraw:
            await withdraw_support(world.service, WithdrawSupport(idea["_id"], "p:fan"))
        else:
            await support_idea(world.service, SupportIdea(idea["_id"], "p:other"))
    assert err.value.code == "not-found"
    assert world.supports.supports == supports_before
    assert world.uow.published == published_before
