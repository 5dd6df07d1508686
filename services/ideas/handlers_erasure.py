"""Erasing a participant's data from the ideas service (DSGVO Art. 17, DELETE /api/ideas/me).

Their ideas are withdrawn (handlers_ideas.withdraw_idea: tombstones, their comments and supports
erased); their comments on other ideas are deleted and their supports withdrawn, each idea's
counts following, so every count equals a recount of what remains. Each change goes out as an
event without the participant (idea.support_withdrawn, comment.erased), and the outbox's copies
of the events that name them are erased (docs/decisions/0013-erasing-a-participant.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from services.ideas import domain
from services.ideas.commands import WithdrawIdea
from services.ideas.events import CommentErased, SupportWithdrawn
from services.ideas.handlers import IdeasService
from services.ideas.handlers_ideas import withdraw_idea
from shared.unit_of_work import Transaction


@dataclass(frozen=True)
class Erased:
    """What was deleted."""

    ideas: int
    comments: int
    supports: int


async def erase_participant(service: IdeasService, participant: str) -> Erased:
    """Delete everything the participant gave; erasing twice erases nothing the second time."""
    own = [i for i in await service.ideas.of_author(participant) if not domain.is_withdrawn(i)]
    for idea in own:
        await withdraw_idea(service, WithdrawIdea(idea["_id"], participant))

    async def work(tx: Transaction) -> tuple[int, int]:
        supports = 0
        for support in await service.supports.of_participant(participant):
            idea_id = support["idea_id"]
            if not await service.supports.remove(idea_id, participant, tx):
                continue
            supports += 1
            updated = await service.ideas.add_to_counts(idea_id, tx, supports=-1)
            if updated is not None:
                service.record(tx, SupportWithdrawn(updated, participant=None))
        comments = await service.comments.remove_of_author(participant, tx)
        for comment in comments:
            idea_id = comment["idea_id"]
            published = comment["status"] == "published"
            updated = (
                await service.ideas.add_to_counts(idea_id, tx, comments=-1)
                if published
                else await service.ideas.get(idea_id, tx)
            )
            if updated is not None and not domain.is_withdrawn(updated):
                service.record(tx, CommentErased(updated, comment_id=comment["_id"]))
        tx.forget(participant)
        return supports, len(comments)

    supports, comments = await service.uow.run(work)
    return Erased(len(own), comments, supports)
