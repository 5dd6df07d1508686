"""A new poll, free of I/O: its options, its settings with their defaults, its stored form."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from services.voting.poll_types import MAX_OPTIONS, MIN_OPTIONS, OPTION_TYPES, PollType, invalid


def new_id() -> str:
    """A short random id for a session or a poll."""
    return uuid.uuid4().hex[:12]


def poll_settings(kind: PollType, given: dict[str, Any], n_options: int) -> dict[str, Any]:
    """The complete settings of a new poll: defaults filled in, cross-field rules checked."""
    s: dict[str, Any] = {
        "results": given.get("results") or "hidden",
        "timer_s": given.get("timer_s"),
        "allow_change": given.get("allow_change", True),
    }
    if kind == PollType.MULTIPLE:
        s["max_choices"] = given.get("max_choices") or n_options
        if not 1 <= s["max_choices"] <= n_options:
            raise invalid(
                "max_choices must be between 1 and the number of options.",
                "Die Höchstzahl an Antworten passt nicht zu den Optionen.",
                "settings",
            )
    elif kind == PollType.SCALE:
        lo, hi = given.get("min", 1), given.get("max", 5)
        lo, hi = (1 if lo is None else lo), (5 if hi is None else hi)
        if not (-10 <= lo < hi <= 100 and hi - lo <= 20):
            raise invalid(
                "A scale needs min < max, at most 20 steps apart (e.g. 1–5 or 0–10).",
                "Die Skala braucht min < max, höchstens 20 Stufen.",
                "settings",
            )
        s.update(
            min=lo,
            max=hi,
            min_label=given.get("min_label") or "",
            max_label=given.get("max_label") or "",
        )
    elif kind == PollType.POINTS:
        s["budget"] = given.get("budget") or 10
        if not 1 <= s["budget"] <= 1000:
            raise invalid(
                "budget must be between 1 and 1000 points.",
                "Das Punktebudget muss zwischen 1 und 1000 liegen.",
                "settings",
            )
    return s


def _check_labels(kind: PollType, labels: list[str]) -> None:
    if kind in OPTION_TYPES:
        if not MIN_OPTIONS <= len(labels) <= MAX_OPTIONS:
            raise invalid(
                f"A {kind.value} poll needs {MIN_OPTIONS} to {MAX_OPTIONS} options.",
                "Bitte 2 bis 12 Antwortmöglichkeiten angeben.",
                "options",
            )
        if len({label.casefold() for label in labels}) != len(labels):
            raise invalid(
                "Options must differ from each other.",
                "Die Antwortmöglichkeiten müssen sich unterscheiden.",
                "options",
            )
    elif labels:
        raise invalid(
            f"A {kind.value} poll has no options.",
            "Diese Art von Umfrage hat keine Antwortmöglichkeiten.",
            "options",
        )


def new_poll(
    *,
    session_id: str,
    question: str,
    kind: PollType,
    labels: list[str] | None,
    settings: dict[str, Any],
    order: int,
    now: datetime,
) -> dict[str, Any]:
    """The stored form of a prepared poll (status draft)."""
    labels = labels or []
    _check_labels(kind, labels)
    options = [{"id": f"o{i + 1}", "label": label} for i, label in enumerate(labels)]
    return {
        "_id": new_id(),
        "session_id": session_id,
        "question": question,
        "type": kind.value,
        "options": options,
        "settings": poll_settings(kind, settings, len(options)),
        "status": "draft",
        "revealed": False,
        "round": 0,
        "opened_at": None,
        "closes_at": None,
        "approved_words": [],
        "order": order,
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }
