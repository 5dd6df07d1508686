"""The time of a change, as every service stores it."""

from __future__ import annotations

from datetime import UTC, datetime


def now_ms() -> datetime:
    """Now, to the millisecond: what MongoDB stores, so memory and the database agree."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)
