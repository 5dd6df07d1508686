"""The jury's scores and the leaderboard, free of I/O (README "How the leaderboard is fair").

Jurors differ in how they use a 1–5 scale: one gives 4 and 5 to everything, another 1 to 3.
Averaging raw scores lets the juror with the wider spread decide. Each juror's totals are
therefore standardised first (z-scores), and a project's score is the mean of its z-scores.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from statistics import fmean, pstdev

from shared.errors import DomainError

Doc = dict

METHOD = (
    "Each juror's weighted scores are turned into z-scores (how far a project lies from that "
    "juror's own mean, in that juror's own spread), so strict and lenient jurors weigh the same; "
    "a project's score is the mean of its z-scores."
)
METHOD_DE = (
    "Die gewichteten Bewertungen jeder Jurorin und jedes Jurors werden in z-Werte umgerechnet "
    "(Abstand vom eigenen Mittelwert in der eigenen Streuung), so zählen strenge und milde "
    "Jurymitglieder gleich viel; der Wert eines Projekts ist der Mittelwert seiner z-Werte."
)
# Scores equal to this many decimals share a rank.
TIE_DECIMALS = 6


def check_scores(rubric: list[Doc], scores: dict[str, int]) -> dict[str, int]:
    """The scores of one project, one 1..5 per criterion of the rubric, by name."""
    names = [c["name"] for c in rubric]
    missing = [n for n in names if n not in scores]
    unknown = [n for n in scores if n not in names]
    bad = [n for n, v in scores.items() if n in names and (type(v) is not int or not 1 <= v <= 5)]
    if missing or unknown or bad:
        raise DomainError(
            "Score every criterion of the rubric with a whole number from 1 to 5.",
            "Bitte jedes Kriterium mit einer ganzen Zahl von 1 bis 5 bewerten.",
            "bad-scores",
            missing=missing,
            unknown=unknown,
            out_of_range=bad,
        )
    return {n: scores[n] for n in names}


def weighted_total(rubric: list[Doc], scores: dict[str, int]) -> float:
    """A juror's total for one project: the weighted mean of its criteria (1..5)."""
    weights = sum(c["weight"] for c in rubric)
    return sum(c["weight"] * scores[c["name"]] for c in rubric) / weights


def z_scores(totals: dict[str, float]) -> dict[str, float]:
    """One juror's totals by project as z-scores (population deviation; all equal → 0)."""
    values = list(totals.values())
    mean = fmean(values)
    spread = pstdev(values) if len(values) > 1 else 0.0
    if spread == 0:
        return {p: 0.0 for p in totals}
    return {p: (t - mean) / spread for p, t in totals.items()}


@dataclass(frozen=True)
class Standing:
    """One project's place: its normalised score, its raw mean and how many jurors scored it."""

    team_id: str
    score: float | None
    raw_mean: float | None
    jurors: int
    rank: int | None = None
    tied: bool = False


def standings(rubric: list[Doc], cards: list[Doc], team_ids: list[str]) -> list[Standing]:
    """The ranking of `team_ids` from score cards ({team_id, juror, scores}), best first.

    Equal scores share the rank (1, 2, 2, 4); teams no juror scored come last without a rank.
    """
    by_juror: dict[str, dict[str, float]] = defaultdict(dict)
    for card in cards:
        if card["team_id"] in team_ids and card.get("scores"):
            by_juror[card["juror"]][card["team_id"]] = weighted_total(rubric, card["scores"])
    zs: dict[str, list[float]] = defaultdict(list)
    raws: dict[str, list[float]] = defaultdict(list)
    for totals in by_juror.values():
        for team_id, z in z_scores(totals).items():
            zs[team_id].append(z)
            raws[team_id].append(totals[team_id])
    scored = sorted(
        (Standing(t, fmean(zs[t]), fmean(raws[t]), len(zs[t])) for t in team_ids if zs[t]),
        key=lambda s: (-round(s.score or 0.0, TIE_DECIMALS), s.team_id),
    )
    ranked = _ranked(scored)
    unscored = [Standing(t, None, None, 0) for t in sorted(team_ids) if not zs[t]]
    return ranked + unscored


def _ranked(scored: list[Standing]) -> list[Standing]:
    keys = [round(s.score or 0.0, TIE_DECIMALS) for s in scored]
    result = []
    for i, s in enumerate(scored):
        rank = keys.index(keys[i]) + 1
        tied = keys.count(keys[i]) > 1
        result.append(Standing(s.team_id, s.score, s.raw_mean, s.jurors, rank, tied))
    return result


def audience_ranks(votes: dict[str, int]) -> dict[str, int]:
    """Ranks by audience votes per team (equal votes share a rank)."""
    counts = sorted(set(votes.values()), reverse=True)
    above = {c: sum(1 for v in votes.values() if v > c) for c in counts}
    return {team_id: above[v] + 1 for team_id, v in votes.items()}
