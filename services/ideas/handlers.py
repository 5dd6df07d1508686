"""The ideas service: what every command handler works with, the read model and the queries.

The handlers themselves are in handlers_ideas.py, handlers_support.py and handlers_comments.py;
each runs its work in the unit of work and records its events with `IdeasService.record`, which
also updates the read model and the live wall once (and only if) the work committed.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from services.ideas import domain, wall
from services.ideas.events import IdeaEvent
from services.ideas.ports import (
    CommentRepository,
    EventCopies,
    Idea,
    IdeaRepository,
    SupportRepository,
)
from services.ideas.readmodel import IdeaReadModel
from shared.errors import DomainError
from shared.idempotency import IdempotencyStore
from shared.live import LivePublisher
from shared.unit_of_work import Transaction, UnitOfWork


def not_found(what: str = "idea") -> DomainError:
    """The error for an unknown (or, for the public, unpublished) idea or comment."""
    return DomainError(
        f"There is no {what} with this id.",
        "Diese Idee gibt es nicht." if what == "idea" else "Diesen Kommentar gibt es nicht.",
        "not-found",
    )


class Outcome(NamedTuple):
    """A command's idea afterwards and whether the command changed anything."""

    idea: Idea
    changed: bool


class IdeasService:
    """The ports, the configuration and the read model the handlers share."""

    def __init__(
        self,
        *,
        uow: UnitOfWork,
        ideas: IdeaRepository,
        supports: SupportRepository,
        comments: CommentRepository,
        idempotency: IdempotencyStore,
        events: EventCopies,
        model: IdeaReadModel,
        topic: str,
        fields_of_action: list[str],
        region_bbox: tuple[float, float, float, float],
    ) -> None:
        self.uow = uow
        self.ideas = ideas
        self.supports = supports
        self.comments = comments
        self.idempotency = idempotency
        self.events = events
        self.model = model
        self.topic = topic
        self.fields_of_action = fields_of_action
        self.region_bbox = region_bbox
        self.live: LivePublisher | None = None

    def record(self, tx: Transaction, event: IdeaEvent) -> None:
        """Publish `event` with the transaction; show its idea here once it committed."""
        tx.record(self.topic, event.idea["_id"], event.to_cloud_event())
        tx.after_commit(lambda: self._take(event.idea))

    def apply_remote(self, idea: Idea) -> None:
        """A change another instance made (from ideas.events); our own ones are no-ops here,
        since the read model already has their version."""
        self._take(idea)

    def _take(self, idea: Idea) -> None:
        # Older or equal versions change nothing; only public ideas are on the wall, and a
        # withdrawn one may have been there (its tombstone no longer says).
        if self.model.apply(idea) and (domain.is_public(idea) or domain.is_withdrawn(idea)):
            self._project_wall()

    def attach_live(self, live: LivePublisher) -> None:
        """Project the idea wall onto live.updates from now on (current state at once)."""
        self.live = live
        self._project_wall()

    def _project_wall(self) -> None:
        if self.live is not None:
            # Computed when the (throttled) publisher sends, not on every change.
            self.live.set(wall.CHANNEL, self._wall_state)

    def _wall_state(self) -> dict[str, Any]:
        return wall.wall_state(self.model, self.fields_of_action)

    async def load_model(self) -> int:
        """Fill the read model from the database; returns the number of ideas. Tombstones go in
        too: an event of a withdrawn idea that arrives later must find it withdrawn."""
        self.model.load([idea async for idea in self.ideas.all(include_withdrawn=True)])
        return len(self.model)

    async def reload(self) -> int:
        """Catch up with the database (events may have been lost) and redraw the wall."""
        count = await self.load_model()
        self._project_wall()
        return count

    def get(self, idea_id: str) -> Idea:
        """An idea from the read model, published or not."""
        idea = self.model.get(idea_id)
        if idea is None:
            raise not_found()
        return idea

    def public_idea(self, idea_id: str) -> Idea:
        """A published idea from the read model; unpublished ones do not exist for the public."""
        idea = self.model.get(idea_id)
        if idea is None or not domain.is_public(idea):
            raise not_found()
        return idea

    async def supported_by(self, idea_id: str, participant: str) -> bool:
        """Whether the participant supports the idea."""
        return await self.supports.exists(idea_id, participant)

    async def comments_of(self, idea_id: str, *, staff: bool) -> list[dict[str, Any]]:
        """Published comments of an idea (moderators see held-back ones too), oldest first."""
        # Unknown ideas are not found; for the public, unpublished ones neither.
        (self.get if staff else self.public_idea)(idea_id)
        return await self.comments.of_idea(idea_id, published_only=not staff)

    async def comment_queue(self, status: str, limit: int = 200) -> list[dict[str, Any]]:
        """Comments waiting for (or past) moderation, oldest first."""
        comments = await self.comments.with_status(status, limit)
        # A comment that raced its idea's withdrawal to the millisecond can outlive it
        # (docs/decisions/0012-withdrawing-an-idea.md); nobody can moderate it, so nobody sees it.
        return [c for c in comments if c["idea_id"] not in self.model.withdrawn]

    async def is_replay(self, replay_key: str | None) -> bool:
        """Whether a request with this Idempotency-Key was answered before (a retry)."""
        return replay_key is not None and await self.idempotency.find(replay_key) is not None
