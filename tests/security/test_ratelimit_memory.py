"""Keys an attacker makes up (random user names, tokens) must not grow memory without bound."""

from __future__ import annotations

from shared.ratelimit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_buckets_of_keys_no_longer_used_expire():
    clock = Clock()
    limiter = RateLimiter(burst=10, refill_per_s=1 / 30, clock=clock)
    for i in range(5_000):
        limiter.try_acquire(f"random-name-{i}")
    assert len(limiter) == 5_000
    # Long enough for every bucket to be full again: they are the same as none.
    clock.now += 10 * 30 + 1
    limiter.try_acquire("someone")
    assert len(limiter) == 1


def test_expiry_keeps_what_still_limits_someone():
    clock = Clock()
    limiter = RateLimiter(burst=2, refill_per_s=1 / 60, clock=clock)
    for _ in range(3):
        limiter.try_acquire("guesser")
    clock.now += 60  # one token back, not two: the bucket is not full
    for i in range(100):
        limiter.try_acquire(f"other-{i}")
    assert limiter.try_acquire("guesser") == 0
    assert limiter.try_acquire("guesser") > 0


def test_at_most_max_keys_are_kept_least_recently_used_first():
    limiter = RateLimiter(burst=5, refill_per_s=1.0, clock=Clock(), max_keys=1_000)
    limiter.try_acquire("kept")
    for i in range(50_000):
        limiter.try_acquire(f"k{i}")
        if i % 100 == 0:
            limiter.try_acquire("kept")  # used all along, so never the oldest
    assert len(limiter) == 1_000
    assert "kept" in limiter._buckets
