"""A small per-instance cache whose entries live a second or so: enough to spare the database a
hall of phones asking the same thing at once, short enough that other instances' changes show."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class TtlCache(Generic[K, V]):
    """Entries expire `ttl_s` after they were put; beyond `max_entries` it starts afresh (no
    bookkeeping per entry: the next lookups fill it again)."""

    def __init__(
        self,
        ttl_s: float = 1.0,
        *,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self.clock = clock
        self._entries: dict[K, tuple[float, V]] = {}

    def get(self, key: K) -> V | None:
        """The value put for `key` less than `ttl_s` ago, or None."""
        entry = self._entries.get(key)
        if entry is None or entry[0] <= self.clock():
            return None
        return entry[1]

    def put(self, key: K, value: V) -> V:
        """Remember `value` for `key`; returns it."""
        if len(self._entries) >= self.max_entries:
            self._entries.clear()
        self._entries[key] = (self.clock() + self.ttl_s, value)
        return value

    def forget(self, key: K) -> None:
        """`key` changed here: the next lookup reads it again."""
        self._entries.pop(key, None)
