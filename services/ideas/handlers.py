"""One method per command: load, apply the domain rules, save with the event, update the model."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import DuplicateKeyError

from services.ideas import domain, wall
from services.ideas.domain import DomainError, Location, Status
from services.ideas.readmodel import IdeaReadModel
from services.ideas.storage import IdeaStore
from shared.events import CloudEvent
from shared.live import LivePublisher
from shared.mongo import in_transaction
from shared.outbox import Outbox

SOURCE = "/oecherlab/ideas"
EVENT_PREFIX = "de.oecherlab.ideas."


def _now() -> datetime:
    # Millisecond precision: what MongoDB stores, so the read model and the database agree.
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def _not_found(what: str = "idea") -> DomainError:
    return DomainError(
        f"There is no {what} with this id.",
        "Diese Idee gibt es nicht." if what == "idea" else "Diesen Kommentar gibt es nicht.",
        "not-found",
    )


class IdeasService:
    """The commands of the ideas context. Every change is stored with its event on ideas.events."""

    def __init__(
        self,
        *,
        client: AsyncMongoClient,
        store: IdeaStore,
        outbox: Outbox,
        model: IdeaReadModel,
        topic: str,
        fields_of_action: list[str],
        region_bbox: tuple[float, float, float, float],
    ) -> None:
        self.client = client
        self.store = store
        self.outbox = outbox
        self.model = model
        self.topic = topic
        self.fields_of_action = fields_of_action
        self.region_bbox = region_bbox
        self.live: LivePublisher | None = None

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

    async def _record(
        self, session: AsyncClientSession, kind: str, idea: dict[str, Any], **data: Any
    ) -> None:
        event = CloudEvent(
            source=SOURCE,
            type=EVENT_PREFIX + kind,
            subject=idea["_id"],
            data={"idea": _event_view(idea), **data},
        )
        await self.outbox.add(session, self.topic, idea["_id"], event)

    def apply_remote(self, idea: dict[str, Any]) -> None:
        """A change another instance made (from ideas.events); our own ones are no-ops here."""
        if self.model.apply(idea) and domain.is_public(idea):
            self._project_wall()

    def _after_commit(self, idea: dict[str, Any] | None) -> None:
        self.outbox.committed()
        if idea is not None and self.model.apply(idea) and domain.is_public(idea):
            self._project_wall()

    async def load_model(self) -> int:
        """Fill the read model from the database; returns the number of ideas."""
        self.model.load([doc async for doc in self.store.all_ideas()])
        return len(self.model)

    async def reload(self) -> int:
        """Catch up with the database (events may have been lost) and redraw the wall."""
        count = await self.load_model()
        self._project_wall()
        return count

    async def submit(
        self,
        *,
        title: str,
        body: str,
        field: str,
        location: Location | None,
        author: str,
        idempotency_key: str | None = None,
    ) -> tuple[dict[str, Any], bool]:
        """Store a new idea (status submitted); returns it and whether it was new."""
        domain.check_submission(field, location, self.fields_of_action, self.region_bbox)
        idem = f"idea:{author}:{idempotency_key}" if idempotency_key else None
        if idem and (earlier := await self._replay(idem)):
            return earlier, False
        idea = domain.new_idea(
            title=title, body=body, field=field, location=location, author=author, now=_now()
        )

        async def work(session: AsyncClientSession) -> None:
            await self.store.ideas.insert_one(idea, session=session)
            if idem:
                await self.store.remember_idempotent(idem, 201, {"idea_id": idea["_id"]}, session)
            await self._record(session, "idea.submitted", idea)

        try:
            await in_transaction(self.client, work)
        except DuplicateKeyError:
            if idem and (earlier := await self._replay(idem)):
                return earlier, False
            raise
        self._after_commit(idea)
        return idea, True

    async def _replay(self, key: str) -> dict[str, Any] | None:
        record = await self.store.find_idempotent(key)
        if record is None:
            return None
        return await self.store.get(record["body"]["idea_id"])

    def get(self, idea_id: str) -> dict[str, Any]:
        """An idea from the read model."""
        idea = self.model.get(idea_id)
        if idea is None:
            raise _not_found()
        return idea

    async def set_status(
        self, idea_id: str, target: Status, answer: str | None, by: str
    ) -> dict[str, Any]:
        """A moderator's decision, with an optional (sometimes required) official answer."""
        current = await self.store.get(idea_id)
        if current is None:
            raise _not_found()
        changes = domain.status_change(current, target, answer, by, _now())

        async def work(session: AsyncClientSession) -> dict[str, Any] | None:
            updated = await self.store.update(
                idea_id, changes, session, expect_version=current["version"]
            )
            if updated is not None:
                await self._record(
                    session, "idea.status_changed", updated, previous_status=current["status"]
                )
            return updated

        updated = await in_transaction(self.client, work)
        if updated is None:
            raise DomainError(
                "The idea was changed by someone else meanwhile; reload and try again.",
                "Die Idee wurde inzwischen geändert; bitte neu laden.",
                "conflict",
            )
        self._after_commit(updated)
        return updated

    def _public_idea(self, idea_id: str) -> dict[str, Any]:
        idea = self.model.get(idea_id)
        if idea is None or not domain.is_public(idea):
            raise _not_found()
        return idea

    async def support(self, idea_id: str, participant: str) -> tuple[dict[str, Any], bool]:
        """Support an idea once; a repeat changes nothing. Returns the idea and if it counted."""
        self._public_idea(idea_id)
        key = domain.support_key(idea_id, participant)

        async def work(session: AsyncClientSession) -> dict[str, Any] | None:
            await self.store.supports.insert_one(
                {"_id": key, "idea_id": idea_id, "participant": participant, "at": _now()},
                session=session,
            )
            updated = await self.store.update(idea_id, {}, session, inc={"supports": 1})
            if updated is not None:
                await self._record(session, "idea.supported", updated, participant=participant)
            return updated

        try:
            updated = await in_transaction(self.client, work)
        except DuplicateKeyError:
            return self.get(idea_id), False
        self._after_commit(updated)
        return updated or self.get(idea_id), True

    async def withdraw_support(self, idea_id: str, participant: str) -> tuple[dict[str, Any], bool]:
        """Withdraw one's support; withdrawing twice changes nothing."""
        self._public_idea(idea_id)
        key = domain.support_key(idea_id, participant)

        async def work(session: AsyncClientSession) -> dict[str, Any] | None:
            deleted = await self.store.supports.delete_one({"_id": key}, session=session)
            if deleted.deleted_count == 0:
                return None
            updated = await self.store.update(idea_id, {}, session, inc={"supports": -1})
            if updated is not None:
                await self._record(
                    session, "idea.support_withdrawn", updated, participant=participant
                )
            return updated

        updated = await in_transaction(self.client, work)
        if updated is None:
            return self.get(idea_id), False
        self._after_commit(updated)
        return updated, True

    async def supported_by(self, idea_id: str, participant: str) -> bool:
        key = domain.support_key(idea_id, participant)
        return await self.store.supports.find_one({"_id": key}) is not None

    async def comment(
        self, idea_id: str, body: str, author: str, idempotency_key: str | None = None
    ) -> dict[str, Any]:
        """A comment, held back until a moderator publishes it (pre-moderation)."""
        idea = self._public_idea(idea_id)
        idem = f"comment:{author}:{idea_id}:{idempotency_key}" if idempotency_key else None
        if idem and (record := await self.store.find_idempotent(idem)):
            return await self.store.comments.find_one({"_id": record["body"]["comment_id"]})
        comment = {
            "_id": uuid.uuid4().hex[:16],
            "idea_id": idea_id,
            "body": body,
            "author": author,
            "status": "submitted",
            "created_at": _now(),
        }

        async def work(session: AsyncClientSession) -> None:
            await self.store.comments.insert_one(comment, session=session)
            if idem:
                await self.store.remember_idempotent(
                    idem, 201, {"comment_id": comment["_id"]}, session
                )
            await self._record(
                session, "comment.submitted", idea, comment=_comment_event_view(comment)
            )

        try:
            await in_transaction(self.client, work)
        except DuplicateKeyError:
            if idem and (record := await self.store.find_idempotent(idem)):
                return await self.store.comments.find_one({"_id": record["body"]["comment_id"]})
            raise
        self.outbox.committed()
        return comment

    async def moderate_comment(self, idea_id: str, comment_id: str, status: str) -> dict[str, Any]:
        """Publish or reject a comment; the idea's comment count follows the published ones."""
        comment = await self.store.comments.find_one({"_id": comment_id, "idea_id": idea_id})
        if comment is None:
            raise _not_found("comment")
        if comment["status"] == status:
            return comment
        delta = (status == "published") - (comment["status"] == "published")

        async def work(session: AsyncClientSession) -> dict[str, Any] | None:
            res = await self.store.comments.update_one(
                {"_id": comment_id, "status": comment["status"]},
                {"$set": {"status": status, "moderated_at": _now()}},
                session=session,
            )
            if res.modified_count == 0:
                return None
            updated = await self.store.update(idea_id, {}, session, inc={"comments": delta})
            if updated is not None:
                moderated = {**comment, "status": status}
                await self._record(
                    session,
                    "comment.moderated",
                    updated,
                    comment=_comment_event_view(moderated),
                )
            return updated

        updated = await in_transaction(self.client, work)
        if updated is None:
            raise DomainError(
                "The comment was moderated by someone else meanwhile.",
                "Der Kommentar wurde inzwischen schon moderiert.",
                "conflict",
            )
        self._after_commit(updated)
        return {**comment, "status": status}

    async def comments_of(self, idea_id: str, *, staff: bool) -> list[dict[str, Any]]:
        """Published comments of an idea (moderators see held-back ones too), oldest first."""
        self.get(idea_id) if staff else self._public_idea(idea_id)
        flt: dict[str, Any] = {"idea_id": idea_id}
        if not staff:
            flt["status"] = "published"
        return await self.store.comments.find(flt).sort("created_at", 1).limit(500).to_list()

    async def comment_queue(self, status: str, limit: int = 200) -> list[dict[str, Any]]:
        """Comments waiting for (or past) moderation, oldest first."""
        cursor = self.store.comments.find({"status": status}).sort("created_at", 1).limit(limit)
        return await cursor.to_list()


def _event_view(idea: dict[str, Any]) -> dict[str, Any]:
    """The idea as events carry it: everything, with the pseudonymous author id, no terms."""
    return {k: v for k, v in idea.items() if k != "terms"}


def _comment_event_view(comment: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": comment["_id"],
        "body": comment["body"],
        "author": comment["author"],
        "status": comment["status"],
    }
