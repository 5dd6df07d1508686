"""Rules of a workshop session's life, free of I/O: who may join, when its code resolves, when
it has ended.

A session is open, then possibly locked (no new members) and unlocked again, and finally ended
(by its moderator, or by itself after a time without activity). An ended session stays ended:
its code no longer resolves, nobody joins, and no poll of it opens again.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from shared.errors import DomainError


def is_ended(session: dict[str, Any]) -> bool:
    """Ended by its moderator or for idleness; for good."""
    return session.get("ended_at") is not None


def is_locked(session: dict[str, Any]) -> bool:
    """Locked: no new members until unlocked."""
    return bool(session.get("locked"))


def status(session: dict[str, Any]) -> str:
    """ "ended", "locked" or "open" (sessions stored before locking existed are open)."""
    if is_ended(session):
        return "ended"
    return "locked" if is_locked(session) else "open"


def last_active(session: dict[str, Any]) -> datetime:
    """The latest activity recorded on the session document itself."""
    stamps = [session.get(k) for k in ("created_at", "updated_at", "active_at")]
    return max(s for s in stamps if s is not None)


def idle_sweep_interval_s(max_idle_s: float) -> float:
    """How often to look for idle sessions: a tenth of the allowance, between 0.5 s and 1 min."""
    return min(60.0, max(0.5, max_idle_s / 10))


def idle_cutoff(now: datetime, max_idle_s: float) -> datetime:
    """Sessions without activity since this moment have been idle too long."""
    return now - timedelta(seconds=max_idle_s)


def _locked() -> DomainError:
    return DomainError(
        "The workshop is closed to new participants at the moment.",
        "Der Workshop ist gerade geschlossen für neue Teilnehmende.",
        "session-locked",
        title="Locked",
    )


def join_refusal(session: dict[str, Any], *, member: bool) -> DomainError | None:
    """Why this participant cannot join now, or None.

    A lock keeps newcomers out, not those already in: joining again (a retry, a reloaded phone)
    must give the same answer as the first time.
    """
    if is_ended(session):
        return DomainError(
            "This workshop has ended.", "Dieser Workshop ist beendet.", "session-ended"
        )
    if is_locked(session) and not member:
        return _locked()
    return None


def code_refusal(session: dict[str, Any]) -> DomainError | None:
    """Why the session's join code does not lead into it now, or None."""
    if is_ended(session):
        # 404 like an unknown code (it no longer resolves), with its own reason for the phone.
        return DomainError(
            "This workshop has ended; its code is no longer valid.",
            "Dieser Workshop ist beendet; sein Code gilt nicht mehr.",
            "session-ended",
        )
    if is_locked(session):
        return _locked()
    return None


def locking(locked: bool, now: datetime) -> dict[str, Any]:
    """The fields a lock (or an unlock) sets on a session."""
    return {"locked": locked, "updated_at": now}


def ending(reason: str, now: datetime) -> dict[str, Any]:
    """The fields that end a session for good; `reason` is "moderator" or "idle"."""
    return {"ended_at": now, "ended_reason": reason, "updated_at": now}


def refuse_if_ended(session: dict[str, Any]) -> None:
    """Raise for a change (lock, new poll, opening or resetting a poll) to an ended session."""
    if is_ended(session):
        raise DomainError(
            "This workshop has ended and cannot be changed any more.",
            "Dieser Workshop ist beendet und lässt sich nicht mehr ändern.",
            "session-ended",
        )


def wrong_session() -> DomainError:
    """The 403 for a participant token bound to another session, or to none."""
    return DomainError(
        "This token belongs to another workshop (or to none); join with the code first.",
        "Bitte zuerst mit dem Code diesem Workshop beitreten.",
        "not-in-session",
    )
