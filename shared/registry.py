"""The one list of services: the gateway's routing and pages, the dev stack, the test harness,
the settings and the deploy checks all read it (ARCHITECTURE §7).

A new service is one package under services/ plus one entry here (plus its deploy manifest,
which tests/unit/test_deploy.py holds against this list).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Worker:
    """A process beside a service's HTTP server (a Kafka consumer), with an internal port for
    /healthz, /readyz and /metrics. It uses its service's database."""

    name: str
    module: str
    port: int

    @property
    def env(self) -> str:
        """The prefix of its environment variables: VOTING_TALLY for VOTING_TALLY_PORT."""
        return self.name.upper().replace("-", "_")


@dataclass(frozen=True)
class Service:
    """One HTTP service behind the gateway, at /api/<name>/..., run as python -m <module>."""

    name: str
    port: int
    # Pages the gateway serves for it: (route, file under services/gateway/static).
    pages: tuple[tuple[str, str], ...] = ()
    workers: tuple[Worker, ...] = ()
    # The topics whose events it publishes (the contract's topics, without prefix).
    topics: tuple[str, ...] = ()
    # What it is for, in one line (docs and the dev stack's banner).
    summary: str = ""
    # Whether it keeps data tied to a participant and answers GET /api/<name>/me with it
    # (collected by the gateway's GET /api/me/export).
    personal_data: bool = True

    @property
    def module(self) -> str:
        """The module `python -m` runs."""
        return f"services.{self.name}"

    @property
    def prefix(self) -> str:
        """The URL prefix the gateway routes to the service."""
        return f"/api/{self.name}"

    @property
    def env(self) -> str:
        """The prefix of its environment variables: IDEAS for IDEAS_PORT and IDEAS_URL."""
        return self.name.upper().replace("-", "_")


GATEWAY_PORT = 8080

SERVICES: tuple[Service, ...] = (
    Service(
        "ideas",
        8081,
        pages=(
            ("/", "citizen.html"),
            ("/moderate", "moderate.html"),
            ("/screen/ideas", "screen-ideas.html"),
        ),
        topics=("ideas.events",),
        summary="ideas from citizens: submit, support, comment, moderate",
    ),
    Service(
        "voting",
        8082,
        pages=(
            ("/join", "join.html"),
            ("/workshop", "workshop.html"),
            ("/screen/session/{session_id}", "screen-session.html"),
        ),
        workers=(Worker("voting-tally", "services.voting.tally", 8083),),
        topics=("voting.events", "voting.votes"),
        summary="live votes in workshops: sessions, join codes, polls, tallies",
    ),
    Service(
        "exhibitions",
        8084,
        pages=(
            ("/exhibitions", "exhibitions.html"),
            ("/kiosk/exhibit/{exhibit_id}", "kiosk.html"),
            ("/exhibit/{code}", "exhibit.html"),
            ("/screen/exhibition/{exhibition_id}", "screen-exhibition.html"),
        ),
        topics=("exhibitions.events",),
        summary="feedback on exhibits, on site at a kiosk and by QR on the phone",
    ),
    Service(
        "hackathons",
        8085,
        pages=(
            ("/hackathons", "hackathons.html"),
            ("/hackathon/{hackathon_id}", "hackathon.html"),
            ("/jury", "jury.html"),
            ("/screen/hackathon/{hackathon_id}", "screen-hackathon.html"),
        ),
        topics=("hackathons.events",),
        summary="hackathons: teams, project pages, a fair jury, the audience award",
    ),
)


def service(name: str) -> Service:
    """The registry entry called `name`; KeyError names the known ones."""
    for entry in SERVICES:
        if entry.name == name:
            return entry
    raise KeyError(f"no service {name!r}; known: {', '.join(names())}")


def names() -> tuple[str, ...]:
    """Every service's name, in registry order."""
    return tuple(entry.name for entry in SERVICES)


def workers() -> tuple[tuple[Service, Worker], ...]:
    """Every worker with the service it belongs to."""
    return tuple((entry, worker) for entry in SERVICES for worker in entry.workers)


def pages() -> dict[str, str]:
    """Every page route the gateway serves, with its file."""
    return {route: filename for entry in SERVICES for route, filename in entry.pages}
