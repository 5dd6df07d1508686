"""The commands of the ideas context: what a citizen or a moderator asks for, already checked
for form by the HTTP edge. Each one has exactly one handler (handlers_*.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from services.ideas.domain import Location, Status


@dataclass(frozen=True)
class SubmitIdea:
    """A participant submits an idea; it stays hidden until a moderator publishes it."""

    title: str
    body: str
    field: str
    location: Location | None
    author: str
    idempotency_key: str | None = None
    exact_location: bool = False  # the author opted into storing the spot unrounded

    @property
    def replay_key(self) -> str | None:
        """The key the answer is remembered under (per author, so keys of others never clash)."""
        return f"idea:{self.author}:{self.idempotency_key}" if self.idempotency_key else None


@dataclass(frozen=True)
class WithdrawIdea:
    """The author takes their idea back: its text, place, comments and supports are erased."""

    idea_id: str
    author: str


@dataclass(frozen=True)
class ChangeStatus:
    """A moderator moves an idea on in the workflow, with an optional official answer."""

    idea_id: str
    status: Status
    answer: str | None
    by: str


@dataclass(frozen=True)
class SupportIdea:
    """A participant supports a published idea (once; repeating it changes nothing)."""

    idea_id: str
    participant: str


@dataclass(frozen=True)
class WithdrawSupport:
    """A participant takes their support back (withdrawing twice changes nothing)."""

    idea_id: str
    participant: str


@dataclass(frozen=True)
class CommentOnIdea:
    """A participant comments on a published idea; the comment waits for moderation."""

    idea_id: str
    body: str
    author: str
    idempotency_key: str | None = None

    @property
    def replay_key(self) -> str | None:
        """The key the answer is remembered under (per author and idea)."""
        if not self.idempotency_key:
            return None
        return f"comment:{self.author}:{self.idea_id}:{self.idempotency_key}"


@dataclass(frozen=True)
class ModerateComment:
    """A moderator publishes or rejects a comment."""

    idea_id: str
    comment_id: str
    status: Literal["published", "rejected"]
