"""The rules of the ideas context, without I/O."""

from datetime import UTC, datetime

import pytest

from services.ideas import domain
from services.ideas.api import STATUSES
from services.ideas.domain import DomainError, Location, Status
from shared.problems import status_of
from shared.settings import DEFAULT_FIELDS_OF_ACTION, Settings

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
BBOX = Settings().region_bbox


def idea(**changes):
    base = domain.new_idea(
        title="Mehr Bäume",
        body="Schatten",
        field=DEFAULT_FIELDS_OF_ACTION[1],
        location=None,
        author="p:1",
        now=NOW,
    )
    return {**base, **changes}


def test_unknown_field_of_action_is_refused_with_the_valid_choices():
    with pytest.raises(DomainError) as err:
        domain.check_submission("Raumfahrt", None, DEFAULT_FIELDS_OF_ACTION, BBOX)
    assert edge_status(err.value) == 422
    assert err.value.extra["fields_of_action"] == DEFAULT_FIELDS_OF_ACTION


def test_location_must_lie_in_the_aachen_region():
    domain.check_submission(
        DEFAULT_FIELDS_OF_ACTION[0], Location(50.7753, 6.0839), DEFAULT_FIELDS_OF_ACTION, BBOX
    )
    with pytest.raises(DomainError) as err:  # Köln
        domain.check_submission(
            DEFAULT_FIELDS_OF_ACTION[0], Location(50.9375, 6.9603), DEFAULT_FIELDS_OF_ACTION, BBOX
        )
    assert err.value.code == "location-outside-region"


def test_a_new_idea_is_not_public_until_published():
    fresh = idea()
    assert fresh["status"] == "submitted" and not domain.is_public(fresh)
    changes = domain.status_change(fresh, Status.PUBLISHED, None, "u:moderator", NOW)
    assert changes["published_at"] == NOW
    assert domain.is_public({**fresh, **changes})


def test_transitions_outside_the_workflow_are_refused():
    with pytest.raises(DomainError) as err:
        domain.status_change(idea(), Status.IMPLEMENTED, "done", "u:m", NOW)
    assert edge_status(err.value) == 409 and "published" in err.value.extra["allowed"]


def test_implemented_and_rejecting_a_public_idea_need_an_official_answer():
    published = idea(status="published", published_at=NOW)
    with pytest.raises(DomainError) as err:
        domain.status_change(published, Status.IMPLEMENTED, None, "u:m", NOW)
    assert err.value.code == "answer-required"
    with pytest.raises(DomainError):
        domain.status_change(published, Status.REJECTED, None, "u:m", NOW)
    # Rejecting in pre-moderation (never public) needs no public answer.
    assert domain.status_change(idea(), Status.REJECTED, None, "u:m", NOW)["status"] == "rejected"


def test_answer_is_recorded_with_author_and_time_but_public_view_hides_the_moderator():
    published = idea(status="published", published_at=NOW)
    changes = domain.status_change(published, Status.IN_REVIEW, "Wir prüfen das.", "u:anna", NOW)
    view = domain.public_view({**published, **changes})
    assert view["answer"] == {"text": "Wir prüfen das.", "at": NOW}
    assert "author" not in view


def test_same_status_without_answer_is_a_conflict_but_with_answer_updates_it():
    published = idea(status="published", published_at=NOW)
    with pytest.raises(DomainError):
        domain.status_change(published, Status.PUBLISHED, None, "u:m", NOW)
    assert (
        domain.status_change(published, Status.PUBLISHED, "Neu", "u:m", NOW)["answer"]["text"]
        == "Neu"
    )


def test_public_view_marks_the_viewers_own_idea():
    assert domain.public_view(idea(), "p:1")["mine"] is True
    assert domain.public_view(idea(), "p:2")["mine"] is False


def test_a_location_is_stored_rounded_unless_the_author_wants_the_exact_spot():
    spot = Location(50.776123, 6.083876)
    coarse = domain.new_idea(title="Bank", body="", field="x", location=spot, author="p:1", now=NOW)
    exact = domain.new_idea(
        title="Bank", body="", field="x", location=spot, author="p:1", now=NOW, exact_location=True
    )
    assert coarse["location"] == {"lat": 50.776, "lon": 6.084}
    assert exact["location"] == {"lat": 50.776123, "lon": 6.083876}
    # The public sees both coarse; the author and staff see what is stored.
    for stored in (coarse, exact):
        assert domain.public_view(stored)["location"] == {"lat": 50.776, "lon": 6.084}
        assert domain.public_view(stored, "p:1")["location"] == stored["location"]
        assert domain.public_view(stored, precise=True)["location"] == stored["location"]


def test_only_the_author_withdraws_and_the_tombstone_keeps_nothing_of_the_idea():
    fresh = idea(location={"lat": 50.776, "lon": 6.084}, version=4)
    with pytest.raises(DomainError) as err:
        domain.withdrawn_form(fresh, "p:2", NOW)
    assert err.value.code == "not-your-idea" and edge_status(err.value) == 403
    tombstone = domain.withdrawn_form(fresh, "p:1", NOW)
    assert tombstone == {
        "_id": fresh["_id"],
        "status": "withdrawn",
        "withdrawn_at": NOW,
        "version": 5,
    }
    assert domain.is_withdrawn(tombstone) and not domain.is_withdrawn(fresh)
    assert not domain.is_public(tombstone)


def edge_status(error) -> int:
    """The HTTP status the ideas service answers a broken rule with."""
    return status_of(error, STATUSES)
