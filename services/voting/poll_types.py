"""The vocabulary of polls, free of I/O: the poll types, their option limits, field errors."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from shared.errors import DomainError


class PollType(StrEnum):
    """What a vote on the poll picks: one option, several, a number, a word, points, an order."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    SCALE = "scale"
    WORDCLOUD = "wordcloud"
    POINTS = "points"
    RANKING = "ranking"


# Types whose votes pick among the poll's options.
OPTION_TYPES = {PollType.SINGLE, PollType.MULTIPLE, PollType.POINTS, PollType.RANKING}
MIN_OPTIONS, MAX_OPTIONS = 2, 12


def invalid(detail: str, detail_de: str, field: str = "choice") -> DomainError:
    """A field that does not fit the rules (422 at every edge, with the field named)."""
    return DomainError(
        detail, detail_de, "invalid-" + field, errors=[{"field": field, "message": detail}]
    )


def as_int(value: Any) -> int | None:
    """An integer from JSON (bools are not numbers here; 3.0 counts as 3)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None
