"""Handlers of teams: form one, join one with its invite code, write its project page."""

from __future__ import annotations

from pymongo.errors import DuplicateKeyError

from services.hackathons import domain
from services.hackathons.commands import CreateTeam, EditProject, JoinTeam
from services.hackathons.domain import Doc
from services.hackathons.events import HackathonEvent
from services.hackathons.handlers import HackathonsService
from services.hackathons.views import project_view, team_view
from shared.clock import now_ms as now
from shared.errors import DomainError
from shared.unit_of_work import Transaction

# A taken invite code is drawn again; with 32^8 codes, ten taken in a row means a fault.
CODE_DRAWS = 10

ALREADY_IN_TEAM = DomainError(
    "You are in a team of this hackathon already.",
    "Sie sind bereits in einem Team dieses Hackathons.",
    "already-in-team",
)
WRONG_CODE = DomainError(
    "This invite code does not belong to this team.",
    "Dieser Einladungscode passt nicht zu diesem Team.",
    "wrong-invite-code",
)
JOINED_MEANWHILE = DomainError(
    "Someone joined this team at the same moment; please try again.",
    "Gerade ist jemand anderes beigetreten; bitte noch einmal versuchen.",
    "conflict",
)


async def create_team(service: HackathonsService, command: CreateTeam) -> Doc:
    """A new team for a challenge, with the caller as its first member and a fresh invite
    code; one team per participant and hackathon."""
    hackathon = await service.hackathon(command.hackathon_id)
    domain.refuse_unless_building(hackathon)
    await service.challenge(hackathon["_id"], command.challenge_id)
    names = command.names[: hackathon["max_team_size"]]
    for _ in range(CODE_DRAWS):
        team = domain.new_team(
            hackathon["_id"], command.challenge_id, command.name, names, command.member, now()
        )

        async def work(tx: Transaction, team: Doc = team) -> Doc:
            await service.stores.teams.add(team, tx)
            try:
                await service.stores.teams.claim_membership(
                    hackathon["_id"], command.member, team["_id"], tx
                )
            except DuplicateKeyError:
                raise ALREADY_IN_TEAM from None
            event = HackathonEvent(
                "team.created", hackathon["_id"], {"team": team_view(team)}, team["_id"]
            )
            service.record(tx, event)
            return team

        try:
            return await service.uow.run(work)
        except DuplicateKeyError:
            continue  # the invite code was taken
    raise RuntimeError("could not find a free invite code")


async def join_team(service: HackathonsService, command: JoinTeam) -> Doc:
    """The caller joins the team whose invite code they know; joining again changes nothing."""
    team = await service.team(command.team_id)
    if command.member in team["members"]:
        return team
    if command.invite_code.strip().upper() != team["invite_code"]:
        raise WRONG_CODE
    hackathon = await service.hackathon(team["hackathon_id"])
    domain.refuse_unless_building(hackathon)

    async def work(tx: Transaction) -> Doc:
        current = await service.team(command.team_id, tx)
        domain.refuse_if_full(hackathon, current)
        try:
            await service.stores.teams.claim_membership(
                hackathon["_id"], command.member, current["_id"], tx
            )
        except DuplicateKeyError:
            raise ALREADY_IN_TEAM from None
        joined = await service.stores.teams.add_member(current, command.member, command.name, tx)
        if joined is None:
            raise JOINED_MEANWHILE
        data = {"team_id": joined["_id"], "size": team_view(joined)["size"]}
        service.record(tx, HackathonEvent("team.joined", hackathon["_id"], data, joined["_id"]))
        return joined

    return await service.uow.run(work)


async def edit_project(service: HackathonsService, command: EditProject) -> Doc:
    """A member writes the team's project page, until the submission deadline."""
    team = await service.team(command.team_id)
    domain.refuse_unless_member(team, command.member)
    hackathon = await service.hackathon(team["hackathon_id"])
    domain.refuse_unless_editable(hackathon, command.now)
    project = {**command.project, "updated_at": command.now}

    async def work(tx: Transaction) -> Doc:
        updated = await service.stores.teams.set_project(team["_id"], project, command.now, tx)
        if updated is None:
            raise DomainError(
                "There is no team with this id.", "Dieses Team gibt es nicht.", "not-found"
            )
        data = {"team_id": team["_id"], "project": project_view(updated)}
        service.record(tx, HackathonEvent("project.updated", hackathon["_id"], data, team["_id"]))
        return updated

    return await service.uow.run(work)
