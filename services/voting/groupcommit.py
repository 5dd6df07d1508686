"""Group commit of votes: a few milliseconds of votes written with one bulk write.

SecantusDB takes ~1.5k single writes a second but ~15k documents a second in bulk (ARCHITECTURE
§3), so votes wait for the batch that is being written, then go together: one unit of work reads
the polls and the earlier votes, writes every changed vote with a version one higher and records
one voting.votes event per change (ballots.write_batch). Each caller is answered once its vote
is durable. The stores are ports, so the in-memory fakes can stand in.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime

from pymongo.errors import BulkWriteError, ConnectionFailure, DuplicateKeyError, OperationFailure

from services.voting.ballots import Ballot, Receipt, VersionConflict, write_batch
from services.voting.events import SOURCE
from services.voting.ports import PollStore, VoteStore
from services.voting.vote_rules import store_unavailable
from shared.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
__all__ = ["SOURCE", "Ballot", "Receipt", "VoteCommitter"]
# A phone waits this long for its 202 before it is asked to send the vote again.
STORE_TIMEOUT_S = 15.0
# Worth another attempt: a conflict with a concurrent change, or the database away a moment.
RETRIED = (
    VersionConflict,
    DuplicateKeyError,
    BulkWriteError,
    OperationFailure,
    ConnectionFailure,
)


class VoteCommitter:
    """Queues votes and writes them in batches, one unit of work per batch."""

    def __init__(
        self,
        uow: UnitOfWork,
        polls: PollStore,
        votes: VoteStore,
        topic: str,
        *,
        window_s: float = 0.003,
        max_batch: int = 500,
        store_timeout_s: float = STORE_TIMEOUT_S,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.uow = uow
        self.polls = polls
        self.votes = votes
        self.topic = topic
        self.window_s = window_s
        self.max_batch = max_batch
        self.store_timeout_s = store_timeout_s
        self.clock = clock
        self._queue: asyncio.Queue[Ballot] = asyncio.Queue()
        self.batches = 0
        self.written = 0

    async def cast(self, ballot: Ballot) -> Receipt:
        """Queue a vote and wait until it is stored (or refused), at most `store_timeout_s`.

        A ballot whose caller gave up is dropped from the queue and from any retry of its batch.
        Only a transaction already committing when the caller gave up may still store it; the
        same choice sent again is then a no-op (Receipt with changed=False), so the retry is safe.
        """
        await self._queue.put(ballot)
        try:
            return await asyncio.wait_for(asyncio.shield(ballot.future), self.store_timeout_s)
        except TimeoutError:
            ballot.abandoned = True
            raise store_unavailable() from None
        except asyncio.CancelledError:
            ballot.abandoned = True  # the phone hung up: it was told nothing
            raise

    async def run(self) -> None:
        """Take what is queued every few milliseconds and commit it, until cancelled."""
        while True:
            batch = [await self._queue.get()]
            await asyncio.sleep(self.window_s)
            while len(batch) < self.max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            await self.commit(batch)

    async def commit(self, batch: list[Ballot]) -> None:
        """Store one batch (retrying conflicts) and answer each of its callers."""
        for attempt in range(1, 8):
            if all(b.abandoned for b in batch):
                return
            try:
                outcomes = await self.uow.run(
                    lambda tx: write_batch(
                        self.polls, self.votes, self.topic, batch, tx, self.clock()
                    )
                )
                break
            except asyncio.CancelledError:
                raise
            except RETRIED as exc:
                log.warning("vote batch of %d failed (attempt %d): %s", len(batch), attempt, exc)
                await asyncio.sleep(0.01 * 2**attempt)
            except Exception as exc:
                log.exception("vote batch of %d failed", len(batch))
                outcomes = [exc] * len(batch)
                break
        else:
            outcomes = [store_unavailable()] * len(batch)
        self.batches += 1
        self.written += sum(isinstance(o, Receipt) and o.changed for o in outcomes)
        for ballot, outcome in zip(batch, outcomes, strict=True):
            if ballot.future.done():
                continue
            if isinstance(outcome, Exception):
                ballot.future.set_exception(outcome)
            else:
                ballot.future.set_result(outcome)
