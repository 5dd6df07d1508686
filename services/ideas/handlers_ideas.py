"""Handlers of the commands on ideas themselves: submit one, change its status, withdraw it."""

from __future__ import annotations

from pymongo.errors import DuplicateKeyError

from services.ideas import domain
from services.ideas.commands import ChangeStatus, SubmitIdea, WithdrawIdea
from services.ideas.events import IdeaStatusChanged, IdeaSubmitted, IdeaWithdrawn
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
        exact_location=command.exact_location,
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
    earlier = await service.ideas.get(record["body"]["idea_id"])
    if earlier is not None and domain.is_withdrawn(earlier):
        # A retry of a submission its author has withdrawn since: nothing is left to answer with.
        raise DomainError(
            "This idea was withdrawn by its author.",
            "Diese Idee wurde zurückgezogen.",
            "withdrawn",
        )
    return earlier


async def change_status(service: IdeasService, command: ChangeStatus) -> Idea:
    """A moderator's decision, with an optional (sometimes required) official answer."""

    async def work(tx: Transaction) -> Idea:
        current = await service.ideas.get(command.idea_id, tx)
        if current is None or domain.is_withdrawn(current):
            raise not_found()
        changes = domain.status_change(current, command.status, command.answer, command.by, now())
        updated = {**current, **changes, "version": current["version"] + 1}
        if not await service.ideas.save(updated, expected_version=current["version"], tx=tx):
            raise _changed_meanwhile()
        service.record(tx, IdeaStatusChanged(updated, previous_status=current["status"]))
        return updated

    return await service.uow.run(work)


async def withdraw_idea(service: IdeasService, command: WithdrawIdea) -> None:
    """The author withdraws their idea, in one transaction: the idea becomes a tombstone without
    text, place or author, its comments and supports are erased, so are the outbox's copies of
    its events, and idea.withdrawn (the tombstone only) goes out. Unknown or already withdrawn:
    not found; someone else's: not-your-idea."""

    async def work(tx: Transaction) -> None:
        current = await service.ideas.get(command.idea_id, tx)
        if current is None or domain.is_withdrawn(current):
            raise not_found()
        tombstone = domain.withdrawn_form(current, command.author, now())
        if not await service.ideas.save(tombstone, expected_version=current["version"], tx=tx):
            raise _changed_meanwhile()
        await service.supports.remove_all(command.idea_id, tx)
        await service.comments.remove_all(command.idea_id, tx)
        # Before `record`: the withdrawal's own event joins the outbox only at the commit.
        await service.events.erase(command.idea_id, tx)
        service.record(tx, IdeaWithdrawn(tombstone))

    await service.uow.run(work)


def _changed_meanwhile() -> DomainError:
    return DomainError(
        "The idea was changed by someone else meanwhile; reload and try again.",
        "Die Idee wurde inzwischen geändert; bitte neu laden.",
        "conflict",
    )
