"""Rules of the ideas context, free of I/O: what may be submitted and how an idea moves on."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from services.ideas.places import rounded_location
from services.ideas.search import terms_of
from shared.errors import DomainError
from shared.fields import check_field


class Status(StrEnum):
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    IN_REVIEW = "in_review"
    IMPLEMENTED = "implemented"
    REJECTED = "rejected"


# Statuses an idea may move to from each status; the pre-moderation step is submitted → published.
TRANSITIONS: dict[Status, set[Status]] = {
    Status.SUBMITTED: {Status.PUBLISHED, Status.REJECTED},
    Status.PUBLISHED: {Status.IN_REVIEW, Status.IMPLEMENTED, Status.REJECTED},
    Status.IN_REVIEW: {Status.PUBLISHED, Status.IMPLEMENTED, Status.REJECTED},
    Status.IMPLEMENTED: {Status.IN_REVIEW},
    Status.REJECTED: {Status.PUBLISHED},
}


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float


def check_submission(
    field: str,
    location: Location | None,
    fields_of_action: list[str],
    bbox: tuple[float, float, float, float],
) -> None:
    """Reject a field of action that is not configured or a location outside the Aachen region."""
    check_field(field, fields_of_action)
    if location is not None:
        south, west, north, east = bbox
        if not (south <= location.lat <= north and west <= location.lon <= east):
            raise DomainError(
                "The location lies outside the Aachen region.",
                "Der Ort liegt nicht in der Region Aachen.",
                "location-outside-region",
                errors=[{"field": "location", "message": "outside the Aachen region"}],
            )


def new_idea(
    *,
    title: str,
    body: str,
    field: str,
    location: Location | None,
    author: str,
    now: datetime,
    exact_location: bool = False,
) -> dict[str, Any]:
    """The stored form of a freshly submitted idea (not public until a moderator publishes it).
    The location is stored rounded to about 100 m unless the author asked for the exact spot."""
    spot = {"lat": location.lat, "lon": location.lon} if location else None
    return {
        "_id": uuid.uuid4().hex[:16],
        "title": title,
        "body": body,
        "field": field,
        "location": spot if exact_location else rounded_location(spot),
        "status": Status.SUBMITTED.value,
        "author": author,
        "created_at": now,
        "updated_at": now,
        "published_at": None,
        "answer": None,
        "supports": 0,
        "comments": 0,
        "terms": terms_of(f"{title} {body}"),
        "version": 1,
    }


def is_public(idea: dict[str, Any]) -> bool:
    """Only ideas a moderator has published are shown to the public (pre-moderation)."""
    return idea.get("published_at") is not None


def status_change(
    idea: dict[str, Any], target: Status, answer: str | None, by: str, now: datetime
) -> dict[str, Any]:
    """The fields to set when a moderator moves `idea` to `target`, with an official answer."""
    current = Status(idea["status"])
    if target == current and not answer:
        raise DomainError(
            f"The idea is already {current.value}.",
            "Die Idee hat diesen Status bereits.",
            "no-change",
        )
    if target != current and target not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(s.value for s in TRANSITIONS[current]))
        raise DomainError(
            f"An idea that is {current.value} cannot become {target.value}; allowed: {allowed}.",
            "Dieser Statuswechsel ist nicht möglich.",
            "invalid-transition",
            allowed=sorted(s.value for s in TRANSITIONS[current]),
        )
    was_public = is_public(idea)
    if not answer and (target == Status.IMPLEMENTED or (target == Status.REJECTED and was_public)):
        raise DomainError(
            "Give an official answer: citizens see why their idea was implemented or rejected.",
            "Bitte eine offizielle Antwort angeben.",
            "answer-required",
            errors=[{"field": "answer", "message": "required for this status"}],
        )
    changes: dict[str, Any] = {"status": target.value, "updated_at": now}
    if answer:
        changes["answer"] = {"text": answer, "by": by, "at": now}
        # A new answer does not erase the one citizens read before: it joins the history.
        if idea.get("answer"):
            changes["earlier_answers"] = [*idea.get("earlier_answers", []), idea["answer"]]
    if target == Status.PUBLISHED and not was_public:
        changes["published_at"] = now
    return changes


def public_view(
    idea: dict[str, Any], viewer: str | None = None, *, precise: bool = False
) -> dict[str, Any]:
    """What anyone may see of an idea: no author id, the answer without the moderator's name,
    the location rounded (precise only for staff and the idea's author)."""
    answer = idea.get("answer")
    precise = precise or (viewer is not None and idea.get("author") == viewer)
    view = {
        "id": idea["_id"],
        "title": idea["title"],
        "body": idea["body"],
        "field": idea["field"],
        "location": idea.get("location") if precise else rounded_location(idea.get("location")),
        "status": idea["status"],
        "created_at": idea["created_at"],
        "published_at": idea.get("published_at"),
        "answer": {"text": answer["text"], "at": answer["at"]} if answer else None,
        "earlier_answers": [
            {"text": a["text"], "at": a["at"]} for a in idea.get("earlier_answers", [])
        ],
        "supports": idea.get("supports", 0),
        "comments": idea.get("comments", 0),
        "version": idea["version"],
    }
    if viewer is not None:
        view["mine"] = idea.get("author") == viewer
    return view


# Not a workflow Status: no moderator sets it, and nothing of the idea is left to move on.
WITHDRAWN = "withdrawn"


def is_withdrawn(idea: dict[str, Any]) -> bool:
    """Whether `idea` is the tombstone its author's withdrawal left."""
    return idea.get("status") == WITHDRAWN


def withdrawn_form(idea: dict[str, Any], by: str, now: datetime) -> dict[str, Any]:
    """The tombstone that replaces the idea when `by` withdraws it: only what keeps the id from
    coming back (the version outranks every older event of it), no text, place or author."""
    if idea.get("author") != by:
        raise DomainError(
            "Only the author of an idea may withdraw it.",
            "Nur wer die Idee eingereicht hat, kann sie zurückziehen.",
            "not-your-idea",
        )
    return {
        "_id": idea["_id"],
        "status": WITHDRAWN,
        "withdrawn_at": now,
        "version": idea["version"] + 1,
    }


def support_key(idea_id: str, participant: str) -> str:
    """One support per participant and idea, enforced by the store's unique _id."""
    return f"{idea_id}:{participant}"
