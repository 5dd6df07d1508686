"""The commands of the exhibitions context, already checked for form by the HTTP edge. Each one
has exactly one handler (handlers_*.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from services.exhibitions.domain import Status


@dataclass(frozen=True)
class CreateExhibition:
    """Staff start a new exhibition (a draft)."""

    title: str
    description: str


@dataclass(frozen=True)
class ChangeExhibitionStatus:
    """Staff open or close an exhibition."""

    exhibition_id: str
    status: Status


@dataclass(frozen=True)
class AddExhibit:
    """Staff add an exhibit of one field of action to an exhibition."""

    exhibition_id: str
    title: str
    field: str
    description: str


@dataclass(frozen=True)
class RegisterKiosk:
    """The gateway registers a kiosk tablet for an exhibit before it signs the kiosk's token."""

    exhibit_id: str


@dataclass(frozen=True)
class RevokeKiosks:
    """Staff make every kiosk token of an exhibit stop working."""

    exhibit_id: str


@dataclass(frozen=True)
class Rater:
    """Who rates: a participant (their token subject) or a kiosk (its id and the exhibit its
    token names)."""

    kind: Literal["participant", "kiosk"]
    id: str
    exhibit_id: str | None = None

    @property
    def source(self) -> str:
        """Where the rating comes from, as exports and events name it."""
        return "kiosk" if self.kind == "kiosk" else "phone"


@dataclass(frozen=True)
class GiveFeedback:
    """A visitor rates an exhibit 1..5, optionally with a comment, at a time `given_at` (ISO
    8601, from a kiosk's offline queue; None: now)."""

    exhibit_id: str
    rating: int
    rater: Rater
    comment: str | None = None
    given_at: str | None = None
    idempotency_key: str | None = None

    @property
    def replay_key(self) -> str | None:
        """The key the answer is remembered under (per rater and exhibit)."""
        if not self.idempotency_key:
            return None
        rater = self.rater
        return f"feedback:{rater.kind}:{rater.id}:{self.exhibit_id}:{self.idempotency_key}"


@dataclass(frozen=True)
class ModerateComment:
    """Staff publish or reject a comment."""

    comment_id: str
    status: Literal["published", "rejected"]
