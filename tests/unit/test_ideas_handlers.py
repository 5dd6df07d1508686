"""Submitting ideas and moderators' decisions, on the in-memory fakes (no servers)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pymongo.errors import DuplicateKeyError

from services.ideas import domain, handlers_ideas, wall
from services.ideas.commands import ChangeStatus
from services.ideas.domain import DomainError, Location, Status
from services.ideas.follower import idea_from_event
from services.ideas.handlers_ideas import change_status, submit_idea
from shared.unit_of_work import Transaction
from tests.unit.ideas_helpers import TOPIC, World, published, submission, submitted


@pytest.fixture
def world() -> World:
    return World()


async def test_a_submitted_idea_is_stored_published_as_an_event_and_listed_for_staff(world):
    idea, created = await submit_idea(world.service, submission(location=Location(50.77, 6.08)))
    assert created and idea["status"] == "submitted" and idea["version"] == 1
    assert await world.service.ideas.get(idea["_id"]) == idea
    [(topic, key, event)] = world.uow.published
    assert (topic, key, event.subject) == (TOPIC, idea["_id"], idea["_id"])
    assert event.type == "de.oecherlab.ideas.idea.submitted"
    assert event.source == "/oecherlab/ideas"
    assert event.data == {"idea": {k: v for k, v in idea.items() if k != "terms"}}
    wire = json.loads(event.to_bytes())
    assert wire["data"]["idea"]["location"] == {"lat": 50.77, "lon": 6.08}
    assert "terms" not in wire["data"]["idea"] and wire["data"]["idea"]["author"] == "p:author"
    # The read model has it (staff and the author see it), the public wall does not.
    assert world.service.get(idea["_id"])["title"] == "Mehr Bäume am Markt"
    with pytest.raises(DomainError) as err:
        world.service.public_idea(idea["_id"])
    assert err.value.code == "not-found"
    assert world.live.states[wall.CHANNEL]()["total"] == 0


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"field": "Raumfahrt"}, "unknown-field"),
        ({"location": Location(50.9375, 6.9603)}, "location-outside-region"),  # Köln
    ],
)
async def test_a_refused_submission_leaves_no_trace(world, changes, code):
    with pytest.raises(DomainError) as err:
        await submit_idea(world.service, submission(**changes))
    assert err.value.code == code
    assert world.ideas.ideas == {} and world.uow.published == [] and len(world.service.model) == 0


async def test_a_retried_submission_with_the_same_key_creates_one_idea(world):
    first, created = await submit_idea(world.service, submission(key="k1"))
    again, created_again = await submit_idea(world.service, submission(key="k1"))
    assert (created, created_again) == (True, False) and again["_id"] == first["_id"]
    assert len(world.ideas.ideas) == 1 and world.types() == ["idea.submitted"]
    assert await world.service.is_replay("idea:p:author:k1")
    # The key is the author's own: someone else's identical key is a new idea.
    _, other_created = await submit_idea(world.service, submission(author="p:other", key="k1"))
    assert other_created and len(world.ideas.ideas) == 2
    assert not await world.service.is_replay(None)


async def test_a_key_that_raced_in_answers_with_the_first_idea_and_rolls_back(world, monkeypatch):
    first, _ = await submit_idea(world.service, submission(key="k1"))
    lookups: list[str] = []
    real_find = world.idempotency.find

    async def find_late(key: str) -> dict[str, Any] | None:
        # The first lookup misses: the other request had not committed yet.
        lookups.append(key)
        return None if len(lookups) == 1 else await real_find(key)

    monkeypatch.setattr(world.idempotency, "find", find_late)
    again, created = await submit_idea(world.service, submission(key="k1"))
    assert not created and again["_id"] == first["_id"] and len(lookups) == 2
    assert len(world.ideas.ideas) == 1 and world.types() == ["idea.submitted"]
    assert len(world.service.model) == 1


async def test_an_id_clash_without_a_key_is_an_error_not_a_silent_answer(world, monkeypatch):
    existing = await submitted(world.service)
    monkeypatch.setattr(handlers_ideas.domain, "new_idea", lambda **_: dict(existing))
    with pytest.raises(DuplicateKeyError):
        await submit_idea(world.service, submission(title="Etwas anderes"))
    assert world.types() == ["idea.submitted"]


async def test_the_read_model_follows_only_after_the_commit(world):
    during: list[int] = []
    real_run = world.uow.run

    async def run(work):
        async def watched(tx: Transaction):
            result = await work(tx)
            during.append(len(world.service.model))
            return result

        return await real_run(watched)

    world.service.uow.run = run  # type: ignore[method-assign]
    idea = await submitted(world.service)
    assert during == [0] and world.service.get(idea["_id"]) is not None


async def test_publishing_shows_the_idea_on_the_wall_with_the_official_answer(world):
    idea = await submitted(world.service)
    sets_before = world.live.sets
    shown = await change_status(
        world.service,
        ChangeStatus(idea["_id"], Status.PUBLISHED, "Wir prüfen den Standort.", "u:mod"),
    )
    assert shown["status"] == "published" and shown["version"] == 2
    assert shown["published_at"] is not None and domain.is_public(shown)
    assert (
        shown["answer"]["text"] == "Wir prüfen den Standort." and shown["answer"]["by"] == "u:mod"
    )
    assert await world.service.ideas.get(idea["_id"]) == shown
    assert world.service.public_idea(idea["_id"])["version"] == 2
    event = world.uow.events_of_type("idea.status_changed")[0]
    assert event.data == {
        "idea": {k: v for k, v in shown.items() if k != "terms"},
        "previous_status": "submitted",
    }
    assert world.live.sets == sets_before + 1
    state = world.live.states[wall.CHANNEL]()
    assert [i["id"] for i in state["ideas"]] == [idea["_id"]] and state["total"] == 1


async def test_implemented_needs_an_official_answer_and_a_refusal_changes_nothing(world):
    idea = await published(world.service)
    before = dict(world.ideas.ideas)
    with pytest.raises(DomainError) as err:
        await change_status(
            world.service, ChangeStatus(idea["_id"], Status.IMPLEMENTED, None, "u:mod")
        )
    assert err.value.code == "answer-required"
    assert world.ideas.ideas == before and world.types() == [
        "idea.submitted",
        "idea.status_changed",
    ]
    done = await change_status(
        world.service, ChangeStatus(idea["_id"], Status.IMPLEMENTED, "Umgesetzt im Mai.", "u:mod")
    )
    assert done["status"] == "implemented" and done["version"] == 3
    assert world.service.get(idea["_id"])["answer"]["text"] == "Umgesetzt im Mai."


async def test_a_new_official_answer_keeps_the_earlier_ones_for_everyone_to_read(world):
    idea = await published(world.service)
    for status, text in (
        (Status.IN_REVIEW, "Wir prüfen den Standort."),
        (Status.IMPLEMENTED, "Steht seit Mai."),
    ):
        await change_status(world.service, ChangeStatus(idea["_id"], status, text, "u:mod"))
    shown = domain.public_view(world.service.get(idea["_id"]))
    assert shown["answer"]["text"] == "Steht seit Mai."
    assert [a["text"] for a in shown["earlier_answers"]] == ["Wir prüfen den Standort."]
    assert "by" not in shown["earlier_answers"][0]  # no moderator's name for the public
    # Another instance's read model gets the same from the event (dates parsed again).
    [*_, event] = [e for _t, _k, e in world.uow.published]
    again = idea_from_event(json.loads(event.to_bytes())["data"])
    assert again["earlier_answers"] == world.service.get(idea["_id"])["earlier_answers"]


async def test_transitions_outside_the_workflow_are_refused_with_the_allowed_ones(world):
    idea = await published(world.service)
    with pytest.raises(DomainError) as err:
        await change_status(world.service, ChangeStatus(idea["_id"], Status.SUBMITTED, None, "m"))
    assert err.value.code == "invalid-transition" and "in_review" in err.value.extra["allowed"]
    with pytest.raises(DomainError) as err:
        await change_status(world.service, ChangeStatus(idea["_id"], Status.PUBLISHED, None, "m"))
    assert err.value.code == "no-change"
    with pytest.raises(DomainError) as err:
        await change_status(world.service, ChangeStatus("nope", Status.PUBLISHED, None, "m"))
    assert err.value.code == "not-found"
    assert world.types() == ["idea.submitted", "idea.status_changed"]


async def test_a_change_made_meanwhile_is_a_conflict_and_nothing_is_published(world, monkeypatch):
    idea = await submitted(world.service)

    async def someone_was_quicker(*_args: Any, **_kwargs: Any) -> bool:
        return False

    monkeypatch.setattr(world.ideas, "save", someone_was_quicker)
    with pytest.raises(DomainError) as err:
        await change_status(world.service, ChangeStatus(idea["_id"], Status.PUBLISHED, None, "m"))
    assert err.value.code == "conflict"
    assert world.types() == ["idea.submitted"]
    assert world.service.get(idea["_id"])["status"] == "submitted"


async def test_the_model_loads_from_the_store_and_takes_only_newer_versions(world):
    idea = await published(world.service)
    world.service.model.ideas.clear()
    assert await world.service.load_model() == 1
    sets = world.live.sets
    assert await world.service.reload() == 1 and world.live.sets == sets + 1
    world.service.apply_remote({**idea, "title": "Alt", "version": 1})
    assert world.service.get(idea["_id"])["title"] == idea["title"]
    world.service.apply_remote({**idea, "title": "Neu", "version": 5})
    assert world.service.get(idea["_id"])["title"] == "Neu" and world.live.sets == sets + 2
    with pytest.raises(DomainError):
        world.service.get("unknown")
