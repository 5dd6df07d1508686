"""Word-cloud answers: normalised so that "Mehr Bäume!" and "bäume" meet, German stop words out."""

from __future__ import annotations

import re
import unicodedata

MAX_WORDS = 3
MAX_TERM_CHARS = 40

# Letters and digits, with inner hyphens kept ("E-Mobilität"); dots and dollars never survive,
# which also keeps a term safe as a MongoDB field name.
_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)

STOP_WORDS = frozenset(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
    auch auf aus bei beim bin bis bist bitte da damit dann das dass daß dein deine dem den denn der
    des dessen dich die dies diese diesem diesen dieser dieses dir doch dort du durch ein eine einem
    einen einer eines einige er es etwas euch euer eure für gegen gibt hab habe haben hat hatte
    hier hin hinter ich ihm ihn ihnen ihr ihre im in ins ist ja jede jedem jeden jeder jedes jetzt
    kann kein keine keinem keinen keiner man manche mehr mein meine mich mir mit muss müssen nach
    nicht nichts noch nun nur ob oder ohne sehr sein seine sich sie sind so solche soll sollte
    sondern sonst sowie über um und uns unser unsere unter viel vom von vor war waren was weil
    welche wenn wer werden wie wieder will wir wird wo wollen zu zum zur zwar zwischen
    a an and are as at be by for from in is it of on or that the this to was with
    """.split()
)


def normalise_answer(text: str) -> str:
    """The term a word-cloud answer counts as: lower case, no punctuation or stop words.

    Returns "" when nothing meaningful is left (the caller refuses such an answer).
    """
    folded = unicodedata.normalize("NFKC", text).lower()
    words = [w for w in _TOKEN.findall(folded) if w not in STOP_WORDS]
    term = " ".join(words[:MAX_WORDS])
    return term[:MAX_TERM_CHARS].strip()
