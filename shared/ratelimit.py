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
    """

    def __init__(
        self, burst: int, refill_per_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.burst = burst
        self.refill_per_s = refill_per_s
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}

    def try_acquire(self, key: str) -> float:
        """Take one token; return 0 on success, else the seconds until one is available."""
        now = self.clock()
        tokens, last = self._buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.refill_per_s)
        if tokens >= 1:
            self._buckets[key] = (tokens - 1, now)
            return 0.0
        self._buckets[key] = (tokens, now)
        return (1 - tokens) / self.refill_per_s

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
