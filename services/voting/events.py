"""The events of sessions and polls on voting.events, as types (voting.votes: vote_events.py).

Their CloudEvent `type` and `data` are a public contract (the tally worker and the hub read
them): `to_cloud` gives exactly the documents published before these types existed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from shared.events import CloudEvent

SOURCE = "/oecherlab/voting"
EVENT_PREFIX = "de.oecherlab.voting."


def plain_doc(doc: dict[str, Any]) -> dict[str, Any]:
    """A stored document as events carry it: `id` instead of `_id`."""
    out = {k: v for k, v in doc.items() if k != "_id"}
    out["id"] = doc["_id"]
    return out


@dataclass(frozen=True)
class VotingEvent:
    """An event about one session or poll; `subject` is also its partition key."""

    kind: ClassVar[str]

    @property
    def subject(self) -> str:
        """The id of the session or poll the event is about."""
        raise NotImplementedError

    def data(self) -> dict[str, Any]:
        """The event's data member."""
        raise NotImplementedError

    def to_cloud(self) -> CloudEvent:
        """The CloudEvent as published (its correlation id is the request's)."""
        return CloudEvent(
            source=SOURCE, type=EVENT_PREFIX + self.kind, subject=self.subject, data=self.data()
        )


@dataclass(frozen=True)
class SessionCreated(VotingEvent):
    kind: ClassVar[str] = "session.created"
    session: dict[str, Any]

    @property
    def subject(self) -> str:
        return self.session["_id"]

    def data(self) -> dict[str, Any]:
        return {"session": plain_doc(self.session)}


@dataclass(frozen=True)
class SessionEvent(VotingEvent):
    """A change of a session named by its id alone."""

    session_id: str

    @property
    def subject(self) -> str:
        return self.session_id

    def data(self) -> dict[str, Any]:
        return {"session_id": self.session_id}


@dataclass(frozen=True)
class CurrentPollChanged(SessionEvent):
    kind: ClassVar[str] = "session.current_poll_changed"
    poll_id: str

    def data(self) -> dict[str, Any]:
        return {"session_id": self.session_id, "poll_id": self.poll_id}


@dataclass(frozen=True)
class SessionLocked(SessionEvent):
    kind: ClassVar[str] = "session.locked"


@dataclass(frozen=True)
class SessionUnlocked(SessionEvent):
    kind: ClassVar[str] = "session.unlocked"


@dataclass(frozen=True)
class SessionEnded(SessionEvent):
    kind: ClassVar[str] = "session.ended"
    reason: str

    def data(self) -> dict[str, Any]:
        return {"session_id": self.session_id, "reason": self.reason}


@dataclass(frozen=True)
class PollEvent(VotingEvent):
    """A poll's new state, whole (the tally worker projects it from this)."""

    poll: dict[str, Any]

    @property
    def subject(self) -> str:
        return self.poll["_id"]

    def data(self) -> dict[str, Any]:
        return {"poll": plain_doc(self.poll)}


class PollCreated(PollEvent):
    kind: ClassVar[str] = "poll.created"


class PollOpened(PollEvent):
    kind: ClassVar[str] = "poll.opened"


class PollClosed(PollEvent):
    kind: ClassVar[str] = "poll.closed"


class PollRevealed(PollEvent):
    kind: ClassVar[str] = "poll.revealed"


class PollReset(PollEvent):
    kind: ClassVar[str] = "poll.reset"


class WordsModerated(PollEvent):
    kind: ClassVar[str] = "poll.words_moderated"


# The event of each moderator action on a poll (PollAction values).
CONTROLLED: dict[str, type[PollEvent]] = {
    "open": PollOpened,
    "close": PollClosed,
    "reveal": PollRevealed,
    "reset": PollReset,
}
