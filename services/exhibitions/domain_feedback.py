"""Rules of feedback, free of I/O: when a rating was given, which kiosk may rate, the receipt,
and the pseudonyms events carry instead of token subjects."""

from __future__ import annotations

import hashlib
import hmac
import math
from datetime import datetime, timedelta

from services.exhibitions.domain import Doc
from shared.errors import DomainError

# How far a kiosk's clock may run ahead, and how long its offline queue may hold a rating.
GIVEN_AT_FUTURE = timedelta(seconds=60)
GIVEN_AT_PAST = timedelta(days=7)


def given_at_of(raw: str | None, now: datetime) -> datetime:
    """When the visitor pressed (absent: now), in UTC to the millisecond; a time without an
    offset, far in the future or older than the offline queue keeps ratings is refused."""
    if raw is None:
        return now
    try:
        given = datetime.fromisoformat(raw)
    except ValueError:
        given = None
    if given is None or given.tzinfo is None:
        raise _bad_given_at("an ISO 8601 time with its offset, e.g. 2026-12-02T14:05:00Z")
    given = given.astimezone(now.tzinfo)
    if given > now + GIVEN_AT_FUTURE or given < now - GIVEN_AT_PAST:
        raise _bad_given_at("at most 60 s ahead and 7 days back")
    return given.replace(microsecond=given.microsecond // 1000 * 1000)


def _bad_given_at(expected: str) -> DomainError:
    return DomainError(
        f"given_at must be {expected}.",
        "Der Zeitpunkt der Bewertung ist ungültig.",
        "invalid-given_at",
        errors=[{"field": "given_at", "message": expected}],
    )


def check_kiosk(token_exhibit: str | None, kiosk: Doc | None, exhibit_id: str) -> None:
    """A kiosk rates only the exhibit it stands at, and only while it is registered."""
    if token_exhibit != exhibit_id or (kiosk is not None and kiosk["exhibit_id"] != exhibit_id):
        raise DomainError(
            "This kiosk belongs to another exhibit.",
            "Dieses Tablet gehört zu einem anderen Exponat.",
            "wrong-kiosk",
        )
    if kiosk is None or kiosk.get("revoked_at") is not None:
        raise DomainError(
            "This kiosk was revoked; please set it up again.",
            "Dieses Tablet wurde abgemeldet; bitte neu einrichten.",
            "kiosk-revoked",
        )


def kiosk_too_soon(nearest: datetime, given_at: datetime, interval_s: float) -> DomainError:
    """The refusal of a kiosk rating given within the interval of one already counted."""
    wait = (nearest - given_at).total_seconds() + interval_s
    return DomainError(
        f"This kiosk takes one rating every {interval_s:g} seconds.",
        f"Dieses Tablet nimmt alle {interval_s:g} Sekunden eine Bewertung an.",
        "kiosk-interval",
        retry_after=max(1, math.ceil(wait)),
    )


def receipt(exhibit_id: str, rating: int, *, replaced: bool, commented: bool) -> Doc:
    """The answer to a counted rating (remembered for replays of its Idempotency-Key)."""
    message, message_de = "Thank you for your feedback!", "Danke für Ihre Bewertung!"
    if replaced:
        message += " Your earlier rating was replaced."
        message_de += " Ihre frühere Bewertung wurde ersetzt."
    if commented:
        message += " Your comment will appear once a moderator has checked it."
        message_de += " Ihr Kommentar erscheint, sobald er geprüft wurde."
    return {
        "exhibit_id": exhibit_id,
        "rating": rating,
        "replaced": replaced,
        "comment_status": "submitted" if commented else None,
        "message": message,
        "message_de": message_de,
    }


def rater_key(audience: str, service: str = "exhibitions") -> bytes:
    """The key of the events' pseudonymous rater hashes. It is derived from configuration (the
    token audience and this service's name), not a secret: the hash keeps token subjects off
    the event stream and apart across services, but someone who knows the audience and a
    subject can recompute it. A secret key would need key management this service lacks."""
    return hashlib.sha256(f"{audience}/{service}/rater".encode()).digest()


def rater_hash(key: bytes, rater_id: str) -> str:
    """The pseudonym events carry for a participant or kiosk (HMAC-SHA256, 128 bits shown)."""
    return hmac.new(key, rater_id.encode(), hashlib.sha256).hexdigest()[:32]


def participant_rating_id(exhibit_id: str, participant: str) -> str:
    """One rating per participant and exhibit, enforced by the store's unique _id."""
    return f"{exhibit_id}:p:{participant}"
