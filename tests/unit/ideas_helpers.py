"""What the ideas handler tests share: a service on fakes, a live-wall spy, a few steps."""

from __future__ import annotations

from typing import Any

from services.ideas.commands import ChangeStatus, SubmitIdea
from services.ideas.domain import Status
from services.ideas.fakes import FakeComments, FakeIdeas, FakeSupports, in_memory_service
from services.ideas.handlers import IdeasService
from services.ideas.handlers_ideas import change_status, submit_idea
from shared.idempotency import FakeIdempotencyStore
from shared.settings import DEFAULT_FIELDS_OF_ACTION

FIELD = DEFAULT_FIELDS_OF_ACTION[0]
TOPIC = "ideas.events"


class LiveSpy:
    """Stands in for the LivePublisher: keeps what was set per channel and how often."""

    def __init__(self) -> None:
        self.states: dict[str, Any] = {}
        self.sets = 0

    def set(self, channel: str, state: Any) -> None:
        self.states[channel] = state
        self.sets += 1


class World:
    """A service on fakes with direct access to the fakes behind its ports."""

    def __init__(self) -> None:
        self.service, self.uow = in_memory_service(TOPIC)
        self.live = LiveSpy()
        self.service.attach_live(self.live)  # type: ignore[arg-type]

    @property
    def ideas(self) -> FakeIdeas:
        return self.service.ideas  # type: ignore[return-value]

    @property
    def supports(self) -> FakeSupports:
        return self.service.supports  # type: ignore[return-value]

    @property
    def comments(self) -> FakeComments:
        return self.service.comments  # type: ignore[return-value]

    @property
    def idempotency(self) -> FakeIdempotencyStore:
        return self.service.idempotency  # type: ignore[return-value]

    def types(self) -> list[str]:
        """The kinds of the published events, in order (de.oecherlab.ideas. cut off)."""
        return [e.type.removeprefix("de.oecherlab.ideas.") for _t, _k, e in self.uow.published]


def submission(author: str = "p:author", key: str | None = None, **changes: Any) -> SubmitIdea:
    fields: dict[str, Any] = {
        "title": "Mehr Bäume am Markt",
        "body": "Im Sommer fehlt Schatten.",
        "field": FIELD,
        "location": None,
        "author": author,
        "idempotency_key": key,
        **changes,
    }
    return SubmitIdea(**fields)


async def submitted(service: IdeasService, **changes: Any) -> dict[str, Any]:
    idea, _ = await submit_idea(service, submission(**changes))
    return idea


async def published(service: IdeasService, **changes: Any) -> dict[str, Any]:
    idea = await submitted(service, **changes)
    return await change_status(service, ChangeStatus(idea["_id"], Status.PUBLISHED, None, "u:mod"))
