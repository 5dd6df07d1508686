"""Token buckets keyed by participant, for 429 answers with Retry-After."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from shared.problems import Problem


class RateLimiter:
    """Allows `burst` actions at once per key, refilled at `refill_per_s`.

    In memory per instance: behind a load balancer each instance limits on its own, which
    multiplies the allowance by the number of instances (acceptable for abuse protection).
    Buckets expire: a full bucket is the same as none, so full ones are dropped now and then,
    and at most `max_keys` are kept (the least recently used go first), so that keys an attacker
    makes up (random user names, tokens) cannot grow memory without bound.
    """

    def __init__(
        self,
        burst: int,
        refill_per_s: float,
        clock: Callable[[], float] = time.monotonic,
        *,
        max_keys: int = 100_000,
    ) -> None:
        self.burst = burst
        self.refill_per_s = refill_per_s
        self.clock = clock
        self.max_keys = max_keys
        # Insertion order is use order (a key is moved to the end when used): oldest first.
        self._buckets: dict[str, tuple[float, float]] = {}
        self._next_sweep = clock() + self._refill_time()

    def _refill_time(self) -> float:
        return self.burst / self.refill_per_s if self.refill_per_s > 0 else 3600.0

    def __len__(self) -> int:
        return len(self._buckets)

    def _store(self, key: str, tokens: float, now: float) -> None:
        self._buckets.pop(key, None)
        self._buckets[key] = (tokens, now)
        if len(self._buckets) > self.max_keys:
            del self._buckets[next(iter(self._buckets))]
        if now >= self._next_sweep:
            self._sweep(now)

    def _sweep(self, now: float) -> None:
        """Drop buckets that have refilled completely since their last use."""
        full_after = self._refill_time()
        for key, (_tokens, last) in list(self._buckets.items()):
            if now - last < full_after:
                break  # the rest were used even later
            del self._buckets[key]
        self._next_sweep = now + full_after

    def try_acquire(self, key: str) -> float:
        """Take one token; return 0 on success, else the seconds until one is available."""
        now = self.clock()
        tokens, last = self._buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.refill_per_s)
        if tokens >= 1:
            self._store(key, tokens - 1, now)
            return 0.0
        self._store(key, tokens, now)
        return (1 - tokens) / self.refill_per_s

    def refund(self, key: str) -> None:
        """Give back a token taken for an attempt that turned out fine (a right join code, a
        right password), so that only failures use up the allowance, concurrent ones included."""
        if key in self._buckets:
            tokens, last = self._buckets[key]
            self._buckets[key] = (min(float(self.burst), tokens + 1), last)

    def wait_time(self, key: str) -> float:
        """Seconds until `key` may act again, without using up an allowance."""
        tokens, last = self._buckets.get(key, (float(self.burst), self.clock()))
        tokens = min(float(self.burst), tokens + (self.clock() - last) * self.refill_per_s)
        return 0.0 if tokens >= 1 else (1 - tokens) / self.refill_per_s

    def refuse_if_exhausted(self, key: str) -> None:
        """Raise the 429 problem when `key` has no allowance left; use none up."""
        if (wait := self.wait_time(key)) > 0:
            raise _too_many(wait)

    def check(self, key: str) -> None:
        """Raise a 429 problem with Retry-After when `key` is over its allowance."""
        wait = self.try_acquire(key)
        if wait > 0:
            raise _too_many(wait)


def _too_many(wait: float) -> Problem:
    seconds = max(1, math.ceil(wait))
    return Problem(
        429,
        f"Too many requests; please wait {seconds} seconds.",
        detail_de=f"Zu viele Anfragen; bitte {seconds} Sekunden warten.",
        code="rate-limited",
        headers={"Retry-After": str(seconds)},
    )
