"""The live state of `hackathon:<id>` on live.updates (README "Live channel"), redrawn from the
database after changes (shared/live_projector.py says how)."""

from __future__ import annotations

from typing import Any, Protocol

from services.hackathons import leaderboard
from services.hackathons.domain import BUILDING, Doc, Phase, is_submitted
from services.hackathons.handlers import HackathonsService
from services.hackathons.views import challenge_view, hackathon_view, screen_team_view
from shared.live_projector import MarkedStates

# The hackathons drawn at start and after a broker reset: the newest ones.
RECENT = 200


def channel(hackathon_id: str) -> str:
    """The live channel of a hackathon."""
    return f"hackathon:{hackathon_id}"


class LiveSink(Protocol):
    """Where states go (shared.live.LivePublisher)."""

    def set(self, channel: str, state: Any) -> None: ...


async def live_state(service: HackathonsService, hackathon: Doc) -> dict[str, Any]:
    """What the lab's screen shows of a hackathon now."""
    teams = await service.stores.teams.of_hackathon(hackathon["_id"])
    challenges = await service.stores.challenges.of_hackathon(hackathon["_id"])
    view = hackathon_view(hackathon)
    building = Phase(hackathon["phase"]) in BUILDING
    view["next_deadline"] = view["submission_deadline"] if building else None
    results = None
    if hackathon["phase"] == Phase.RESULTS:
        results = await leaderboard.board(service, hackathon, teams=teams, challenges=challenges)
    return {
        "hackathon": view,
        "challenges": [challenge_view(c) for c in challenges],
        "teams": [screen_team_view(t) for t in teams],
        "counts": {"teams": len(teams), "submitted": sum(1 for t in teams if is_submitted(t))},
        "audience": view["audience"],
        "results": results,
    }


class LiveProjector(MarkedStates):
    """Marks hackathons that changed and publishes their states."""

    def __init__(
        self, service: HackathonsService, live: LiveSink, *, min_interval_s: float = 0.2
    ) -> None:
        super().__init__(self._draw, self._recent, min_interval_s=min_interval_s)
        self.service = service
        self.live = live

    async def _recent(self) -> list[str]:
        return [h["_id"] for h in await self.service.stores.hackathons.newest(RECENT)]

    async def _draw(self, hackathon_id: str) -> None:
        hackathon = await self.service.hackathon(hackathon_id)
        self.live.set(channel(hackathon_id), await live_state(self.service, hackathon))
