"""The tally processor: voting.votes → exact tallies in MongoDB → poll:<id> on live.updates.

Run it as its own process: `python -m services.voting.tally`.

Per consumed batch, one transaction records the events as processed (ConsumerRunner's
processed_events, keyed by event id), reads what was counted for each vote (`applied`, keyed by
vote id, with the vote's version), folds the changes (counting.fold: only a newer version of a
vote counts, and it replaces what was counted before), writes the applied versions with one bulk
write and the tally deltas with one $inc per tally. The offset is committed after that. A replay,
a duplicate or a crash anywhere in between therefore cannot change a tally.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from datetime import UTC, datetime, timedelta
from typing import Any

from aiokafka import ConsumerRecord
from pydantic import BaseModel, ValidationError
from pymongo import UpdateOne
from pymongo.asynchronous.client_session import AsyncClientSession

from services.voting import views
from services.voting.counting import TallyDelta, VoteChange, fold
from services.voting.groupcommit import SOURCE
from services.voting.storage import VotingStore, tally_id
from shared.consumer import ConsumerRunner
from shared.events import CloudEvent
from shared.kafka import make_consumer, make_producer, wait_for_broker
from shared.live import LivePublisher
from shared.logs import configure_logging
from shared.mongo import in_transaction, make_client
from shared.outbox import FaultHook, _no_fault
from shared.settings import Settings

log = logging.getLogger(__name__)
GROUP = "voting-tally"
HEARTBEAT = "tally-processor"
RECENT = timedelta(days=2)


class VoteChangedData(BaseModel):
    vote_id: str
    poll_id: str
    round: int
    tally_id: str
    version: int
    contribution: dict[str, int]


class TallyProcessor(ConsumerRunner):
    """Applies vote changes in batches; projects the touched polls after each batch."""

    def __init__(
        self,
        *,
        store: VotingStore,
        live: LivePublisher,
        votes_topic: str,
        events_topic: str,
        **runner: Any,
    ) -> None:
        super().__init__(handler=self._unused, **runner)
        self.store = store
        self.live = live
        self.votes_topic = votes_topic
        self.events_topic = events_topic
        self.polls: dict[str, dict[str, Any]] = {}
        self.batches = 0

    async def _unused(self, _event: CloudEvent, _session: AsyncClientSession) -> None:
        raise NotImplementedError  # batches are applied by apply_votes

    async def run(self) -> None:
        while True:
            batches = await self.consumer.getmany(timeout_ms=500, max_records=2000)
            touched: set[str] = set()
            for tp, records in batches.items():
                if tp.topic == self.votes_topic:
                    touched |= await self.apply_votes(records)
                    self.fault("after_tally_commit")
                else:
                    touched |= self._poll_events(records)
                self.fault("before_offset_commit")
                await self._commit(tp, records[-1].offset + 1)
            for poll_id in touched:
                await self.project(poll_id)

    def _poll_events(self, records: list[ConsumerRecord]) -> set[str]:
        """Poll changes (open, close, reveal, reset, words) only need a new projection."""
        touched = set()
        for record in records:
            try:
                event = CloudEvent.from_bytes(record.value)
            except ValueError:
                continue  # not ours to dead-letter: the voting service writes this topic
            poll = event.data.get("poll")
            if isinstance(poll, dict) and "id" in poll:
                self.polls.pop(poll["id"], None)
                touched.add(poll["id"])
        return touched

    def _parse(self, record: ConsumerRecord) -> VoteChange:
        event = CloudEvent.from_bytes(record.value)
        data = VoteChangedData.model_validate(event.data)
        return VoteChange(
            event_id=event.id,
            vote_id=data.vote_id,
            tally_id=data.tally_id,
            version=data.version,
            contribution=data.contribution,
        )

    async def apply_votes(self, records: list[ConsumerRecord]) -> set[str]:
        """Apply a batch exactly once; poison messages go to the dead-letter topic first."""
        changes: dict[str, VoteChange] = {}
        for record in records:
            try:
                change = self._parse(record)
            except (ValueError, ValidationError) as exc:
                await self._dead_letter(record, f"{type(exc).__name__}: {exc}")
                continue
            changes.setdefault(change.event_id, change)
        if not changes:
            return set()
        backoff = 0.1
        while True:
            try:
                fresh = await in_transaction(self.client, lambda s: self._apply(changes, s))
                break
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                # Only the database can fail here (the events are valid): wait and retry, so
                # that an outage delays the tally but never drops a vote.
                log.warning("tally batch of %d failed, retrying: %s", len(changes), exc)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
        self.batches += 1
        self.applied += fresh
        self.duplicates += len(changes) - fresh
        return {c.tally_id.rsplit(":", 1)[0] for c in changes.values()}

    async def _apply(self, changes: dict[str, VoteChange], s: AsyncClientSession) -> int:
        keys = {f"{self.group_id}:{eid}": eid for eid in changes}
        done = {
            d["_id"]
            async for d in self.processed.find({"_id": {"$in": list(keys)}}, {"_id": 1}, session=s)
        }
        fresh = [changes[eid] for key, eid in keys.items() if key not in done]
        if not fresh:
            return 0
        now = datetime.now(UTC)
        vote_ids = list({c.vote_id for c in fresh})
        cursor = self.store.applied.find({"_id": {"$in": vote_ids}}, session=s)
        applied = {d["_id"]: (d["version"], d["contribution"]) async for d in cursor}
        before = dict(applied)
        deltas = fold(applied, fresh)
        await self.processed.insert_many(
            [{"_id": f"{self.group_id}:{c.event_id}", "type": "vote", "at": now} for c in fresh],
            session=s,
        )
        ops = [
            UpdateOne(
                {"_id": vid},
                {"$set": {"version": version, "contribution": contrib, "at": now}},
                upsert=True,
            )
            for vid, (version, contrib) in applied.items()
            if before.get(vid) != (version, contrib)
        ]
        if ops:
            await self.store.applied.bulk_write(ops, ordered=False, session=s)
        for tid, d in deltas.items():
            await self._add(tid, d, s)
        return len(fresh)

    async def _add(self, tid: str, d: TallyDelta, s: AsyncClientSession) -> None:
        if d.empty:
            return
        inc = {f"counts.{k}": v for k, v in d.counts.items() if v}
        if d.voters:
            inc["voters"] = d.voters
        poll_id, round_ = tid.rsplit(":", 1)
        await self.store.tallies.update_one(
            {"_id": tid},
            {"$inc": inc, "$setOnInsert": {"poll_id": poll_id, "round": int(round_)}},
            upsert=True,
            session=s,
        )

    async def project(self, poll_id: str) -> None:
        """Set poll:<id> (public) and poll:<id>:moderator from the stored poll and tally."""
        try:
            poll = self.polls.get(poll_id) or await self.store.poll(poll_id)
            if poll is None:
                return
            tally = await self.store.tallies.find_one({"_id": tally_id(poll_id, poll["round"])})
        except Exception as exc:
            log.warning("could not project poll %s: %s", poll_id, exc)
            return
        self.polls[poll_id] = poll
        now = datetime.now(UTC)
        self.live.set(
            f"poll:{poll_id}", views.poll_channel_state(poll, tally, now, moderator=False)
        )
        self.live.set(
            f"poll:{poll_id}:moderator", views.poll_channel_state(poll, tally, now, moderator=True)
        )

    async def heartbeat(self, every_s: float = 2.0) -> None:
        """Tell the voting service (its /readyz) that tallies are being kept: once partitions
        are assigned, a status document is refreshed every `every_s`."""
        while True:
            assigned = sorted(f"{tp.topic}[{tp.partition}]" for tp in self.consumer.assignment())
            if assigned:
                try:
                    await self.store.db["status"].update_one(
                        {"_id": HEARTBEAT},
                        {"$set": {"at": datetime.now(UTC), "assigned": assigned}},
                        upsert=True,
                    )
                except Exception as exc:
                    log.warning("could not write the heartbeat: %s", exc)
            await asyncio.sleep(every_s)

    async def project_recent(self) -> int:
        """At start: project every poll changed recently (the broker may have forgotten them)."""
        since = datetime.now(UTC) - RECENT
        ids = [p["_id"] async for p in self.store.polls.find({"updated_at": {"$gte": since}})]
        for poll_id in ids:
            self.polls.pop(poll_id, None)
            await self.project(poll_id)
        return len(ids)


def crash_at(spec: str | None) -> FaultHook:
    """A fault hook that kills the process at a named point, e.g. "after_tally_commit:3".

    For the fault tests (ARCHITECTURE §8): the 3rd time the point is reached the process dies at
    once; after_tally_commit lies after a batch's MongoDB commit and before its offset commit.
    """
    if not spec:
        return _no_fault
    point, _, nth = spec.partition(":")
    seen = 0

    def hook(name: str) -> None:
        nonlocal seen
        if name == point:
            seen += 1
            if seen >= int(nth or 1):
                log.warning("fault injection: dying at %s", name)
                os._exit(137)

    return hook


async def serve(
    settings: Settings, stop: asyncio.Event | None = None, fault: FaultHook = _no_fault
) -> None:
    """Run the tally processor until `stop` is set (or the task is cancelled)."""
    client = make_client(settings.mongodb_uri)
    store = VotingStore(client[settings.database("voting")])
    await store.ensure_indexes()
    await wait_for_broker(settings)
    producer = make_producer(settings)
    await producer.start()
    votes_topic, events_topic = settings.topic("voting.votes"), settings.topic("voting.events")
    group = f"{settings.topic_prefix}{GROUP}"
    consumer = make_consumer(settings, votes_topic, events_topic, group_id=group)
    live = LivePublisher(producer, settings.topic("live.updates"), SOURCE)
    processor = TallyProcessor(
        store=store,
        live=live,
        votes_topic=votes_topic,
        events_topic=events_topic,
        consumer=consumer,
        dlq_producer=producer,
        client=client,
        db=store.db,
        group_id=GROUP,
        fault=fault,
    )
    await consumer.start()
    tasks: list[asyncio.Task] = []
    try:
        await processor.ensure_indexes()
        count = await processor.project_recent()
        log.info("tally processor started; projected %d recent polls", count)
        tasks = [
            asyncio.create_task(processor.run(), name="tally"),
            asyncio.create_task(live.run(), name="live-publisher"),
            asyncio.create_task(processor.heartbeat(), name="heartbeat"),
        ]
        waiters = [*tasks, asyncio.create_task((stop or asyncio.Event()).wait())]
        done, _ = await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if task in tasks and task.exception():
                raise task.exception()
        waiters[-1].cancel()
    finally:
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await consumer.stop()
        await producer.stop()
        await client.close()


def main() -> None:
    settings = Settings()
    configure_logging("voting-tally", settings.log_level)

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await serve(settings, stop, crash_at(os.environ.get("VOTING_TALLY_CRASH_AT")))

    asyncio.run(run())


if __name__ == "__main__":
    main()
