"""The exhibitions rules without I/O: codes, transitions, given_at, kiosks, pseudonyms, tallies
and alerts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.exhibitions import domain, domain_feedback, tally
from services.exhibitions.domain import Status
from services.exhibitions.tally import AlertRule, Given
from shared.errors import DomainError

NOW = datetime(2026, 12, 2, 14, 30, 15, 123000, tzinfo=UTC)
FIELDS = ["A", "B"]


def code_of(action) -> str:
    with pytest.raises(DomainError) as err:
        action()
    return err.value.code


def test_codes_are_six_unambiguous_characters_and_lead_to_the_exhibit_page() -> None:
    codes = {domain.new_code() for _ in range(200)}
    assert len(codes) > 190
    assert all(len(c) == 6 and set(c) <= set(domain.CODE_ALPHABET) for c in codes)
    assert not set("IO01") & set(domain.CODE_ALPHABET)
    assert (
        domain.exhibit_url("https://lab.example/", "ABC234") == "https://lab.example/exhibit/ABC234"
    )


def test_an_exhibit_needs_a_configured_field_of_action() -> None:
    exhibit = domain.new_exhibit("e1", "Exponat", "B", "", FIELDS, NOW)
    assert exhibit["field"] == "B" and exhibit["exhibition_id"] == "e1"
    assert code_of(lambda: domain.new_exhibit("e1", "X", "C", "", FIELDS, NOW)) == "unknown-field"


def test_an_exhibition_opens_from_draft_or_closed_and_closes_only_when_open() -> None:
    draft = domain.new_exhibition("Ausstellung", "", NOW)
    assert draft["status"] == "draft"
    assert domain.status_change(draft, Status.OPEN)
    assert domain.status_change({"status": "closed"}, Status.OPEN)
    assert domain.status_change({"status": "open"}, Status.CLOSED)
    assert not domain.status_change({"status": "open"}, Status.OPEN)
    with pytest.raises(DomainError) as err:
        domain.status_change(draft, Status.CLOSED)
    assert err.value.code == "invalid-transition" and err.value.extra["allowed"] == ["open"]


def test_feedback_only_while_open() -> None:
    domain.refuse_unless_open({"status": "open"})
    for status in ("draft", "closed"):
        assert code_of(lambda s=status: domain.refuse_unless_open({"status": s})) == (
            "exhibition-not-open"
        )


def test_given_at_is_now_when_absent_and_utc_to_the_millisecond() -> None:
    assert domain_feedback.given_at_of(None, NOW) == NOW
    given = domain_feedback.given_at_of("2026-12-02T15:29:00.123456+01:00", NOW)
    assert given == datetime(2026, 12, 2, 14, 29, 0, 123000, tzinfo=UTC)
    assert domain_feedback.given_at_of("2026-12-02T14:31:00Z", NOW).tzinfo == UTC


@pytest.mark.parametrize(
    "raw",
    [
        "yesterday",
        "",
        "2026-12-02T14:00:00",  # no offset: whose clock?
        "2026-12-02",
        "2026-12-02T14:31:16Z",  # 61 s ahead
        "2026-11-25T14:30:00Z",  # more than 7 days back
        "9999-12-31T23:59:59Z",
    ],
)
def test_a_bad_given_at_is_a_field_error(raw: str) -> None:
    assert code_of(lambda: domain_feedback.given_at_of(raw, NOW)) == "invalid-given_at"


def test_a_kiosk_rates_only_its_own_exhibit_and_only_while_registered() -> None:
    kiosk = {"_id": "k1", "exhibit_id": "x1", "revoked_at": None}
    domain_feedback.check_kiosk("x1", kiosk, "x1")
    assert code_of(lambda: domain_feedback.check_kiosk("x2", kiosk, "x2")) == "wrong-kiosk"
    assert code_of(lambda: domain_feedback.check_kiosk("x2", None, "x1")) == "wrong-kiosk"
    assert code_of(lambda: domain_feedback.check_kiosk("x1", None, "x1")) == "kiosk-revoked"
    revoked = {**kiosk, "revoked_at": NOW}
    assert code_of(lambda: domain_feedback.check_kiosk("x1", revoked, "x1")) == "kiosk-revoked"


def test_too_soon_says_when_to_try_again() -> None:
    error = domain_feedback.kiosk_too_soon(NOW, NOW + timedelta(seconds=1.2), 5.0)
    assert error.code == "kiosk-interval" and error.extra["retry_after"] == 4
    error = domain_feedback.kiosk_too_soon(NOW, NOW - timedelta(seconds=3), 5.0)
    assert error.extra["retry_after"] == 8


def test_raters_are_keyed_hashes_never_the_subject() -> None:
    key = domain_feedback.rater_key("oecherlab")
    pseudonym = domain_feedback.rater_hash(key, "p:alice")
    assert pseudonym == domain_feedback.rater_hash(key, "p:alice")
    assert "alice" not in pseudonym and len(pseudonym) == 32
    assert pseudonym != domain_feedback.rater_hash(key, "p:bob")
    other = domain_feedback.rater_key("another-audience")
    assert pseudonym != domain_feedback.rater_hash(other, "p:alice")


def test_the_receipt_says_what_happened() -> None:
    plain = domain_feedback.receipt("x1", 4, replaced=False, commented=False)
    assert plain["comment_status"] is None and plain["replaced"] is False
    both = domain_feedback.receipt("x1", 2, replaced=True, commented=True)
    assert both["comment_status"] == "submitted" and "replaced" in both["message"]
    assert "ersetzt" in both["message_de"] and "geprüft" in both["message_de"]


def test_a_new_rating_enters_its_star_hour_and_day() -> None:
    assert tally.rating_deltas(None, Given(4, NOW)) == {
        "count": 1,
        "sum": 4,
        "dist.4": 1,
        "hours.2026-12-02T14.count": 1,
        "hours.2026-12-02T14.sum": 4,
        "days.2026-12-02.count": 1,
        "days.2026-12-02.sum": 4,
    }


def test_a_replaced_rating_moves_between_stars_and_buckets() -> None:
    same_hour = tally.rating_deltas(Given(4, NOW), Given(2, NOW + timedelta(minutes=5)))
    assert same_hour == {
        "sum": -2,
        "dist.2": 1,
        "dist.4": -1,
        "hours.2026-12-02T14.sum": -2,
        "days.2026-12-02.sum": -2,
    }
    next_day = tally.rating_deltas(Given(3, NOW), Given(3, NOW + timedelta(days=1)))
    assert next_day == {
        "hours.2026-12-03T14.count": 1,
        "hours.2026-12-03T14.sum": 3,
        "hours.2026-12-02T14.count": -1,
        "hours.2026-12-02T14.sum": -3,
        "days.2026-12-03.count": 1,
        "days.2026-12-03.sum": 3,
        "days.2026-12-02.count": -1,
        "days.2026-12-02.sum": -3,
    }
    assert tally.rating_deltas(Given(5, NOW), Given(5, NOW)) == {}


def test_series_show_the_last_48_hours_and_every_day_with_ratings() -> None:
    counters = {
        "hours": {
            "2026-11-30T13": {"count": 2, "sum": 6},  # 49 hours back: not shown
            "2026-11-30T15": {"count": 1, "sum": 5},
            "2026-12-02T14": {"count": 3, "sum": 10},
            "2026-12-02T13": {"count": 0, "sum": 0},  # a replaced rating left it
        },
        "days": {"2026-12-02": {"count": 3, "sum": 10}, "2026-11-30": {"count": 3, "sum": 11}},
    }
    assert tally.by_hour(counters, NOW) == [
        {"hour": "2026-11-30T15:00:00Z", "count": 1, "mean": 5.0},
        {"hour": "2026-12-02T14:00:00Z", "count": 3, "mean": 3.33},
    ]
    assert tally.by_day(counters) == [
        {"day": "2026-11-30", "count": 3, "mean": 3.67},
        {"day": "2026-12-02", "count": 3, "mean": 3.33},
    ]
    assert tally.by_hour(None, NOW) == [] and tally.by_day({}) == []
    assert tally.mean(0, 0) is None and tally.mean(7, 3) == 2.33
    assert tally.distribution({"dist": {"2": 1, "5": 3}}) == {
        "1": 0,
        "2": 1,
        "3": 0,
        "4": 0,
        "5": 3,
    }


RULE = AlertRule(window=10, drop=1.0, min_usual=20)


def test_an_alert_needs_a_clear_drop_after_enough_usual_ratings() -> None:
    usual, recent = [4] * 20, [3] * 10
    counters = {"count": 30, "sum": sum(usual) + sum(recent)}
    figures = tally.alert_figures(counters, recent, RULE)
    assert figures == {"recent_mean": 3.0, "usual_mean": 4.0, "recent_count": 10, "dropped": True}
    milder = [3] * 9 + [4]
    counters = {"count": 30, "sum": sum(usual) + sum(milder)}
    assert tally.alert_figures(counters, milder, RULE)["dropped"] is False
    too_few = {"count": 29, "sum": 4 * 19 + 30}
    assert tally.alert_figures(too_few, recent, RULE) is None
    assert tally.alert_figures({"count": 30, "sum": 110}, recent[:9], RULE) is None
    assert not tally.may_judge({"count": 29}, RULE)
    assert tally.may_judge({"count": 30}, RULE) and tally.may_judge({"alert": {}}, RULE)


def test_a_drop_of_exactly_the_threshold_raises() -> None:
    rule = AlertRule(window=5, drop=0.1, min_usual=10)
    # usual 3.3 (33 / 10), recent 3.2 (16 / 5): in binary floats 3.3 - 3.2 < 0.1.
    assert 3.3 - 3.2 < 0.1
    figures = tally.alert_figures({"count": 15, "sum": 49}, [4, 3, 3, 3, 3], rule)
    assert figures["dropped"] is True and figures["usual_mean"] == 3.3
    assert tally.alert_figures({"count": 15, "sum": 50}, [4, 3, 3, 3, 3], rule)["dropped"]
    assert not tally.alert_figures({"count": 15, "sum": 48}, [4, 3, 3, 3, 3], rule)["dropped"]
