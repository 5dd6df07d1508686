"""A poll's life, free of I/O: a moderator opens, closes, reveals and resets it; a timer or the
end of its session closes it; what its status is at a given moment."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from shared.errors import DomainError


class PollAction(StrEnum):
    """What a moderator can do to a poll."""

    OPEN = "open"
    CLOSE = "close"
    REVEAL = "reveal"
    RESET = "reset"


def effective_status(poll: dict[str, Any], now: datetime) -> str:
    """ "closed" once the timer's deadline has passed, even before the timer task has run."""
    closes_at = poll.get("closes_at")
    if poll["status"] == "open" and closes_at is not None and now >= closes_at:
        return "closed"
    return poll["status"]


def results_visible(poll: dict[str, Any]) -> bool:
    """Whether everyone may see the counts (live results, or revealed by the moderator)."""
    return poll["settings"]["results"] == "live" or poll["revealed"]


def closing(poll: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The fields that close a poll now: by its moderator, its timer or the end of its session.
    A deadline already passed stays the moment it closed."""
    return {"status": "closed", "closes_at": min(poll.get("closes_at") or now, now)}


def is_due(poll: dict[str, Any], now: datetime) -> bool:
    """Stored as open, but its timer ran out: the timer task closes it."""
    return poll["status"] == "open" and effective_status(poll, now) == "closed"


def control(poll: dict[str, Any], action: str, now: datetime) -> dict[str, Any]:
    """The fields a moderator's action (open, close, reveal, reset) sets on a poll."""
    status = effective_status(poll, now)
    if action == PollAction.OPEN:
        if status == "open":
            raise DomainError(
                "The poll is open already.", "Die Umfrage läuft bereits.", "already-open"
            )
        timer = poll["settings"].get("timer_s")
        return {
            "status": "open",
            "opened_at": now,
            "closes_at": now + timedelta(seconds=timer) if timer else None,
        }
    if action == PollAction.CLOSE:
        if status != "open":
            raise DomainError(
                "Only an open poll can be closed.",
                "Nur eine laufende Umfrage kann beendet werden.",
                "not-open",
            )
        return closing(poll, now)
    if action == PollAction.REVEAL:
        return {"revealed": True, "status": status}
    if action == PollAction.RESET:
        # A new round: earlier votes stay stored under their round, the tally starts at zero.
        return {
            "status": "draft",
            "revealed": False,
            "round": poll["round"] + 1,
            "opened_at": None,
            "closes_at": None,
            "approved_words": [],
        }
    raise ValueError(action)


def moderate_words(poll: dict[str, Any], words: list[str], approve: bool) -> dict[str, Any]:
    """The approved words of a word cloud after a moderator approved or rejected `words`."""
    if poll["type"] != "wordcloud":
        raise DomainError(
            "Only word-cloud polls have words to approve.",
            "Nur Wortwolken haben Wörter zum Freigeben.",
            "not-wordcloud",
        )
    approved = set(poll.get("approved_words", []))
    approved = approved | set(words) if approve else approved - set(words)
    return {"approved_words": sorted(approved)}


def next_poll_id(polls: list[dict[str, Any]], current: str | None, wanted: str | None) -> str:
    """The poll to show next: `wanted`, or the one after the current one (the first if none)."""
    ids = [p["_id"] for p in polls]
    if wanted is not None:
        if wanted not in ids:
            raise DomainError(
                "There is no poll with this id.", "Diese Umfrage gibt es nicht.", "not-found"
            )
        return wanted
    later = ids[ids.index(current) + 1 :] if current in ids else ids
    if not later:
        raise DomainError(
            "There is no next poll.", "Es gibt keine weitere Umfrage.", "no-next-poll"
        )
    return later[0]
