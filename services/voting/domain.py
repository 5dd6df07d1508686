"""The rules of live voting in one place to import from; each part lives in its own module, free
of I/O: poll_types (the vocabulary), polls (a new poll), poll_control (a poll's life), choices
(what a vote may pick), vote_rules (when a vote counts), session_rules (a workshop's life).

Here: what a new session is, and the clock the handlers read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.voting.choices import check_choice
from services.voting.poll_control import (
    PollAction,
    closing,
    control,
    effective_status,
    is_due,
    moderate_words,
    next_poll_id,
    results_visible,
)
from services.voting.poll_types import MAX_OPTIONS, MIN_OPTIONS, OPTION_TYPES, PollType, invalid
from services.voting.polls import new_id, new_poll, poll_settings
from services.voting.vote_rules import (
    ballot_refusal,
    check_vote,
    next_vote,
    store_unavailable,
    tally_id,
    vote_id,
    vote_refusal,
)
from shared.clock import now_ms as now_ms  # the voting modules take it from here
from shared.codes import random_code
from shared.errors import DomainError

__all__ = [
    "MAX_OPTIONS",
    "MIN_OPTIONS",
    "OPTION_TYPES",
    "DomainError",
    "PollAction",
    "PollType",
    "ballot_refusal",
    "check_choice",
    "check_vote",
    "closing",
    "control",
    "effective_status",
    "invalid",
    "is_due",
    "moderate_words",
    "new_id",
    "new_join_code",
    "new_poll",
    "new_session",
    "next_poll_id",
    "next_vote",
    "not_found",
    "now_ms",
    "poll_settings",
    "results_visible",
    "store_unavailable",
    "tally_id",
    "vote_id",
    "vote_refusal",
]


def new_join_code(length: int = 6) -> str:
    """A random join code; the store refuses one already taken and a new one is drawn."""
    return random_code(length)


def new_session(title: str, by: str, now: datetime) -> dict[str, Any]:
    """The stored form of a new open workshop session with a fresh join code."""
    return {
        "_id": new_id(),
        "title": title,
        "join_code": new_join_code(),
        "current_poll": None,
        "locked": False,
        "ended_at": None,
        "created_by": by,
        "created_at": now,
        "updated_at": now,
        "active_at": now,
        "version": 1,
    }


def not_found(what: str) -> DomainError:
    """The refusal for an unknown session or poll."""
    de = {"session": "Diesen Workshop gibt es nicht.", "poll": "Diese Umfrage gibt es nicht."}
    return DomainError(f"There is no {what} with this id.", de[what], "not-found")
