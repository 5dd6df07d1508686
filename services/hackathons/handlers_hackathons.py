"""Handlers of hackathons: create one, move its phase (the reveal), add a challenge."""

from __future__ import annotations

from services.hackathons import domain, leaderboard
from services.hackathons.commands import AddChallenge, ChangePhase, CreateHackathon
from services.hackathons.domain import Doc, Phase
from services.hackathons.events import HackathonEvent
from services.hackathons.handlers import HackathonsService
from services.hackathons.views import challenge_view, hackathon_view
from shared.clock import now_ms as now
from shared.errors import DomainError
from shared.unit_of_work import Transaction

CHANGED_MEANWHILE = DomainError(
    "The hackathon was changed by someone else meanwhile; reload and try again.",
    "Der Hackathon wurde inzwischen geändert; bitte neu laden.",
    "conflict",
)


async def create_hackathon(service: HackathonsService, command: CreateHackathon) -> Doc:
    """A new hackathon, in registration."""
    hackathon = domain.new_hackathon(command.spec, now())

    async def work(tx: Transaction) -> Doc:
        await service.stores.hackathons.add(hackathon, tx)
        data = {"hackathon": hackathon_view(hackathon)}
        service.record(tx, HackathonEvent("hackathon.created", hackathon["_id"], data))
        return hackathon

    return await service.uow.run(work)


async def change_phase(service: HackathonsService, command: ChangePhase) -> Doc:
    """Move the hackathon on; doing it twice changes nothing. Moving to results closes and
    reveals the audience vote first and keeps its result beside the jury's."""
    current = await service.hackathon(command.hackathon_id)
    if not domain.phase_change(current, command.phase):
        return current
    changes: dict = {"phase": command.phase.value}
    audience = current.get("audience")
    if command.phase == Phase.RESULTS and audience:
        result = await _final_audience(service, audience, command)
        changes["audience"] = {**audience, "result": result}

    async def work(tx: Transaction) -> Doc:
        updated = await service.stores.hackathons.update(
            current["_id"], changes, now(), tx, expected={"phase": current["phase"]}
        )
        if updated is None:
            raise CHANGED_MEANWHILE
        data = {"phase": updated["phase"], "previous": current["phase"]}
        service.record(tx, HackathonEvent("hackathon.phase_changed", updated["_id"], data))
        if command.phase == Phase.RESULTS:
            board = await leaderboard.board(service, updated)
            service.record(tx, HackathonEvent("results.revealed", updated["_id"], board))
        return updated

    return await service.uow.run(work)


async def _final_audience(service: HackathonsService, audience: Doc, command: ChangePhase) -> Doc:
    voting = service.outside.voting
    await voting.finish(audience["poll_id"], command.token)
    return leaderboard.audience_votes(audience, await voting.results(audience["poll_id"], None))


async def add_challenge(service: HackathonsService, command: AddChallenge) -> Doc:
    """A new challenge of the hackathon (any phase: a late data set is still welcome)."""
    await service.hackathon(command.hackathon_id)
    challenge = domain.new_challenge(
        command.hackathon_id, command.title, command.description, command.dataset_url, now()
    )

    async def work(tx: Transaction) -> Doc:
        await service.stores.challenges.add(challenge, tx)
        data = {"challenge": challenge_view(challenge)}
        event = HackathonEvent("challenge.added", command.hackathon_id, data, challenge["_id"])
        service.record(tx, event)
        return challenge

    return await service.uow.run(work)
