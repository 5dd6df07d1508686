"""Handler of comment moderation: nothing a visitor writes is public before staff have read it."""

from __future__ import annotations

from services.exhibitions.commands import ModerateComment
from services.exhibitions.domain import Doc
from services.exhibitions.events_feedback import CommentModerated
from services.exhibitions.handlers import ExhibitionsService, not_found
from services.exhibitions.handlers_feedback import writer_of
from shared.clock import now_ms as now
from shared.errors import DomainError
from shared.unit_of_work import Transaction


async def moderate_comment(service: ExhibitionsService, command: ModerateComment) -> Doc:
    """Publish or reject a comment (a published one may still be rejected, and back); moderating
    it to the status it has changes nothing."""

    async def work(tx: Transaction) -> Doc:
        comment = await service.stores.comments.get(command.comment_id, tx)
        if comment is None:
            raise not_found("comment")
        if comment["status"] == command.status:
            return comment
        if not await service.stores.comments.set_status(
            command.comment_id, expected=comment["status"], status=command.status, at=now(), tx=tx
        ):
            raise DomainError(
                "The comment was moderated by someone else meanwhile.",
                "Der Kommentar wurde inzwischen schon moderiert.",
                "conflict",
            )
        moderated = {**comment, "status": command.status}
        rating = await service.stores.ratings.get(comment["rating_id"], tx)
        writer = writer_of(rating) if rating else []
        service.record(tx, CommentModerated(comment["exhibition_id"], moderated), writer)
        service.changed(tx, comment["exhibition_id"])
        return moderated

    return await service.uow.run(work)
