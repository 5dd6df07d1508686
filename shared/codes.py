"""Short codes people read aloud and type on phones (join codes, exhibit codes)."""

from __future__ import annotations

import secrets

# No I/1 or O/0: they are mixed up when read aloud or typed.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def random_code(length: int = 6) -> str:
    """A random code; the store's unique index refuses a taken one and the caller draws again."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))
