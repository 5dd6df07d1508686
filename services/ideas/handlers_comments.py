"""Handlers of comments: a participant comments, a moderator publishes or rejects (pre-moderation:
nothing a citizen writes is public before a moderator has read it)."""

from __future__ import annotations

import uuid

from pymongo.errors import DuplicateKeyError

from services.ideas import domain
from services.ideas.commands import CommentOnIdea, ModerateComment
from services.ideas.events import CommentModerated, CommentSubmitted
from services.ideas.handlers import IdeasService, not_found
from services.ideas.ports import Comment
from shared.clock import now_ms as now
from shared.errors import DomainError
from shared.unit_of_work import Transaction


async def comment_on_idea(service: IdeasService, command: CommentOnIdea) -> Comment:
    """A comment on a published idea, held back until a moderator publishes it. A retry with the
    same Idempotency-Key returns the comment stored the first time."""
    idea = service.public_idea(command.idea_id)
    key = command.replay_key
    if key and (earlier := await _earlier_comment(service, key, command.idea_id)):
        return earlier
    comment: Comment = {
        "_id": uuid.uuid4().hex[:16],
        "idea_id": command.idea_id,
        "body": command.body,
        "author": command.author,
        "status": "submitted",
        "created_at": now(),
    }

    async def work(tx: Transaction) -> None:
        # Read again in the transaction: an idea withdrawn since the check above takes no new
        # comment, and its erased text must not come back in this event.
        current = await service.ideas.get(idea["_id"], tx)
        if current is None or not domain.is_public(current):
            raise not_found()
        await service.comments.add(comment, tx)
        if key:
            await service.idempotency.remember(key, 201, {"comment_id": comment["_id"]}, tx)
        service.record(tx, CommentSubmitted(current, comment=comment))

    try:
        await service.uow.run(work)
    except DuplicateKeyError:
        # The same key raced in from a second request that committed first.
        if key and (earlier := await _earlier_comment(service, key, command.idea_id)):
            return earlier
        raise
    return comment


async def _earlier_comment(service: IdeasService, key: str, idea_id: str) -> Comment | None:
    record = await service.idempotency.find(key)
    if record is None:
        return None
    return await service.comments.get(record["body"]["comment_id"], idea_id)


async def moderate_comment(service: IdeasService, command: ModerateComment) -> Comment:
    """Publish or reject a comment; the idea's comment count follows the published ones.
    Moderating a comment to the status it has already changes nothing."""

    async def work(tx: Transaction) -> Comment:
        comment = await service.comments.get(command.comment_id, command.idea_id, tx)
        if comment is None:
            raise not_found("comment")
        if comment["status"] == command.status:
            return comment
        previous = comment["status"]
        if not await service.comments.set_status(
            command.comment_id, expected=previous, status=command.status, at=now(), tx=tx
        ):
            raise DomainError(
                "The comment was moderated by someone else meanwhile.",
                "Der Kommentar wurde inzwischen schon moderiert.",
                "conflict",
            )
        delta = (command.status == "published") - (previous == "published")
        updated = await service.ideas.add_to_counts(command.idea_id, tx, comments=delta)
        if updated is None:
            raise not_found()
        moderated = {**comment, "status": command.status}
        service.record(tx, CommentModerated(updated, comment=moderated))
        return moderated

    return await service.uow.run(work)
