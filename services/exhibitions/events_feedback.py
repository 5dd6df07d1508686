"""The feedback events on exhibitions.events: ratings counted and comments moderated (see
events.py). Neither carries a token subject: raters are keyed hashes, comments have no author."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from services.exhibitions.domain import Doc, iso
from services.exhibitions.events import ExhibitionsEvent


@dataclass(frozen=True)
class FeedbackGiven(ExhibitionsEvent):
    """A rating counted; `previous_rating` is the one it replaced (a participant's), if any."""

    KIND: ClassVar[str] = "feedback.given"
    exhibit_id: str
    rating: int
    previous_rating: int | None
    source: str
    rater: str

    def subject(self) -> str:
        """See `ExhibitionsEvent.subject`."""
        return self.exhibit_id

    def data(self) -> dict[str, Any]:
        """See `ExhibitionsEvent.data`."""
        return {
            "exhibit_id": self.exhibit_id,
            "exhibition_id": self.exhibition_id,
            "rating": self.rating,
            "previous_rating": self.previous_rating,
            "source": self.source,
            "rater": self.rater,
        }


@dataclass(frozen=True)
class CommentEvent(ExhibitionsEvent):
    """A comment's moderation step; the comment as it is afterwards, without its author."""

    comment: Doc

    def subject(self) -> str:
        """See `ExhibitionsEvent.subject`."""
        return self.comment["_id"]

    def data(self) -> dict[str, Any]:
        """See `ExhibitionsEvent.data`."""
        c = self.comment
        return {
            "exhibition_id": self.exhibition_id,
            "comment": {
                "id": c["_id"],
                "exhibit_id": c["exhibit_id"],
                "exhibition_id": c["exhibition_id"],
                "body": c["body"],
                "status": c["status"],
                "created_at": iso(c["created_at"]),
            },
        }


class CommentSubmitted(CommentEvent):
    """A comment waiting for moderation."""

    KIND: ClassVar[str] = "comment.submitted"


class CommentModerated(CommentEvent):
    """A comment published or rejected."""

    KIND: ClassVar[str] = "comment.moderated"


@dataclass(frozen=True)
class FeedbackWithdrawn(FeedbackGiven):
    """A phone's rating deleted with its participant's data; the summaries no longer count it.
    `rater` is the pseudonym its feedback.given carried, so readers drop the same one."""

    KIND: ClassVar[str] = "feedback.withdrawn"


@dataclass(frozen=True)
class CommentErased(ExhibitionsEvent):
    """A comment deleted with its author's data: readers drop it. Nothing of it but its id."""

    KIND: ClassVar[str] = "comment.erased"
    comment_id: str

    def subject(self) -> str:
        """See `ExhibitionsEvent.subject`."""
        return self.comment_id

    def data(self) -> dict[str, Any]:
        """See `ExhibitionsEvent.data`."""
        return {"exhibition_id": self.exhibition_id, "comment": {"id": self.comment_id}}
