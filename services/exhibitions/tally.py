"""The exact counters of an exhibit's ratings and what follows from them, free of I/O.

Each exhibit has one counters document: count, sum, the distribution of 1..5 and count and sum
per UTC hour and day of `given_at`. A rating changes it by `rating_deltas` in the transaction
that stores the rating, so the summaries never drift from the ratings; a replaced rating leaves
its old star and buckets and enters the new ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any

Doc = dict[str, Any]
STARS = ("1", "2", "3", "4", "5")
HOURS_SHOWN = 48


@dataclass(frozen=True)
class Given:
    """One rating as the counters see it."""

    rating: int
    given_at: datetime


def hour_key(at: datetime) -> str:
    """The hour bucket (no dots: it is a MongoDB field name)."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H")


def day_key(at: datetime) -> str:
    """The day bucket."""
    return at.astimezone(UTC).strftime("%Y-%m-%d")


def rating_deltas(previous: Given | None, new: Given) -> dict[str, int]:
    """What to add to the counters (dotted paths) for `new`, replacing `previous` if given.

    Paths that meet (the same hour before and after) are summed, since one update may not name a
    path twice; zero deltas are left out."""
    deltas: dict[str, int] = {}

    def add(given: Given, sign: int) -> None:
        for path, amount in (
            ("count", 1),
            ("sum", given.rating),
            (f"dist.{given.rating}", 1),
            (f"hours.{hour_key(given.given_at)}.count", 1),
            (f"hours.{hour_key(given.given_at)}.sum", given.rating),
            (f"days.{day_key(given.given_at)}.count", 1),
            (f"days.{day_key(given.given_at)}.sum", given.rating),
        ):
            deltas[path] = deltas.get(path, 0) + sign * amount

    add(new, 1)
    if previous is not None:
        add(previous, -1)
    return {path: amount for path, amount in deltas.items() if amount}


def removal_deltas(given: Given) -> dict[str, int]:
    """What to add to the counters when a rating is deleted: it leaves every count it was in."""
    return {path: -amount for path, amount in rating_deltas(None, given).items()}


def mean(total: int, count: int) -> float | None:
    """The mean to two decimals; None without ratings."""
    return round(total / count, 2) if count else None


def distribution(counters: Doc | None) -> dict[str, int]:
    """How many ratings of each star ("1".."5")."""
    dist = (counters or {}).get("dist", {})
    return {star: int(dist.get(star, 0)) for star in STARS}


def by_hour(counters: Doc | None, now: datetime) -> list[dict[str, Any]]:
    """The hours of the last 48 that have ratings, oldest first."""
    since = hour_key(now - timedelta(hours=HOURS_SHOWN - 1))
    return [
        {"hour": f"{key}:00:00Z", "count": c, "mean": mean(s, c)}
        for key, c, s in _buckets(counters, "hours")
        if key >= since
    ]


def by_day(counters: Doc | None) -> list[dict[str, Any]]:
    """Every day with ratings, oldest first."""
    return [
        {"day": key, "count": c, "mean": mean(s, c)} for key, c, s in _buckets(counters, "days")
    ]


def _buckets(counters: Doc | None, name: str) -> list[tuple[str, int, int]]:
    # A bucket a replaced rating left is kept at 0 rather than removed: skip it.
    found = (counters or {}).get(name, {})
    return sorted((k, v["count"], v["sum"]) for k, v in found.items() if v.get("count", 0) > 0)


@dataclass(frozen=True)
class AlertRule:
    """When an exhibit's recent ratings count as a clear drop (settings EXHIBIT_ALERT_*)."""

    window: int
    drop: float
    min_usual: int


def alert_figures(counters: Doc, recent: list[int], rule: AlertRule) -> dict[str, Any] | None:
    """The means behind an alert, or None while there are too few ratings to judge (fewer than
    `window` + `min_usual`). `recent` are the latest ratings, newest first; `dropped` says
    whether the last `window` of them average at least `drop` below all ratings before them:
    an alert is raised when it turns true and cleared when it turns false again."""
    count, total = int(counters.get("count", 0)), int(counters.get("sum", 0))
    usual_count = count - rule.window
    if len(recent) < rule.window or usual_count < rule.min_usual:
        return None
    recent_sum = sum(recent[: rule.window])
    # Fractions: "exactly 1.0 below" must raise, whatever binary floats make of the means.
    usual = Fraction(total - recent_sum, usual_count)
    latest = Fraction(recent_sum, rule.window)
    return {
        "recent_mean": round(float(latest), 2),
        "usual_mean": round(float(usual), 2),
        "recent_count": rule.window,
        "dropped": usual - latest >= Fraction(str(rule.drop)),
    }


def may_judge(counters: Doc, rule: AlertRule) -> bool:
    """Whether there are enough ratings to judge a drop, or an alert is open (which may clear):
    before that, the latest ratings need not even be read."""
    return counters.get("alert") is not None or counters.get("count", 0) >= (
        rule.window + rule.min_usual
    )
