"""Handlers of supporting an idea and withdrawing the support: each participant counts once."""

from __future__ import annotations

from pymongo.errors import DuplicateKeyError

from services.ideas.commands import SupportIdea, WithdrawSupport
from services.ideas.events import IdeaSupported, SupportWithdrawn
from services.ideas.handlers import IdeasService, Outcome, not_found
from services.ideas.ports import Idea
from shared.clock import now_ms as now
from shared.unit_of_work import Transaction


async def support_idea(service: IdeasService, command: SupportIdea) -> Outcome:
    """Support a published idea; a repeat changes nothing (`changed` False)."""
    service.public_idea(command.idea_id)

    async def work(tx: Transaction) -> Idea | None:
        if not await service.supports.add(command.idea_id, command.participant, now(), tx):
            return None
        updated = await service.ideas.add_to_counts(command.idea_id, tx, supports=1)
        if updated is None:
            raise not_found()
        service.record(tx, IdeaSupported(updated, participant=command.participant))
        return updated

    try:
        updated = await service.uow.run(work)
    except DuplicateKeyError:
        # Two taps of the same participant at the same moment: the other one counted.
        updated = None
    if updated is None:
        return Outcome(service.get(command.idea_id), False)
    return Outcome(updated, True)


async def withdraw_support(service: IdeasService, command: WithdrawSupport) -> Outcome:
    """Withdraw one's support from a published idea; withdrawing twice changes nothing."""
    service.public_idea(command.idea_id)

    async def work(tx: Transaction) -> Idea | None:
        if not await service.supports.remove(command.idea_id, command.participant, tx):
            return None
        updated = await service.ideas.add_to_counts(command.idea_id, tx, supports=-1)
        if updated is None:
            raise not_found()
        service.record(tx, SupportWithdrawn(updated, participant=command.participant))
        return updated

    updated = await service.uow.run(work)
    if updated is None:
        return Outcome(service.get(command.idea_id), False)
    return Outcome(updated, True)
