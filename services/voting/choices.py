"""Whether a vote's choice fits its poll, free of I/O; the normalised choice is what is stored."""

from __future__ import annotations

from typing import Any

from services.voting.poll_types import PollType, as_int, invalid
from services.voting.words import normalise_answer


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
        return _check_multiple(choice, ids, s["max_choices"])
    if kind == PollType.SCALE:
        value = as_int(choice)
        if value is None or not s["min"] <= value <= s["max"]:
            raise invalid(
                f"Give a whole number from {s['min']} to {s['max']}.",
                f"Bitte eine Zahl von {s['min']} bis {s['max']} wählen.",
            )
        return value
    if kind == PollType.WORDCLOUD:
        return _check_words(choice)
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


def _check_multiple(choice: Any, ids: list[str], max_choices: int) -> list[str]:
    if not (
        isinstance(choice, list)
        and choice
        and all(c in ids for c in choice)
        and all(isinstance(c, str) for c in choice)
        and len(set(choice)) == len(choice)
    ):
        raise invalid("Choose one or more different options.", "Bitte Antworten wählen.")
    if len(choice) > max_choices:
        raise invalid(
            f"Choose at most {max_choices} options.",
            f"Bitte höchstens {max_choices} Antworten wählen.",
        )
    return sorted(choice, key=ids.index)


def _check_words(choice: Any) -> str:
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


def _check_points(choice: Any, ids: list[str], budget: int) -> dict[str, int]:
    if not isinstance(choice, dict) or not all(k in ids for k in choice):
        raise invalid(
            "Give points as {option id: points}.", "Bitte Punkte auf Antworten verteilen."
        )
    points = {k: as_int(v) for k, v in choice.items()}
    if any(v is None or v < 0 for v in points.values()):
        raise invalid("Points are whole numbers, 0 or more.", "Punkte sind ganze Zahlen ab 0.")
    total = sum(v for v in points.values() if v)
    if not 1 <= total <= budget:
        raise invalid(
            f"Spread between 1 and {budget} points.", f"Bitte 1 bis {budget} Punkte verteilen."
        )
    return {k: points[k] for k in ids if points.get(k)}
