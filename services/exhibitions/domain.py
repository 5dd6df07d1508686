"""Rules of the exhibitions context, free of I/O: exhibitions and their exhibits. Who may rate
and when: domain_feedback.py; summaries and alerts: tally.py."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from shared.codes import ALPHABET, random_code
from shared.errors import DomainError
from shared.fields import check_field

Doc = dict[str, Any]

# No I/1 or O/0: the code is read off a printed QR sheet and typed on phones.
CODE_ALPHABET = ALPHABET  # shared/codes.py: no I/1, O/0
CODE_LENGTH = 6


class Status(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


# Where `open` and `close` may start from; a closed exhibition may open again (extended runs).
TRANSITIONS: dict[Status, set[Status]] = {
    Status.OPEN: {Status.DRAFT, Status.CLOSED},
    Status.CLOSED: {Status.OPEN},
}


def new_id() -> str:
    """A fresh id (also fit for a live channel name: hex only)."""
    return uuid.uuid4().hex[:16]


def new_code() -> str:
    """A random exhibit code; the store's unique index refuses a taken one (drawn again)."""
    return random_code(CODE_LENGTH)


def exhibit_url(public_url: str, code: str) -> str:
    """Where the exhibit's QR code leads."""
    return f"{public_url.rstrip('/')}/exhibit/{code}"


def new_exhibition(title: str, description: str, now: datetime) -> Doc:
    """The stored form of a new exhibition: a draft that takes no feedback yet."""
    return {
        "_id": new_id(),
        "title": title,
        "description": description,
        "status": Status.DRAFT.value,
        "created_at": now,
        "updated_at": now,
    }


def new_exhibit(
    exhibition_id: str, title: str, field: str, description: str, fields: list[str], now: datetime
) -> Doc:
    """The stored form of a new exhibit of a configured field of action, with a fresh code."""
    check_field(field, fields)
    return {
        "_id": new_id(),
        "exhibition_id": exhibition_id,
        "title": title,
        "field": field,
        "description": description,
        "code": new_code(),
        "created_at": now,
    }


def status_change(exhibition: Doc, target: Status) -> bool:
    """Whether moving to `target` changes anything (False: it is there already)."""
    current = Status(exhibition["status"])
    if current == target:
        return False
    if current not in TRANSITIONS[target]:
        raise DomainError(
            f"An exhibition that is {current.value} cannot become {target.value}.",
            "Dieser Statuswechsel ist nicht möglich.",
            "invalid-transition",
            allowed=sorted(s.value for s in TRANSITIONS if current in TRANSITIONS[s]),
        )
    return True


def refuse_unless_open(exhibition: Doc) -> None:
    """Feedback is taken only while the exhibition is open."""
    if exhibition["status"] != Status.OPEN.value:
        raise DomainError(
            "This exhibition is not open for feedback.",
            "Diese Ausstellung nimmt gerade keine Bewertungen an.",
            "exhibition-not-open",
        )


def iso(value: datetime | None) -> str | None:
    """A stored time as the API, the events and the screens write it (UTC, with Z)."""
    return value.isoformat().replace("+00:00", "Z") if value is not None else None
