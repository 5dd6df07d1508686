"""Which channel names the hub accepts from clients (CONTRACT, "WebSocket").

Names come from strangers, and every accepted name costs memory in the hub's bookkeeping, so only
the contract's forms are accepted, with ids as the services make them (uuid hex prefixes in voting
and ideas, ObjectId strings elsewhere): a conservative [A-Za-z0-9_-]{1,64}.
"""

from __future__ import annotations

import re
from enum import Enum

MAX_CHANNEL_CHARS = 120
# What an echoed name may keep: enough to recognise it, never a whole frame's worth.
MAX_ECHO_CHARS = 80

_ID = r"[A-Za-z0-9_-]{1,64}"
_CHANNEL = re.compile(
    rf"ideas:wall"
    rf"|(?:session|poll|exhibition|hackathon|survey):{_ID}"
    rf"|poll:{_ID}(?P<staff>:moderator)"
    rf"|exhibition:{_ID}(?P<staff_only>:staff)"
)


class Access(Enum):
    """Who may subscribe to a channel."""

    PUBLIC = "public"
    # Results that are not revealed yet, an exhibition's alerts: moderators (and admins) only.
    STAFF = "staff"


def channel_access(name: object) -> Access | None:
    """The access rule of a valid channel name, or None for anything the contract does not name."""
    if not isinstance(name, str) or len(name) > MAX_CHANNEL_CHARS:
        return None
    match = _CHANNEL.fullmatch(name)
    if match is None:
        return None
    staff = match.group("staff") or match.group("staff_only")
    return Access.STAFF if staff else Access.PUBLIC


def shown(name: object) -> str | None:
    """A client-sent name fit to echo in an error: cut short, unprintable characters replaced.

    Control characters and lone surrogates must not travel back: a lone surrogate cannot even be
    encoded as UTF-8, and a name is only echoed so a developer recognises it.
    """
    if not isinstance(name, str):
        return None
    return "".join(c if c.isprintable() else "\ufffd" for c in name[:MAX_ECHO_CHARS])


UNKNOWN_CHANNEL = (
    "Unknown channel. Channels are ideas:wall, session:<id>, poll:<id>, poll:<id>:moderator, "
    "exhibition:<id>, exhibition:<id>:staff, hackathon:<id> and survey:<id>, where <id> is 1-64 "
    "of A-Z a-z 0-9 _ -."
)
