"""A device's pseudonym per workshop session: the same in one session, unrelated across
sessions and to the device id, and unknowable without the key."""

from __future__ import annotations

from services.voting.pseudonyms import Pseudonyms
from shared.settings import Settings


def test_one_pseudonym_per_device_and_session() -> None:
    names = Pseudonyms(b"geheim")
    anna_s1, anna_s2 = names.of("p:anna", "s1"), names.of("p:anna", "s2")
    assert anna_s1 == names.of("p:anna", "s1")  # votes and membership of one session meet
    assert len({anna_s1, anna_s2, names.of("p:ben", "s1")}) == 3
    assert "anna" not in anna_s1 and anna_s1.startswith("w:") and len(anna_s1) == 34
    # Another key (another installation, or someone guessing): other pseudonyms.
    assert Pseudonyms(b"anders").of("p:anna", "s1") != anna_s1
    # The device's ids for GET and DELETE /api/voting/me: its own (older votes) and one per session.
    assert names.every("p:anna", ["s1", "s2"]) == ["p:anna", anna_s1, anna_s2]


def test_the_configured_key_is_used() -> None:
    configured = Pseudonyms.from_settings(Settings(pseudonym_key="geheim"))
    assert configured.of("p:anna", "s1") == Pseudonyms(b"geheim").of("p:anna", "s1")
    demo = Pseudonyms.from_settings(Settings())
    assert demo.of("p:anna", "s1") != configured.of("p:anna", "s1")
