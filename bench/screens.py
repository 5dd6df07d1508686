"""A benchmark's screen: a WebSocket client on a channel that notes when each value of a
growing count (voters of a poll, ratings of an exhibition) first arrived."""

from __future__ import annotations

import asyncio
import time

import aiohttp


class Screen:
    """Records (count, time) as states arrive; `field` names the count in the channel's state."""

    def __init__(self, field: str = "count") -> None:
        self.field = field
        self.arrivals: list[tuple[int, float]] = []
        self.last = -1

    async def watch(
        self, http: aiohttp.ClientSession, ws_url: str, channel: str, ready: asyncio.Event
    ) -> None:
        """Subscribe and record until cancelled."""
        async with http.ws_connect(ws_url, heartbeat=30) as ws:
            await ws.send_json({"type": "subscribe", "channel": channel})
            ready.set()
            async for msg in ws:
                data = msg.json()
                if data.get("channel") == channel and data.get("type") in ("snapshot", "update"):
                    count = data["data"][self.field]
                    if count > self.last:
                        self.last = count
                        self.arrivals.append((count, time.perf_counter()))

    def first_time_with(self, count: int) -> float | None:
        """When this screen first showed at least `count` ratings."""
        for shown, at in self.arrivals:
            if shown >= count:
                return at
        return None

    @staticmethod
    def latencies(screens: list[Screen], accepted_at: list[float]) -> tuple[list[float], int]:
        """Milliseconds from each accepted rating to each screen showing it; and how many
        (rating, screen) pairs never showed it."""
        latencies, missing = [], 0
        for k, at in enumerate(sorted(accepted_at), start=1):
            for screen in screens:
                seen = screen.first_time_with(k)
                if seen is None:
                    missing += 1
                else:
                    latencies.append(max(0.0, seen - at) * 1000)
        return latencies, missing
