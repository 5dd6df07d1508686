"""Projecting channel states onto live.updates for the screens (full snapshots, throttled).

The embedded broker forgets everything when it restarts, so a publisher republishes the current
state of all its channels at start, periodically, and as soon as the broker takes messages again
after a failure. Each state carries a sequence number that only grows, even across restarts of
the service or the broker (it starts from the clock in milliseconds).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from shared.events import CloudEvent
from shared.kafka import topic_partitions

log = logging.getLogger(__name__)

LIVE_EVENT_TYPE = "de.oecherlab.live.state"
State = dict[str, Any] | Callable[[], dict[str, Any]]


class BrokerResetWatch:
    """Notices that the broker lost its data (the embedded one keeps nothing across a restart).

    It asks for the end offsets of a topic; an end offset that went down, or a topic that is gone,
    means the broker started afresh. Cheap: one ListOffsets request per check.
    """

    def __init__(self, consumer: AIOKafkaConsumer, topic: str) -> None:
        self.consumer = consumer
        self.topic = topic
        self._seen: dict[int, int] = {}

    def produced(self, partition: int, offset: int) -> None:
        """Record an offset this process wrote; a healthy broker never ends below it."""
        self._seen[partition] = max(self._seen.get(partition, 0), offset + 1)

    async def reset_happened(self) -> bool:
        """True when the broker forgot the topic's messages since the last check."""
        tps = await topic_partitions(self.consumer, self.topic)
        if not tps:
            self._seen.clear()
            return True
        ends = await self.consumer.end_offsets(tps)
        reset = any(ends[tp] < self._seen.get(tp.partition, 0) for tp in tps)
        self._seen = {tp.partition: ends[tp] for tp in tps}
        return reset


class LivePublisher:
    """Keeps the newest state per channel and sends it at most every `min_interval_s`."""

    def __init__(
        self,
        producer: AIOKafkaProducer,
        topic: str,
        source: str,
        *,
        min_interval_s: float = 0.1,
        republish_every_s: float = 15.0,
        on_reconnect: Callable[[], Awaitable[None]] | None = None,
        reset_watch: BrokerResetWatch | None = None,
        watch_every_s: float = 1.0,
    ) -> None:
        self.producer = producer
        self.topic = topic
        self.source = source
        self.min_interval_s = min_interval_s
        self.republish_every_s = republish_every_s
        self.on_reconnect = on_reconnect
        self.reset_watch = reset_watch
        self.watch_every_s = watch_every_s
        self.states: dict[str, tuple[int, State]] = {}
        self._dirty: set[str] = set()
        self._last_sent: dict[str, float] = {}
        self._wake = asyncio.Event()
        self.connected = False
        self.sent = 0

    def _next_seq(self, channel: str) -> int:
        previous = self.states.get(channel, (0, {}))[0]
        return max(previous + 1, int(time.time() * 1000))

    def set(self, channel: str, state: State) -> None:
        """Record the channel's new full state; it goes out within the throttle interval.

        `state` may be a function that computes it: then it is computed only when sent, so a
        burst of changes costs one computation per throttle interval, not one per change.
        """
        self.states[channel] = (self._next_seq(channel), state)
        self._dirty.add(channel)
        self._wake.set()

    def resend(self, channel: str) -> bool:
        """Send the channel's state again (for a state computed when sent, whose inputs changed);
        False when the channel is not known here."""
        known = self.states.get(channel)
        if known is None:
            return False
        self.set(channel, known[1])
        return True

    async def _send(self, channel: str) -> None:
        seq, state = self.states[channel]
        if callable(state):
            state = state()
        event = CloudEvent(
            source=self.source,
            type=LIVE_EVENT_TYPE,
            subject=channel,
            correlationid=None,
            data={"channel": channel, "seq": seq, "state": state},
        )
        # Bounded: a send to a broker that just restarted can otherwise hang for long.
        # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a cancellation
        # that arrives as the inner call ends, and a service's shutdown then waits for ever.
        async with asyncio.timeout(5):
            fut = await self.producer.send(self.topic, value=event.to_bytes(), key=channel.encode())
        async with asyncio.timeout(5):
            metadata = await fut
        if self.reset_watch is not None:
            self.reset_watch.produced(metadata.partition, metadata.offset)
        self._last_sent[channel] = time.monotonic()
        self.sent += 1

    async def republish_all(self) -> None:
        """Send the current state of every channel (after a start or a broker restart)."""
        for channel in list(self.states):
            await self._send(channel)

    async def flush(self) -> float:
        """Send dirty channels whose interval has passed; return the time until the next is due."""
        now = time.monotonic()
        wait = self.republish_every_s
        for channel in list(self._dirty):
            due = self._last_sent.get(channel, 0.0) + self.min_interval_s
            if due <= now:
                self._dirty.discard(channel)
                await self._send(channel)
            else:
                wait = min(wait, due - now)
        return wait

    async def run(self) -> None:
        """Publish until cancelled, recovering from broker outages by republishing everything."""
        last_full = 0.0
        last_watch = 0.0
        while True:
            try:
                if (
                    self.reset_watch is not None
                    and time.monotonic() - last_watch > self.watch_every_s
                ):
                    last_watch = time.monotonic()
                    # A broker that is down makes the client retry for long; do not wait for it.
                    async with asyncio.timeout(3):
                        reset = await self.reset_watch.reset_happened()
                    if reset:
                        self.connected = False
                if not self.connected or time.monotonic() - last_full > self.republish_every_s:
                    if not self.connected and self.on_reconnect is not None:
                        await self.on_reconnect()
                    await self.republish_all()
                    last_full = time.monotonic()
                    if not self.connected:
                        log.info("live updates: republished %d channels", len(self.states))
                    self.connected = True
                wait = await self.flush()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if self.connected:
                    log.warning("live updates: broker unavailable (%s); will republish", exc)
                self.connected = False
                await asyncio.sleep(1.0)
                continue
            self._wake.clear()
            if self._dirty:
                wait = min(wait, self.min_interval_s)
            if self.reset_watch is not None:
                wait = min(wait, self.watch_every_s)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(max(wait, 0.001)):
                    await self._wake.wait()
