"""The fair leaderboard against a table worked by hand.

Rubric: two criteria of equal weight, so a juror's total is the mean of the two scores.

    juror   project   scores   total
    L       P1        5, 5     5.0      L is lenient: everything between 4 and 5
    L       P2        5, 4     4.5
    L       P3        4, 4     4.0
    S       P1        3, 3     3.0      S is strict and spreads widely
    S       P2        4, 4     4.0
    S       P3        1, 1     1.0

Raw means: P1 (5.0 + 3.0) / 2 = 4.0, P2 (4.5 + 4.0) / 2 = 4.25, P3 2.5, so by raw means P2 wins:
S's wide spread decides.

z-scores (population standard deviation):
    L: mean 4.5, sd sqrt((0.25 + 0 + 0.25) / 3) = 0.408248
       P1 +1.224745, P2 0, P3 -1.224745
    S: mean 2.666667, sd sqrt((0.111111 + 1.777778 + 2.777778) / 3) = 1.247219
       P1 +0.267261, P2 +1.069045, P3 -1.336306
    P1 (1.224745 + 0.267261) / 2 = 0.746003
    P2 (0 + 1.069045) / 2 = 0.534522
    P3 (-1.2247449 - 1.3363062) / 2 = -1.280526

Normalised, P1 wins: both jurors put P1 above P3 by a clear margin in their own terms, and L
(whose whole range is 4 to 5) ranks P1 first.
"""

from __future__ import annotations

import pytest

from services.hackathons import scoring
from shared.errors import DomainError

RUBRIC = [{"name": "Nutzen", "weight": 1.0}, {"name": "Umsetzung", "weight": 1.0}]
TABLE = {
    ("L", "P1"): (5, 5),
    ("L", "P2"): (5, 4),
    ("L", "P3"): (4, 4),
    ("S", "P1"): (3, 3),
    ("S", "P2"): (4, 4),
    ("S", "P3"): (1, 1),
}


def cards(table=TABLE):
    return [
        {"juror": j, "team_id": p, "scores": {"Nutzen": a, "Umsetzung": b}}
        for (j, p), (a, b) in table.items()
    ]


def test_the_normalised_order_differs_from_the_raw_means_as_worked_by_hand():
    ranking = scoring.standings(RUBRIC, cards(), ["P1", "P2", "P3"])
    assert [s.team_id for s in ranking] == ["P1", "P2", "P3"]
    assert [s.rank for s in ranking] == [1, 2, 3]
    assert [round(s.score, 6) for s in ranking] == [0.746003, 0.534522, -1.280526]
    raw = {s.team_id: s.raw_mean for s in ranking}
    assert raw == {"P1": 4.0, "P2": 4.25, "P3": 2.5}
    assert max(raw, key=raw.get) == "P2"  # the raw means would have crowned P2


def test_a_lenient_and_a_strict_juror_weigh_the_same():
    # The same judgement, once on 4..5 and once on 1..5: each juror alone gives the same z-scores.
    lenient = scoring.z_scores({"A": 5.0, "B": 4.5, "C": 4.0})
    strict = scoring.z_scores({"A": 5.0, "B": 3.0, "C": 1.0})
    assert lenient == pytest.approx(strict)


def test_weights_count_and_equal_scores_share_a_rank_with_a_gap_after():
    rubric = [{"name": "Nutzen", "weight": 3.0}, {"name": "Umsetzung", "weight": 1.0}]
    assert scoring.weighted_total(rubric, {"Nutzen": 5, "Umsetzung": 1}) == 4.0
    table = {("J", "A"): (5, 5), ("J", "B"): (3, 3), ("J", "C"): (3, 3), ("J", "D"): (1, 1)}
    ranking = scoring.standings(RUBRIC, cards(table), ["A", "B", "C", "D", "E"])
    assert [(s.team_id, s.rank, s.tied) for s in ranking] == [
        ("A", 1, False),
        ("B", 2, True),
        ("C", 2, True),
        ("D", 4, False),
        ("E", None, False),  # nobody scored E: last, without a rank
    ]


def test_a_juror_who_gives_everyone_the_same_moves_nobody():
    table = {**TABLE, ("F", "P1"): (3, 3), ("F", "P2"): (3, 3), ("F", "P3"): (3, 3)}
    ranking = scoring.standings(RUBRIC, cards(table), ["P1", "P2", "P3"])
    assert [s.team_id for s in ranking] == ["P1", "P2", "P3"]
    assert ranking[0].jurors == 3


def test_scores_must_cover_the_rubric_with_whole_numbers_from_1_to_5():
    assert scoring.check_scores(RUBRIC, {"Umsetzung": 2, "Nutzen": 5}) == {
        "Nutzen": 5,
        "Umsetzung": 2,
    }
    for bad in (
        {"Nutzen": 5},
        {"Nutzen": 5, "Umsetzung": 6},
        {"Nutzen": 5, "Umsetzung": True},
        {"Nutzen": 5, "Umsetzung": 2, "Design": 3},
    ):
        with pytest.raises(DomainError) as refused:
            scoring.check_scores(RUBRIC, bad)
        assert refused.value.code == "bad-scores"


def test_audience_ranks_share_places():
    assert scoring.audience_ranks({"a": 4, "b": 3, "c": 3, "d": 0}) == {
        "a": 1,
        "b": 2,
        "c": 2,
        "d": 4,
    }
