"""The pure rules of a session's life (services/voting/session_rules.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from services.voting import session_rules as rules
from services.voting.api import STATUSES
from services.voting.api_sessions import code_answer
from shared.problems import status_of

NOW = datetime(2025, 5, 1, 12, tzinfo=UTC)


def test_a_lock_keeps_newcomers_out_but_not_members():
    locked = {"locked": True, "ended_at": None}
    assert status_of(rules.join_refusal(locked, member=False), STATUSES) == 423
    assert rules.join_refusal(locked, member=True) is None
    assert rules.code_refusal(locked).code == "session-locked"
    assert rules.status(locked) == "locked"


def test_an_ended_session_refuses_everyone_and_its_code_is_gone():
    ended = {"locked": False, "ended_at": NOW}
    for member in (False, True):
        assert rules.join_refusal(ended, member=member).code == "session-ended"
    assert code_answer(rules.code_refusal(ended)).status == 404  # as the code route answers
    assert rules.status(ended) == "ended"


def test_sessions_stored_before_locking_existed_are_open():
    old = {"created_at": NOW, "updated_at": NOW}
    assert rules.status(old) == "open" and rules.join_refusal(old, member=False) is None
    assert rules.last_active(old) == NOW


def test_the_idle_sweep_runs_often_enough_but_not_constantly():
    assert rules.idle_sweep_interval_s(24 * 3600) == 60.0
    assert rules.idle_sweep_interval_s(1) == 0.5
