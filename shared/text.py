"""Text as citizens type it, made safe to store and to show on the lab's screens.

Removed before storage: NUL and the other C0 control characters (tab and line breaks stay), and
the bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069), with
which "gnp.exe" can be made to read "exe.png" on a screen. Refused: a lone surrogate (JSON
allows "\\ud800"; UTF-8 and so MongoDB cannot store it).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, StringConstraints

_REMOVED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: Any) -> Any:
    """The text without control and bidi-override characters; ValueError for a lone surrogate.

    Anything that is not a string is left to the model's own type check.
    """
    if not isinstance(value, str):
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("the text contains an invalid character (a lone surrogate)") from None
    return _REMOVED.sub("", value)


def clean_texts(value: Any) -> Any:
    """clean_text applied to every string inside lists and dicts (keys too), e.g. a vote's
    choice, whose shape depends on the poll type."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_texts(v) for v in value]
    if isinstance(value, dict):
        return {clean_texts(k): clean_texts(v) for k, v in value.items()}
    return value


# A citizen's or moderator's text: cleaned, then trimmed (lengths are checked after both).
Text = Annotated[str, BeforeValidator(clean_text), StringConstraints(strip_whitespace=True)]
