"""The audience award: a vote of the room over the submitted projects, run by the voting
service (voting_client.py) and kept beside the jury's result."""

from __future__ import annotations

from services.hackathons.commands import StartAudienceVote
from services.hackathons.domain import Doc, Phase, is_submitted, refuse_unless_phase
from services.hackathons.events import HackathonEvent
from services.hackathons.handlers import HackathonsService
from services.hackathons.voting_client import AudiencePoll
from shared.clock import now_ms as now
from shared.errors import DomainError
from shared.unit_of_work import Transaction

# The voting service's limits of options per poll (services/voting/poll_types.py).
MIN_PROJECTS, MAX_PROJECTS = 2, 12
LABEL_LENGTH = 80


async def start_audience_vote(
    service: HackathonsService, command: StartAudienceVote
) -> tuple[Doc, bool]:
    """The hackathon's audience vote, made and opened now if there is none yet; True when it
    was made by this call."""
    hackathon = await service.hackathon(command.hackathon_id)
    if hackathon.get("audience"):
        return hackathon["audience"], False
    refuse_unless_phase(hackathon, Phase.JUDGING, Phase.RESULTS)
    teams = [
        t for t in await service.stores.teams.of_hackathon(hackathon["_id"]) if is_submitted(t)
    ]
    if len(teams) < MIN_PROJECTS:
        raise DomainError(
            "An audience vote needs at least two submitted projects.",
            "Für eine Publikumsabstimmung braucht es mindestens zwei eingereichte Projekte.",
            "no-projects",
            submitted=len(teams),
        )
    if len(teams) > MAX_PROJECTS:
        raise DomainError(
            f"An audience vote takes at most {MAX_PROJECTS} projects; this hackathon has "
            f"{len(teams)}.",
            f"Eine Publikumsabstimmung fasst höchstens {MAX_PROJECTS} Projekte.",
            "too-many-projects",
        )
    labels = [_label(t) for t in teams]
    poll = await service.outside.voting.start(
        f"Publikumspreis – {hackathon['title']}", labels, command.token
    )
    audience = _audience(poll, [t["_id"] for t in teams])

    async def work(tx: Transaction) -> Doc | None:
        updated = await service.stores.hackathons.update(
            hackathon["_id"], {"audience": audience}, now(), tx, expected={"audience": None}
        )
        if updated is not None:
            data = {k: audience[k] for k in ("session_id", "poll_id", "join_code")}
            service.record(tx, HackathonEvent("audience_vote.started", hackathon["_id"], data))
        return updated

    if await service.uow.run(work) is None:
        # Another click started one at the same moment: that one counts.
        return (await service.hackathon(hackathon["_id"]))["audience"], False
    return audience, True


def _label(team: Doc) -> str:
    label = f"{team['project']['title']} ({team['name']})"
    return label if len(label) <= LABEL_LENGTH else label[: LABEL_LENGTH - 1] + "…"


def _audience(poll: AudiencePoll, team_ids: list[str]) -> Doc:
    return {
        "session_id": poll.session_id,
        "poll_id": poll.poll_id,
        "join_code": poll.join_code,
        "option_ids": poll.option_ids,
        "team_ids": team_ids,
        "result": None,
    }
