"""Voting rules without I/O: poll settings, choices of every type, controls, word normalisation."""

from datetime import UTC, datetime, timedelta

import pytest

from services.voting import domain
from services.voting.api import STATUSES
from services.voting.domain import DomainError, PollType
from services.voting.words import normalise_answer
from shared.problems import status_of

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def poll(kind: str, labels=None, **settings):
    return domain.new_poll(
        session_id="s1",
        question="Frage?",
        kind=PollType(kind),
        labels=labels,
        settings=settings,
        order=0,
        now=NOW,
    )


def refused(p, choice) -> DomainError:
    with pytest.raises(DomainError) as err:
        domain.check_choice(p, choice)
    assert edge_status(err.value) == 422
    return err.value


def test_single_accepts_one_option_id_only():
    p = poll("single", ["Rot", "Grün", "Blau"])
    assert [o["id"] for o in p["options"]] == ["o1", "o2", "o3"]
    assert domain.check_choice(p, "o2") == "o2"
    for bad in ("o4", ["o1"], 1, None, True):
        refused(p, bad)


def test_multiple_respects_max_choices_and_orders_choices():
    p = poll("multiple", ["A", "B", "C", "D"], max_choices=2)
    assert domain.check_choice(p, ["o3", "o1"]) == ["o1", "o3"]
    assert "2" in refused(p, ["o1", "o2", "o3"]).detail
    for bad in ([], ["o1", "o1"], ["o9"], "o1", [1]):
        refused(p, bad)
    assert poll("multiple", ["A", "B", "C"])["settings"]["max_choices"] == 3
    with pytest.raises(DomainError):
        poll("multiple", ["A", "B"], max_choices=3)


def test_scale_takes_whole_numbers_within_its_bounds():
    p = poll("scale", min=0, max=10, min_label="gar nicht", max_label="sehr")
    assert p["options"] == [] and p["settings"]["max_label"] == "sehr"
    assert domain.check_choice(p, 0) == 0
    assert domain.check_choice(p, 10.0) == 10
    for bad in (-1, 11, 2.5, "5", True, None):
        refused(p, bad)
    assert poll("scale")["settings"] | {} == {
        "results": "hidden",
        "timer_s": None,
        "allow_change": True,
        "min": 1,
        "max": 5,
        "min_label": "",
        "max_label": "",
    }
    for lo, hi in ((5, 5), (6, 1), (0, 50)):
        with pytest.raises(DomainError):
            poll("scale", min=lo, max=hi)


def test_wordcloud_normalises_answers_and_refuses_empty_ones():
    p = poll("wordcloud")
    assert domain.check_choice(p, "  Mehr BÄUME!! ") == "bäume"
    assert domain.check_choice(p, "E-Mobilität für alle") == "e-mobilität"
    for bad in ("", "   ", "und die der", "x" * 61, 5):
        refused(p, bad)
    with pytest.raises(DomainError):
        poll("wordcloud", ["A", "B"])


def test_points_spread_a_budget():
    p = poll("points", ["A", "B", "C"], budget=10)
    assert domain.check_choice(p, {"o1": 7, "o3": 3, "o2": 0}) == {"o1": 7, "o3": 3}
    assert domain.check_choice(p, {"o2": 1.0}) == {"o2": 1}
    for bad in ({"o1": 11}, {"o1": 6, "o2": 5}, {}, {"o1": 0}, {"o1": -1, "o2": 3}, {"o9": 1}):
        refused(p, bad)
    refused(p, ["o1"])
    refused(p, {"o1": 1.5})


def test_ranking_needs_every_option_once():
    p = poll("ranking", ["A", "B", "C"])
    assert domain.check_choice(p, ["o3", "o1", "o2"]) == ["o3", "o1", "o2"]
    for bad in (["o1", "o2"], ["o1", "o1", "o2"], ["o1", "o2", "o3", "o4"], "o1", [1, 2, 3]):
        refused(p, bad)


@pytest.mark.parametrize(
    "kind, labels",
    [("single", ["A"]), ("single", ["A", "a"]), ("ranking", [str(i) for i in range(13)])],
)
def test_option_types_need_two_to_twelve_distinct_options(kind, labels):
    with pytest.raises(DomainError) as err:
        poll(kind, labels)
    assert edge_status(err.value) == 422


def test_open_close_reveal_reset_move_the_poll_along():
    p = poll("single", ["A", "B"], timer_s=30)
    assert edge_status(domain.vote_refusal(p, NOW)) == 409  # a draft takes no votes
    p |= domain.control(p, "open", NOW)
    assert p["status"] == "open" and p["closes_at"] == NOW + timedelta(seconds=30)
    assert domain.vote_refusal(p, NOW) is None
    with pytest.raises(DomainError):
        domain.control(p, "open", NOW)
    p |= domain.control(p, "close", NOW + timedelta(seconds=5))
    assert p["status"] == "closed" and domain.vote_refusal(p, NOW).code == "poll-closed"
    with pytest.raises(DomainError):
        domain.control(p, "close", NOW)
    p |= domain.control(p, "reveal", NOW)
    assert p["revealed"] and domain.results_visible(p)
    p |= domain.control(p, "reset", NOW)
    assert (p["status"], p["revealed"], p["round"]) == ("draft", False, 1)
    assert edge_status(domain.vote_refusal(None, NOW)) == 404


def test_the_deadline_closes_a_poll_even_before_the_timer_task_runs():
    p = poll("single", ["A", "B"], timer_s=10)
    p |= domain.control(p, "open", NOW)
    assert domain.effective_status(p, NOW + timedelta(seconds=9.9)) == "open"
    late = NOW + timedelta(seconds=10)
    assert domain.effective_status(p, late) == "closed"
    assert edge_status(domain.vote_refusal(p, late)) == 409
    # Reopening a timed-out poll starts a new timer.
    p |= domain.control(p, "open", late)
    assert domain.vote_refusal(p, late) is None


def test_results_are_hidden_until_reveal_unless_live():
    assert not domain.results_visible(poll("single", ["A", "B"]))
    assert domain.results_visible(poll("single", ["A", "B"], results="live"))


def test_join_codes_avoid_ambiguous_characters():
    codes = {domain.new_join_code() for _ in range(200)}
    assert len(codes) > 190
    assert all(len(c) == 6 and not set(c) & set("IO01") for c in codes)


@pytest.mark.parametrize(
    "text, term",
    [
        ("Bäume", "bäume"),
        ("mehr Bäume pflanzen!", "bäume pflanzen"),
        ("Der, die, das: Radweg.", "radweg"),
        ("ÖPNV", "öpnv"),
        ("Straße", "straße"),
        ("a.b$c", "b c"),
        ("eins zwei drei vier", "eins zwei drei"),
        ("und oder aber", ""),
    ],
)
def test_words_are_normalised_with_german_stop_words_removed(text, term):
    assert normalise_answer(text) == term


def edge_status(error) -> int:
    """The HTTP status the voting service answers a broken rule with."""
    return status_of(error, STATUSES)
