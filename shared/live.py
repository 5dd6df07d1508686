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

from aiokafka import AIOKafkaProducer

from shared.events import CloudEvent

log = logging.getLogger(__name__)

LIVE_EVENT_TYPE = "de.oecherlab.live.state"


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
    ) -> None:
        self.producer = producer
        self.topic = topic
        self.source = source
        self.min_interval_s = min_interval_s
        self.republish_every_s = republish_every_s
        self.on_reconnect = on_reconnect
        self.states: dict[str, tuple[int, dict[str, Any]]] = {}
        self._dirty: set[str] = set()
        self._last_sent: dict[str, float] = {}
        self._wake = asyncio.Event()
        self.connected = False
        self.sent = 0

    def _next_seq(self, channel: str) -> int:
        previous = self.states.get(channel, (0, {}))[0]
        return max(previous + 1, int(time.time() * 1000))

    def set(self, channel: str, state: dict[str, Any]) -> None:
        """Record the channel's new full state; it goes out within the throttle interval."""
        self.states[channel] = (self._next_seq(channel), state)
        self._dirty.add(channel)
        self._wake.set()

    async def _send(self, channel: str) -> None:
        seq, state = self.states[channel]
        event = CloudEvent(
            source=self.source,
            type=LIVE_EVENT_TYPE,
            subject=channel,
            correlationid=None,
            data={"channel": channel, "seq": seq, "state": state},
        )
        fut = await self.producer.send(self.topic, value=event.to_bytes(), key=channel.encode())
        await fut
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
        while True:
            try:
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
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=max(wait, 0.001))
