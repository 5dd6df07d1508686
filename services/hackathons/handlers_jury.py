"""Handlers of the jury: make a jury account a juror of a hackathon (or not), score a project,
declare a conflict of interest. A juror is named by their account's user name."""

from __future__ import annotations

from services.hackathons import scoring
from services.hackathons.commands import AssignJuror, DeclareConflict, RemoveJuror, ScoreProject
from services.hackathons.domain import Doc, Phase, is_submitted, refuse_unless_phase
from services.hackathons.events import HackathonEvent
from services.hackathons.handlers import HackathonsService, not_found
from shared.clock import now_ms as now
from shared.errors import DomainError
from shared.unit_of_work import Transaction


async def assign_juror(service: HackathonsService, command: AssignJuror) -> Doc:
    """Make an enabled jury account a juror of the hackathon (again: no change)."""
    hackathon = await service.hackathon(command.hackathon_id)
    if command.username in hackathon["jurors"]:
        return hackathon
    if not await service.outside.accounts.is_juror_account(command.username):
        raise DomainError(
            f"{command.username!r} is not an enabled jury account; an admin creates one first.",
            f"„{command.username}“ ist kein aktives Jury-Konto; ein Admin legt es zuerst an.",
            "not-a-jury-account",
        )
    return await _set_juror(service, hackathon["_id"], command.username, True)


async def remove_juror(service: HackathonsService, command: RemoveJuror) -> Doc:
    """The account is no longer a juror here (its scores so far stay out of the ranking)."""
    hackathon = await service.hackathon(command.hackathon_id)
    if command.username not in hackathon["jurors"]:
        return hackathon
    return await _set_juror(service, hackathon["_id"], command.username, False)


async def _set_juror(
    service: HackathonsService, hackathon_id: str, username: str, present: bool
) -> Doc:
    async def work(tx: Transaction) -> Doc:
        updated = await service.stores.hackathons.set_juror(hackathon_id, username, present, tx)
        if updated is None:
            raise not_found()
        kind = "juror.assigned" if present else "juror.removed"
        service.record(tx, HackathonEvent(kind, hackathon_id, {"juror": username}))
        return updated

    return await service.uow.run(work)


async def judged_project(service: HackathonsService, team_id: str, juror: str) -> tuple[Doc, Doc]:
    """The hackathon and the submitted project a juror of it may judge now, or the error."""
    team = await service.team(team_id)
    hackathon = await service.hackathon(team["hackathon_id"])
    if juror not in hackathon["jurors"]:
        raise DomainError(
            "You are not a juror of this hackathon.",
            "Sie sind nicht in der Jury dieses Hackathons.",
            "not-a-juror",
        )
    refuse_unless_phase(hackathon, Phase.JUDGING)
    if not is_submitted(team):
        raise not_found("team")
    return hackathon, team


async def score_project(service: HackathonsService, command: ScoreProject) -> Doc:
    """The juror's scores of one project on every criterion (given again: replaced)."""
    hackathon, team = await judged_project(service, command.team_id, command.juror)
    scores = scoring.check_scores(hackathon["rubric"], command.scores)
    card = _card(hackathon, team, command.juror, scores=scores, note=command.note)
    return await _put_card(service, card, "score.given")


async def declare_conflict(service: HackathonsService, command: DeclareConflict) -> Doc:
    """A juror skips a project for a conflict of interest (their scores of it are dropped), or
    takes the declaration back."""
    hackathon, team = await judged_project(service, command.team_id, command.juror)
    card = _card(hackathon, team, command.juror, scores=None, note="", conflict=command.conflict)
    return await _put_card(service, card, "conflict.declared")


def _card(
    hackathon: Doc, team: Doc, juror: str, *, scores: dict | None, note: str, conflict: bool = False
) -> Doc:
    return {
        "hackathon_id": hackathon["_id"],
        "team_id": team["_id"],
        "juror": juror,
        "scores": scores,
        "note": note,
        "conflict": conflict,
        "updated_at": now(),
    }


async def _put_card(service: HackathonsService, card: Doc, kind: str) -> Doc:
    async def work(tx: Transaction) -> Doc:
        await service.stores.scores.put(card, tx)
        # The event tells that a juror acted, not how: scores stay blind until the reveal.
        data = {"team_id": card["team_id"], "juror": card["juror"], "conflict": card["conflict"]}
        service.record(tx, HackathonEvent(kind, card["hackathon_id"], data, card["team_id"]))
        return card

    return await service.uow.run(work)
