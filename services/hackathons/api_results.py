"""The results as files: results.csv (public once the results are out; open data style:
RFC 4180, comma, UTF-8) and scores.csv for staff (every card, for spreadsheets)."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Sequence

from aiohttp import web

from services.hackathons import leaderboard
from services.hackathons.api_common import service_of, staff
from services.hackathons.domain import Doc, Phase, iso
from services.hackathons.handlers import HackathonsService
from shared.auth import principal_of
from shared.csv_export import safe_cell, stream_csv
from shared.problems import Problem
from shared.runtime import VERIFIER

routes = web.RouteTableDef()

RESULTS_HEADER = (
    "rank",
    "team",
    "project",
    "challenge",
    "score",
    "raw_mean",
    "jurors",
    "audience_votes",
    "summary",
    "links",
)
SCORES_HEADER = ("team", "project", "juror", "criterion", "score", "note", "conflict", "updated_at")


async def results_rows(service: HackathonsService, hackathon: Doc) -> list[list[object]]:
    """One row per submitted project, best first; a project's summary and links only where its
    team agreed to open data."""
    listed = await service.stores.teams.of_hackathon(hackathon["_id"])
    board = await leaderboard.board(service, hackathon, teams=listed)
    votes = {r["team_id"]: r["votes"] for r in board.get("audience", {}).get("ranking", [])}
    teams = {t["_id"]: t for t in listed}
    rows = []
    for r in board["ranking"]:
        project = teams[r["team_id"]]["project"]
        agreed = bool(project.get("open_data"))
        figures = [_blank(r["rank"]), r["team"], r["project"], r["challenge"], _blank(r["score"])]
        figures += [_blank(r["raw_mean"]), r["jurors"], _blank(votes.get(r["team_id"]))]
        figures += [project["summary"], " ".join(project["links"])] if agreed else ["", ""]
        rows.append(figures)
    return rows


def _blank(value: object) -> object:
    return "" if value is None else value


@routes.get("/api/hackathons/{hackathon_id}/results.csv")
async def results_csv(request: web.Request) -> web.Response:
    """The results as open data: staff always, everyone once they are out."""
    service = service_of(request)
    hackathon = await service.hackathon(request.match_info["hackathon_id"])
    who = await principal_of(request, request.app[VERIFIER])
    if hackathon["phase"] != Phase.RESULTS and not (who and who.is_staff):
        raise Problem(
            403,
            "The results are published once they are out.",
            detail_de="Die Ergebnisse erscheinen, sobald sie verkündet sind.",
            code="not-revealed",
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(RESULTS_HEADER)
    for row in await results_rows(service, hackathon):
        writer.writerow([safe_cell(v) for v in row])
    disposition = f'attachment; filename="hackathon-{hackathon["_id"]}-results.csv"'
    return web.Response(
        text=buffer.getvalue(),
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": disposition},
    )


async def _score_rows(
    service: HackathonsService, hackathon: Doc
) -> AsyncIterator[Sequence[object]]:
    teams = {t["_id"]: t for t in await service.stores.teams.of_hackathon(hackathon["_id"])}
    for card in await service.stores.scores.of_hackathon(hackathon["_id"]):
        team = teams.get(card["team_id"], {"name": "", "project": None})
        title = (team["project"] or {}).get("title", "")
        base = (team["name"], title, card["juror"])
        if card.get("conflict") or not card.get("scores"):
            yield (
                *base,
                "",
                "",
                card["note"],
                "yes" if card.get("conflict") else "",
                iso(card["updated_at"]),
            )
            continue
        for criterion, score in card["scores"].items():
            yield (*base, criterion, score, card["note"], "", iso(card["updated_at"]))


@routes.get("/api/hackathons/{hackathon_id}/scores.csv")
async def scores_csv(request: web.Request) -> web.StreamResponse:
    """Every juror's scores and notes (staff), for the organisers' records."""
    await staff(request)
    service = service_of(request)
    hackathon = await service.hackathon(request.match_info["hackathon_id"])
    rows = _score_rows(service, hackathon)
    return await stream_csv(
        request, f"hackathon-{hackathon['_id']}-scores.csv", SCORES_HEADER, rows
    )
