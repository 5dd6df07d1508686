"""Rules of live voting, free of I/O: poll types, settings, choices and what a vote adds up to."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from services.voting.words import normalise_answer
from shared.errors import DomainError


class PollType(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    SCALE = "scale"
    WORDCLOUD = "wordcloud"
    POINTS = "points"
    RANKING = "ranking"


# Types whose votes pick among the poll's options.
OPTION_TYPES = {PollType.SINGLE, PollType.MULTIPLE, PollType.POINTS, PollType.RANKING}
MIN_OPTIONS, MAX_OPTIONS = 2, 12
JOIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I/1, O/0: read aloud and typed on phones


def invalid(detail: str, detail_de: str, field: str = "choice") -> DomainError:
    return DomainError(
        detail, detail_de, "invalid-" + field, errors=[{"field": field, "message": detail}]
    )


def new_join_code(length: int = 6) -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(length))


def new_id() -> str:
    return uuid.uuid4().hex[:12]


def _int(value: Any) -> int | None:
    """An integer from JSON (bools are not numbers here; 3.0 counts as 3)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


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


def effective_status(poll: dict[str, Any], now: datetime) -> str:
    """ "closed" once the timer's deadline has passed, even before the timer task has run."""
    closes_at = poll.get("closes_at")
    if poll["status"] == "open" and closes_at is not None and now >= closes_at:
        return "closed"
    return poll["status"]


def results_visible(poll: dict[str, Any]) -> bool:
    return poll["settings"]["results"] == "live" or poll["revealed"]


def control(poll: dict[str, Any], action: str, now: datetime) -> dict[str, Any]:
    """The fields a moderator's action (open, close, reveal, reset) sets on a poll."""
    status = effective_status(poll, now)
    if action == "open":
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
    if action == "close":
        if status != "open":
            raise DomainError(
                "Only an open poll can be closed.",
                "Nur eine laufende Umfrage kann beendet werden.",
                "not-open",
            )
        return {"status": "closed", "closes_at": min(poll.get("closes_at") or now, now)}
    if action == "reveal":
        return {"revealed": True, "status": status}
    if action == "reset":
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


def check_choice(poll: dict[str, Any], choice: Any) -> Any:
    """The normalised choice of a vote, or DomainError 422 for one that does not fit the poll."""
    kind = PollType(poll["type"])
    ids = [o["id"] for o in poll["options"]]
    s = poll["settings"]
    if kind == PollType.SINGLE:
        if choice not in ids or not isinstance(choice, str):
            raise invalid("Choose one of the poll's options.", "Bitte eine Antwort wählen.")
        return choice
    if kind == PollType.MULTIPLE:
        if not (
            isinstance(choice, list)
            and choice
            and all(c in ids for c in choice)
            and all(isinstance(c, str) for c in choice)
            and len(set(choice)) == len(choice)
        ):
            raise invalid("Choose one or more different options.", "Bitte Antworten wählen.")
        if len(choice) > s["max_choices"]:
            raise invalid(
                f"Choose at most {s['max_choices']} options.",
                f"Bitte höchstens {s['max_choices']} Antworten wählen.",
            )
        return sorted(choice, key=ids.index)
    if kind == PollType.SCALE:
        value = _int(choice)
        if value is None or not s["min"] <= value <= s["max"]:
            raise invalid(
                f"Give a whole number from {s['min']} to {s['max']}.",
                f"Bitte eine Zahl von {s['min']} bis {s['max']} wählen.",
            )
        return value
    if kind == PollType.WORDCLOUD:
        if not isinstance(choice, str) or not 1 <= len(choice.strip()) <= 60:
            raise invalid(
                "Write a short answer (up to 60 characters).",
                "Bitte eine kurze Antwort schreiben (bis 60 Zeichen).",
            )
        term = normalise_answer(choice)
        if not term:
            raise invalid(
                "Write a word that says something (not only filler words).",
                "Bitte ein aussagekräftiges Wort schreiben.",
            )
        return term
    if kind == PollType.POINTS:
        return _check_points(choice, ids, s["budget"])
    if not (
        isinstance(choice, list)
        and sorted(map(str, choice)) == sorted(ids)
        and all(isinstance(c, str) for c in choice)
    ):
        raise invalid(
            "Put every option in your order of preference, each once.",
            "Bitte alle Antworten in eine Reihenfolge bringen.",
        )
    return list(choice)


def _check_points(choice: Any, ids: list[str], budget: int) -> dict[str, int]:
    if not isinstance(choice, dict) or not all(k in ids for k in choice):
        raise invalid(
            "Give points as {option id: points}.", "Bitte Punkte auf Antworten verteilen."
        )
    points = {k: _int(v) for k, v in choice.items()}
    if any(v is None or v < 0 for v in points.values()):
        raise invalid("Points are whole numbers, 0 or more.", "Punkte sind ganze Zahlen ab 0.")
    total = sum(v for v in points.values() if v)
    if not 1 <= total <= budget:
        raise invalid(
            f"Spread between 1 and {budget} points.", f"Bitte 1 bis {budget} Punkte verteilen."
        )
    return {k: points[k] for k in ids if points.get(k)}
