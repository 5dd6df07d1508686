"""The events of stored votes (voting.votes) and the answer for a vote that could not be stored."""

from __future__ import annotations

from services.voting.counting import contribution
from services.voting.domain import DomainError
from services.voting.storage import tally_id
from shared.events import CloudEvent

SOURCE = "/oecherlab/voting"
VOTE_CAST = "de.oecherlab.voting.vote.cast"
VOTE_CHANGED = "de.oecherlab.voting.vote.changed"


def store_unavailable() -> DomainError:
    """The 503 a phone gets when its vote could not be stored in time: send it again."""
    return DomainError(
        "Your vote could not be stored just now; please send it again.",
        "Ihre Stimme konnte gerade nicht gespeichert werden; bitte noch einmal senden.",
        "vote-store-unavailable",
        retry_after=2,
    )


def vote_event(
    poll: dict, doc: dict, before: dict | None, correlation_id: str | None
) -> CloudEvent:
    """The voting.votes event of one stored vote change (what the tally counts)."""
    return CloudEvent(
        source=SOURCE,
        type=VOTE_CHANGED if before else VOTE_CAST,
        subject=doc["_id"],
        correlationid=correlation_id,
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
