"""The events of the ideas context and their CloudEvents on ideas.events.

The CloudEvent types (de.oecherlab.ideas.<kind>) and data members are a public contract: other
instances' read models, the live wall and outside readers (kcat, exports) depend on them. Every
event carries the whole idea after the change (with its version, without the search terms), so
applying one is idempotent. After idea.withdrawn the whole idea is its tombstone ({_id, status:
"withdrawn", withdrawn_at, version}): a reader drops the idea and ignores every event of that id
from then on, older ones included (docs/decisions/0012-withdrawing-an-idea.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from services.ideas.ports import Comment, Idea
from shared.events import CloudEvent

SOURCE = "/oecherlab/ideas"
EVENT_PREFIX = "de.oecherlab.ideas."


@dataclass(frozen=True)
class IdeaEvent:
    """Something that happened to an idea; `idea` is its state afterwards."""

    KIND: ClassVar[str]
    idea: Idea

    def extra(self) -> dict[str, Any]:
        """The data members besides `idea`."""
        return {}

    def to_cloud_event(self) -> CloudEvent:
        """The CloudEvent as it goes out on ideas.events (subject: the idea's id)."""
        return CloudEvent(
            source=SOURCE,
            type=EVENT_PREFIX + self.KIND,
            subject=self.idea["_id"],
            data={"idea": event_view(self.idea), **self.extra()},
        )


@dataclass(frozen=True)
class IdeaSubmitted(IdeaEvent):
    """A new idea, not yet public."""

    KIND: ClassVar[str] = "idea.submitted"


@dataclass(frozen=True)
class IdeaStatusChanged(IdeaEvent):
    """A moderator's decision; the answer, if any, is part of the idea."""

    KIND: ClassVar[str] = "idea.status_changed"
    previous_status: str

    def extra(self) -> dict[str, Any]:
        """See `IdeaEvent.extra`."""
        return {"previous_status": self.previous_status}


@dataclass(frozen=True)
class IdeaSupported(IdeaEvent):
    """A participant's support counted."""

    KIND: ClassVar[str] = "idea.supported"
    participant: str

    def extra(self) -> dict[str, Any]:
        """See `IdeaEvent.extra`."""
        return {"participant": self.participant}


@dataclass(frozen=True)
class SupportWithdrawn(IdeaEvent):
    """A participant's support no longer counts; `participant` is None when it went with the
    participant's erased data."""

    KIND: ClassVar[str] = "idea.support_withdrawn"
    participant: str | None

    def extra(self) -> dict[str, Any]:
        """See `IdeaEvent.extra`."""
        return {"participant": self.participant}


@dataclass(frozen=True)
class IdeaWithdrawn(IdeaEvent):
    """The author withdrew the idea; `idea` is its tombstone, without any of its content."""

    KIND: ClassVar[str] = "idea.withdrawn"


@dataclass(frozen=True)
class CommentSubmitted(IdeaEvent):
    """A comment waiting for moderation (the idea itself is unchanged)."""

    KIND: ClassVar[str] = "comment.submitted"
    comment: Comment

    def extra(self) -> dict[str, Any]:
        """See `IdeaEvent.extra`."""
        return {"comment": comment_event_view(self.comment)}


@dataclass(frozen=True)
class CommentModerated(IdeaEvent):
    """A comment published or rejected; the idea's comment count follows the published ones."""

    KIND: ClassVar[str] = "comment.moderated"
    comment: Comment

    def extra(self) -> dict[str, Any]:
        """See `IdeaEvent.extra`."""
        return {"comment": comment_event_view(self.comment)}


@dataclass(frozen=True)
class CommentErased(IdeaEvent):
    """A comment deleted with its author's data: readers drop it. Nothing of it but its id."""

    KIND: ClassVar[str] = "comment.erased"
    comment_id: str

    def extra(self) -> dict[str, Any]:
        """See `IdeaEvent.extra`."""
        return {"comment": {"id": self.comment_id}}


def event_view(idea: Idea) -> dict[str, Any]:
    """The idea as events carry it: everything, with the pseudonymous author id, no terms."""
    return {k: v for k, v in idea.items() if k != "terms"}


def comment_event_view(comment: Comment) -> dict[str, Any]:
    """A comment as events carry it."""
    return {
        "id": comment["_id"],
        "body": comment["body"],
        "author": comment["author"],
        "status": comment["status"],
    }
