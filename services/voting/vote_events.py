"""The events of stored votes on voting.votes, as types: what the tally worker counts.

Their CloudEvent `type` and `data` are a public contract: `to_cloud` gives exactly the documents
published before these types existed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from services.voting.counting import contribution
from services.voting.events import EVENT_PREFIX, SOURCE
from services.voting.vote_rules import tally_id
from shared.events import CloudEvent

VOTE_CAST = EVENT_PREFIX + "vote.cast"
VOTE_CHANGED = EVENT_PREFIX + "vote.changed"


@dataclass(frozen=True)
class VoteCast:
    """A first vote of a participant on a poll in this round (voting.votes, keyed by poll):
    what the tally counts."""

    cloud_type: ClassVar[str] = VOTE_CAST
    poll: dict[str, Any]
    vote: dict[str, Any]
    correlation_id: str | None
    before: dict[str, Any] | None = None

    @property
    def key(self) -> str:
        """The partition key: a poll's votes stay in order."""
        return self.poll["_id"]

    def to_cloud(self) -> CloudEvent:
        """The CloudEvent as published (with the correlation id of the vote's request)."""
        poll, doc, before = self.poll, self.vote, self.before
        return CloudEvent(
            source=SOURCE,
            type=self.cloud_type,
            subject=doc["_id"],
            correlationid=self.correlation_id,
            data={
                "vote_id": doc["_id"],
                "poll_id": poll["_id"],
                "session_id": poll["session_id"],
                "round": poll["round"],
                "tally_id": tally_id(poll["_id"], poll["round"]),
                "poll_type": poll["type"],
                "participant": doc["participant"],
                "version": doc["version"],
                "choice": doc["choice"],
                "previous": before["choice"] if before else None,
                "contribution": contribution(poll["type"], doc["choice"]),
            },
        )


@dataclass(frozen=True)
class VoteChanged(VoteCast):
    """A vote that replaces the participant's earlier one (`before`)."""

    cloud_type: ClassVar[str] = VOTE_CHANGED


VOTE_WITHDRAWN = EVENT_PREFIX + "vote.withdrawn"


@dataclass(frozen=True)
class VoteWithdrawn:
    """A vote deleted with its participant's data (DSGVO Art. 17): the tally drops what it
    counted for the vote. It supersedes the vote's earlier events and carries neither the
    participant nor the choice."""

    poll: dict[str, Any]
    vote: dict[str, Any]

    @property
    def key(self) -> str:
        """The partition key: after the vote's own events, in the poll's order."""
        return self.poll["_id"]

    def to_cloud(self) -> CloudEvent:
        """The CloudEvent as published: a version one above the vote's last, no contribution."""
        vote = self.vote
        return CloudEvent(
            source=SOURCE,
            type=VOTE_WITHDRAWN,
            subject=vote["_id"],
            data={
                "vote_id": vote["_id"],
                "poll_id": vote["poll_id"],
                "session_id": vote["session_id"],
                "round": vote["round"],
                "tally_id": tally_id(vote["poll_id"], vote["round"]),
                "version": vote["version"] + 1,
                "contribution": {},
                "withdrawn": True,
            },
        )


def vote_stored(
    poll: dict[str, Any], vote: dict[str, Any], before: dict[str, Any] | None, cid: str | None
) -> VoteCast:
    """The event of a stored vote: VoteChanged when it replaced one, else VoteCast."""
    if before is None:
        return VoteCast(poll, vote, cid)
    return VoteChanged(poll, vote, cid, before)
