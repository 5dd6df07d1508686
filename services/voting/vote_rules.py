"""The rules of a vote, free of I/O.

A vote is taken when its poll is open and its deadline has not passed, when the voter is a
member of the poll's session (their token is bound to it), and when the choice fits the poll's
type. Each participant has one vote per poll and round; sending it again replaces it (version
one higher) unless the poll forbids changes. The group commit checks the poll's state and the
earlier vote again inside its transaction, where they cannot change under it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.voting.choices import check_choice
from services.voting.poll_control import effective_status
from shared.errors import DomainError


def vote_id(poll_id: str, round_: int, participant: str) -> str:
    """One vote per participant, poll and round, by construction of its key."""
    return f"{poll_id}:{round_}:{participant}"


def tally_id(poll_id: str, round_: int) -> str:
    """One tally per poll and round: a reset starts a new one at zero."""
    return f"{poll_id}:{round_}"


def vote_refusal(poll: dict[str, Any] | None, now: datetime) -> DomainError | None:
    """Why a vote on `poll` cannot be taken now, or None."""
    if poll is None:
        return DomainError(
            "There is no poll with this id.", "Diese Umfrage gibt es nicht.", "not-found"
        )
    if effective_status(poll, now) != "open":
        return DomainError(
            "The poll is not open for votes.",
            "Die Abstimmung ist nicht geöffnet.",
            "poll-closed",
        )
    return None


def check_vote(poll: dict[str, Any], voter_session: str | None, choice: Any, now: datetime) -> Any:
    """The normalised choice of a vote that may be taken, or the DomainError saying why not."""
    if voter_session != poll["session_id"]:
        raise DomainError(
            "Join this poll's workshop with its code first.",
            "Bitte zuerst mit dem Code dem Workshop beitreten.",
            "not-in-session",
        )
    refusal = vote_refusal(poll, now)
    if refusal is not None:
        raise refusal
    return check_choice(poll, choice)


def ballot_refusal(
    poll: dict[str, Any] | None, before: dict[str, Any] | None, choice: Any, now: datetime
) -> DomainError | None:
    """Why the group commit must not store this choice, given the poll and the earlier vote as
    its transaction reads them; None when it may (or when it is the same choice again)."""
    refusal = vote_refusal(poll, now)
    if refusal is not None or before is None or before["choice"] == choice:
        return refusal
    if not poll["settings"]["allow_change"]:
        return DomainError(
            "You have voted on this poll already.",
            "Sie haben hier schon abgestimmt.",
            "already-voted",
        )
    return None


def next_vote(
    poll: dict[str, Any],
    before: dict[str, Any] | None,
    participant: str,
    choice: Any,
    now: datetime,
) -> dict[str, Any]:
    """The stored vote after this choice: a version one higher than the earlier vote's."""
    return {
        "_id": vote_id(poll["_id"], poll["round"], participant),
        "poll_id": poll["_id"],
        "round": poll["round"],
        "session_id": poll["session_id"],
        "participant": participant,
        "choice": choice,
        "version": (before["version"] if before else 0) + 1,
        "created_at": before["created_at"] if before else now,
        "updated_at": now,
    }


def store_unavailable() -> DomainError:
    """The 503 a phone gets when its vote could not be stored in time: send it again."""
    return DomainError(
        "Your vote could not be stored just now; please send it again.",
        "Ihre Stimme konnte gerade nicht gespeichert werden; bitte noch einmal senden.",
        "vote-store-unavailable",
        retry_after=2,
    )
