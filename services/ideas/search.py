"""German full-text search by stemmed terms (the embedded database has no text index)."""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[^\W\d_]{2,}|\d{2,}", re.UNICODE)

# Words too common to narrow a search; kept short on purpose (search queries are short too).
STOP_WORDS = frozenset(
    """aber alle als also am an auch auf aus bei bin bis bitte da damit dann das dass dem den der
    des die dies diese dieser dieses doch dort du durch ein eine einem einen einer eines es für
    hat hier ich ihr im in ist ja je kann mehr mit nach nicht noch nur oder sich sie sind so um und
    uns von vor war was wie wir wird wo zu zum zur über the and for of to in a is""".split()
)


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("german")


def terms_of(text: str) -> list[str]:
    """The distinct stems of `text`, so that "Bäume" and "Baum" meet at "baum"."""
    words = [w for w in _WORD.findall(text.casefold()) if w not in STOP_WORDS]
    stems = _stemmer().stemWords(words)
    return sorted({s.replace("ß", "ss") for s in stems if s})


def query_terms(q: str) -> list[str]:
    """The stems a search query asks for (every one must match)."""
    return terms_of(q)
