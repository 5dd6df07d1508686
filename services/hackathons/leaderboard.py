"""The leaderboard as the API, the screen and the results export show it: the jury's ranking
(scoring.py) with the audience award beside it."""

from __future__ import annotations

from typing import Any

from services.hackathons import scoring
from services.hackathons.domain import Doc, is_submitted
from services.hackathons.handlers import HackathonsService

View = dict[str, Any]


def audience_votes(audience: Doc, results: dict[str, Any]) -> Doc:
    """The voting service's results of the audience poll as votes per team."""
    team_of = dict(zip(audience["option_ids"], audience["team_ids"], strict=True))
    votes = {
        team_of[o["id"]]: int(o.get("count") or 0)
        for o in results.get("options", [])
        if o.get("id") in team_of
    }
    return {
        "status": results.get("status"),
        "voters": int(results.get("voters") or 0),
        "votes": votes,
    }


async def board(
    service: HackathonsService,
    hackathon: Doc,
    live_audience: Doc | None = None,
    *,
    teams: list[Doc] | None = None,
    challenges: list[Doc] | None = None,
) -> View:
    """The ranking of the submitted projects, the method in one sentence, and the audience
    vote's result (the kept one after the reveal, else `live_audience` if staff asked).
    `teams` and `challenges`: the hackathon's, if the caller has read them already."""
    stores = service.stores
    if teams is None:
        teams = await stores.teams.of_hackathon(hackathon["_id"])
    by_id = {t["_id"]: t for t in teams if is_submitted(t)}
    if challenges is None:
        challenges = await stores.challenges.of_hackathon(hackathon["_id"])
    challenge_titles = {c["_id"]: c["title"] for c in challenges}
    # A juror taken off the jury no longer counts, scores given before included.
    jurors = set(hackathon["jurors"])
    cards = [c for c in await stores.scores.of_hackathon(hackathon["_id"]) if c["juror"] in jurors]
    ranking = []
    for s in scoring.standings(hackathon["rubric"], cards, list(by_id)):
        team = by_id[s.team_id]
        ranking.append(
            {
                "team_id": s.team_id,
                "team": team["name"],
                "project": team["project"]["title"],
                "challenge": challenge_titles.get(team["challenge_id"], ""),
                "rank": s.rank,
                "score": None if s.score is None else round(s.score, 3),
                "tied": s.tied,
                "raw_mean": None if s.raw_mean is None else round(s.raw_mean, 2),
                "jurors": s.jurors,
            }
        )
    view: View = {"ranking": ranking, "method": scoring.METHOD, "method_de": scoring.METHOD_DE}
    audience = hackathon.get("audience")
    if audience:
        view["audience"] = _audience_view(audience, audience.get("result") or live_audience, by_id)
    return view


def _audience_view(audience: Doc, result: Doc | None, teams: dict[str, Doc]) -> View:
    view: View = {k: audience[k] for k in ("session_id", "poll_id", "join_code")}
    view.update(status=(result or {}).get("status", "open"), voters=(result or {}).get("voters"))
    votes = (result or {}).get("votes")
    if votes is None:
        view["ranking"] = []
        return view
    ranks = scoring.audience_ranks({t: votes.get(t, 0) for t in audience["team_ids"]})
    view["ranking"] = sorted(
        (
            {
                "team_id": t,
                "team": teams[t]["name"] if t in teams else "",
                "project": teams[t]["project"]["title"] if t in teams else "",
                "votes": votes.get(t, 0),
                "rank": ranks[t],
            }
            for t in audience["team_ids"]
        ),
        key=lambda row: (row["rank"], row["team"]),
    )
    return view
