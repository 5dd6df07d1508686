"""A participant's pseudonym in one workshop session (DSGVO Art. 25, data protection by design).

A device has one participant id (its token's `sub`), which its ideas and feedback carry. In a
workshop it needs no such link: its votes and its membership are stored, published on
voting.votes and counted under a pseudonym of its own for that session, an HMAC of the session
and the device id with a key the deployment keeps secret (Settings.pseudonym_key). Whoever reads
the votes, the events or an export cannot tell which votes of two sessions, or which idea and
which vote, came from one device; the voting service can, for the device's own requests
(GET and DELETE /api/voting/me compute the pseudonyms of every session).
"""

from __future__ import annotations

import hashlib
import hmac
import logging

from shared.settings import Settings

log = logging.getLogger(__name__)
PREFIX = "w:"


class Pseudonyms:
    """Pseudonyms per device and session."""

    def __init__(self, key: bytes) -> None:
        self.key = key

    @classmethod
    def from_settings(cls, settings: Settings) -> Pseudonyms:
        """With the configured key; without one, a key derived from the token audience (not a
        secret: fine for a demo, and said so in the log)."""
        if settings.pseudonym_key:
            return cls(settings.pseudonym_key.encode())
        log.warning("PSEUDONYM_KEY is not set: workshop pseudonyms use a key derived from config")
        return cls(hashlib.sha256(f"{settings.jwt_audience}/voting/pseudonym".encode()).digest())

    def of(self, subject: str, session_id: str | None) -> str:
        """The device's pseudonym in the session (128 bits)."""
        message = f"{session_id or ''}\x00{subject}".encode()
        return PREFIX + hmac.new(self.key, message, hashlib.sha256).hexdigest()[:32]

    def every(self, subject: str, session_ids: list[str]) -> list[str]:
        """The device's pseudonyms in these sessions, and its own id, which votes stored before
        pseudonyms existed carry."""
        return [subject, *(self.of(subject, s) for s in session_ids)]
