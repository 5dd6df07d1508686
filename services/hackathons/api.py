"""The HTTP edge of the hackathons service: its routes and how its rule codes answer.

The routes live by meaning in api_hackathons.py (hackathons, phases, challenges, leaderboard,
audience vote), api_teams.py (teams and project pages), api_jury.py (jurors, assignments,
scores) and api_results.py (the CSV files); each parses input, builds one command, calls its
one handler and shapes the answer.
"""

from __future__ import annotations

from aiohttp.web import AbstractRouteDef

from services.hackathons import api_hackathons, api_jury, api_me, api_results, api_teams
from services.hackathons.api_common import INVITE_LIMIT, SERVICE, WRITE_LIMIT

__all__ = ["INVITE_LIMIT", "SERVICE", "STATUSES", "WRITE_LIMIT", "routes"]

# The hackathons rules' codes as HTTP statuses (not-found and conflict are common to all).
STATUSES = {
    "bad-rubric": 422,
    "bad-scores": 422,
    "invalid-transition": 409,
    "wrong-phase": 409,
    "deadline-passed": 409,
    "already-in-team": 409,
    "team-full": 409,
    "no-projects": 409,
    "too-many-projects": 409,
    "wrong-invite-code": 403,
    "not-a-member": 403,
    "not-a-juror": 403,
    "not-a-jury-account": 422,
}

# /me, /invites, /teams/… and /projects/… before /{hackathon_id}…, so no id is mistaken for a
# word.
routes: list[AbstractRouteDef] = [
    *api_me.routes,
    *api_teams.routes,
    *api_jury.routes,
    *api_results.routes,
    *api_hackathons.routes,
]
