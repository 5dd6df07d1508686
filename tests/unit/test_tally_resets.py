"""When the tally worker reconciles after a broker reset: once per reset (no I/O)."""

from __future__ import annotations

import asyncio
import contextlib

from services.voting.tally_resets import watch_resets


class Answers:
    """Stands in for BrokerResetWatch: answers reset_happened() from a list; None = broker away."""

    topic = "voting.votes"

    def __init__(self, answers: list[bool | None]) -> None:
        self.answers = answers
        self.done = asyncio.Event()

    async def reset_happened(self) -> bool:
        if not self.answers:
            self.done.set()
            await asyncio.sleep(60)
        answer = self.answers.pop(0)
        if answer is None:
            raise ConnectionError("broker away")
        return answer


async def resets_reported(answers: list[bool | None]) -> int:
    watch = Answers(answers)
    calls = []
    task = asyncio.create_task(watch_resets(watch, lambda: calls.append(1), every_s=0))
    await asyncio.wait_for(watch.done.wait(), 5)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return len(calls)


async def test_one_reconcile_per_reset_however_long_the_topic_stays_missing():
    assert await resets_reported([False, None, None, True, True, True, False, False]) == 1


async def test_each_reset_counts_and_a_topic_missing_at_start_does_not():
    assert await resets_reported([True, True, False, True, False, False, True, False]) == 2
