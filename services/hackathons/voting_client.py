"""The audience vote, made through the voting service's public API (never its database): a
workshop session with one single-choice poll whose options are the submitted projects.

Calls carry the staff member's own token, so the voting service checks who may do what exactly
as it does for its own console; its refusals come back as they are (shared/upstream.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import aiohttp

from shared.problems import Problem
from shared.upstream import ask_service, unavailable

UNAVAILABLE = unavailable(
    "The voting service does not answer; please try again in a moment.",
    "Der Abstimmungsdienst antwortet nicht; bitte gleich noch einmal versuchen.",
)
QUESTION = "Publikumspreis: Welches Projekt überzeugt Sie am meisten? / Audience award"


@dataclass(frozen=True)
class AudiencePoll:
    """What the voting service made: its ids, the join code and the option id per label."""

    session_id: str
    poll_id: str
    join_code: str
    option_ids: list[str]


class VotingClient(Protocol):
    """The voting service as the hackathons service uses it."""

    async def start(self, title: str, labels: list[str], token: str) -> AudiencePoll:
        """Make a session and a single-choice poll over `labels`, and open it."""
        ...

    async def finish(self, poll_id: str, token: str) -> None:
        """Close and reveal the poll (either done already is fine)."""
        ...

    async def results(self, poll_id: str, token: str | None) -> dict[str, Any]:
        """The poll's results ({voters, status, options: [{id, count}]})."""
        ...


class HttpVotingClient:
    """`VotingClient` over HTTP at the voting service's URL."""

    def __init__(self, http: aiohttp.ClientSession, base_url: str) -> None:
        self.http = http
        self.base = base_url.rstrip("/") + "/api/voting"

    async def _ask(self, method: str, path: str, token: str | None, **kw: Any) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return await ask_service(
            self.http, method, self.base + path, UNAVAILABLE, headers=headers, **kw
        )

    async def start(self, title: str, labels: list[str], token: str) -> AudiencePoll:
        """See `VotingClient.start`."""
        session = await self._ask("POST", "/sessions", token, json={"title": title[:200]})
        spec = {"question": QUESTION, "type": "single", "options": labels}
        poll = await self._ask("POST", f"/sessions/{session['id']}/polls", token, json=spec)
        await self._ask("POST", f"/polls/{poll['id']}/open", token)
        options = [o["id"] for o in poll["options"]]
        return AudiencePoll(session["id"], poll["id"], session["join_code"], options)

    async def finish(self, poll_id: str, token: str) -> None:
        """See `VotingClient.finish`."""
        for action in ("close", "reveal"):
            try:
                await self._ask("POST", f"/polls/{poll_id}/{action}", token)
            except Problem as refused:
                if refused.status != 409:  # 409: closed or revealed already
                    raise

    async def results(self, poll_id: str, token: str | None) -> dict[str, Any]:
        """See `VotingClient.results`."""
        return await self._ask("GET", f"/polls/{poll_id}/results", token)


@dataclass
class FakeVoting:
    """`VotingClient` in memory: polls by id with their votes per option (tests set them)."""

    polls: dict[str, dict[str, Any]] = field(default_factory=dict)
    down: bool = False

    async def start(self, title: str, labels: list[str], token: str) -> AudiencePoll:
        """See `VotingClient.start`."""
        if self.down:
            raise UNAVAILABLE
        n = len(self.polls) + 1
        options = [f"o{n}-{i}" for i in range(len(labels))]
        self.polls[f"p{n}"] = {"status": "open", "votes": dict.fromkeys(options, 0)}
        return AudiencePoll(f"s{n}", f"p{n}", f"CODE{n}", options)

    async def finish(self, poll_id: str, token: str) -> None:
        """See `VotingClient.finish`."""
        if self.down:
            raise UNAVAILABLE
        self.polls[poll_id]["status"] = "revealed"

    async def results(self, poll_id: str, token: str | None) -> dict[str, Any]:
        """See `VotingClient.results`."""
        if self.down:
            raise UNAVAILABLE
        poll = self.polls[poll_id]
        options = [{"id": o, "count": n} for o, n in poll["votes"].items()]
        return {"status": poll["status"], "voters": sum(poll["votes"].values()), "options": options}
