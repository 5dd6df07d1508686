"""Handlers of the commands on ideas themselves: submit one, change its status."""

from __future__ import annotations

from pymongo.errors import DuplicateKeyError

from services.ideas import domain
from services.ideas.commands import ChangeStatus, SubmitIdea
from services.ideas.events import IdeaStatusChanged, IdeaSubmitted
from services.ideas.handlers import IdeasService, Outcome, not_found
from services.ideas.ports import Idea
from shared.clock import now_ms as now
from shared.errors import DomainError
from shared.unit_of_work import Transaction


async def submit_idea(service: IdeasService, command: SubmitIdea) -> Outcome:
    """Store a new idea (status submitted); `changed` is False when this is a retry of an earlier
    submission with the same Idempotency-Key, whose idea is returned instead."""
    domain.check_submission(
        command.field, command.location, service.fields_of_action, service.region_bbox
    )
    key = command.replay_key
    if key and (earlier := await _earlier_idea(service, key)):
        return Outcome(earlier, False)
    idea = domain.new_idea(
        title=command.title,
        body=command.body,
        field=command.field,
        location=command.location,
        author=command.author,
        now=now(),
    )

    async def work(tx: Transaction) -> None:
        await service.ideas.add(idea, tx)
        if key:
            await service.idempotency.remember(key, 201, {"idea_id": idea["_id"]}, tx)
        service.record(tx, IdeaSubmitted(idea))

    try:
        await service.uow.run(work)
    except DuplicateKeyError:
        # The same key raced in from a second request that committed first: answer with its idea.
        if key and (earlier := await _earlier_idea(service, key)):
            return Outcome(earlier, False)
        raise
    return Outcome(idea, True)


async def _earlier_idea(service: IdeasService, key: str) -> Idea | None:
    record = await service.idempotency.find(key)
    if record is None:
        return None
    return await service.ideas.get(record["body"]["idea_id"])


async def change_status(service: IdeasService, command: ChangeStatus) -> Idea:
    """A moderator's decision, with an optional (sometimes required) official answer."""

    async def work(tx: Transaction) -> Idea:
        current = await service.ideas.get(command.idea_id, tx)
        if current is None:
            raise not_found()
        changes = domain.status_change(current, command.status, command.answer, command.by, now())
        updated = {**current, **changes, "version": current["version"] + 1}
        if not await service.ideas.save(updated, expected_version=current["version"], tx=tx):
            raise DomainError(
                "The idea was changed by someone else meanwhile; reload and try again.",
                "Die Idee wurde inzwischen geändert; bitte neu laden.",
                "conflict",
            )
        service.record(tx, IdeaStatusChanged(updated, previous_status=current["status"]))
        return updated

    return await service.uow.run(work)
