"""Erasing a participant's data from the hackathons service (DSGVO Art. 17, DELETE
/api/hackathons/me).

They leave every team they belong to, with the display names they typed. A team that keeps
members keeps its name and project page: those are the team's joint work, which the others may
still change or withdraw. A team whose last member leaves is deleted with its project page and
the jury's cards of it, so the leaderboard is recomputed without it
(docs/decisions/0013-erasing-a-participant.md). team.left and team.removed say so; events of
this service never carry a participant id.
"""

from __future__ import annotations

from services.hackathons.events import HackathonEvent
from services.hackathons.handlers import HackathonsService
from services.hackathons.views import team_view
from shared.errors import DomainError
from shared.unit_of_work import Transaction

# Someone joins the team while it is being left: read it again.
LEAVE_ATTEMPTS = 3
CHANGED = DomainError(
    "A team changed while your data was being deleted; please try again.",
    "Ein Team hat sich gerade geändert, während Ihre Daten gelöscht wurden; bitte noch einmal.",
    "conflict",
)


async def erase_participant(service: HackathonsService, participant: str) -> int:
    """Take the participant out of every team; how many teams they left."""
    teams = await service.stores.teams.of_member(participant)
    for team in teams:
        for attempt in range(1, LEAVE_ATTEMPTS + 1):
            if await service.uow.run(lambda tx, t=team: _leave(service, t["_id"], participant, tx)):
                break
            if attempt == LEAVE_ATTEMPTS:
                raise CHANGED
    return len(teams)


async def _leave(
    service: HackathonsService, team_id: str, participant: str, tx: Transaction
) -> bool:
    current = await service.stores.teams.get(team_id, tx)
    if current is None or participant not in current["members"]:
        return True
    after = await service.stores.teams.leave(current, participant, tx)
    if after is None:
        return False
    hackathon_id = current["hackathon_id"]
    if after["members"]:
        data = {"team_id": team_id, "size": team_view(after)["size"]}
        service.record(tx, HackathonEvent("team.left", hackathon_id, data, team_id))
    else:
        await service.stores.teams.remove(team_id, tx)
        await service.stores.scores.remove_of_team(team_id, tx)
        service.record(
            tx, HackathonEvent("team.removed", hackathon_id, {"team_id": team_id}, team_id)
        )
    return True
