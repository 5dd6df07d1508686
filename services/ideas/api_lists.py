"""Routes over many ideas: the list with filters, search and pages (from the read model), and the
moderators' CSV export (from the database)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated, Literal

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from services.ideas.api_common import SERVICE, VERIFIER, idea_view
from services.ideas.domain import Status
from services.ideas.readmodel import ListQuery
from services.ideas.search import query_terms
from shared.auth import principal_of, require
from shared.csv_export import stream_csv
from shared.problems import Problem
from shared.web import json_response

routes = web.RouteTableDef()

CSV_HEADER = (
    "id;titel;beschreibung;handlungsfeld;status;unterstuetzungen;kommentare;eingereicht;"
    "veroeffentlicht;antwort;breite;laenge"
).split(";")


class ListParams(BaseModel):
    model_config = ConfigDict(extra="ignore")
    status: Status | None = None
    field: Annotated[str, StringConstraints(max_length=200)] | None = None
    q: Annotated[str, StringConstraints(max_length=200)] | None = None
    sort: Literal["new", "top"] = "new"
    page: int = Field(default=1, ge=1, le=10_000)
    page_size: int = Field(default=20, ge=1, le=100)
    mine: bool = False


@routes.get("/api/ideas")
async def list_ideas(request: web.Request) -> web.Response:
    """A page of ideas: published ones for the public, any for staff, one's own with mine=true."""
    who = await principal_of(request, request.app[VERIFIER])
    # An empty parameter (?status=&q=) means "no filter", as forms and the contract send it.
    params = ListParams.model_validate({k: v for k, v in request.query.items() if v != ""})
    staff = who is not None and who.is_staff
    if params.mine and who is None:
        raise Problem(
            401, "Listing your own ideas needs your participant token.", code="unauthorized"
        )
    if params.status == Status.SUBMITTED and not staff and not params.mine:
        raise Problem(
            403,
            "Only moderators may list ideas that are not published.",
            detail_de="Nur Moderierende sehen unveröffentlichte Ideen.",
            code="forbidden",
        )
    query = ListQuery(
        statuses=frozenset({params.status.value}) if params.status else None,
        field=params.field or None,
        terms=tuple(query_terms(params.q)) if params.q else (),
        author=who.sub if params.mine and who else None,
        public_only=not (staff or params.mine),
        sort=params.sort,
        page=params.page,
        page_size=params.page_size,
    )
    if params.q and not query.terms:
        items, total = [], 0
    else:
        items, total = request.app[SERVICE].model.query(query)
    return json_response(
        {
            "items": [idea_view(i, who) for i in items],
            "total": total,
            "page": params.page,
            "page_size": params.page_size,
        }
    )


@routes.get("/api/ideas/export.csv")
async def export_csv(request: web.Request) -> web.StreamResponse:
    """Every idea as CSV for spreadsheets, oldest first, streamed in chunks."""
    await require(request, request.app[VERIFIER], "moderator")
    return await stream_csv(request, "ideen.csv", CSV_HEADER, _idea_rows(request))


async def _idea_rows(request: web.Request) -> AsyncIterator[tuple[object, ...]]:
    async for idea in request.app[SERVICE].ideas.all(oldest_first=True):
        loc = idea.get("location") or {}
        answer = idea.get("answer") or {}
        yield (
            idea["_id"],
            idea["title"],
            idea["body"],
            idea["field"],
            idea["status"],
            idea.get("supports", 0),
            idea.get("comments", 0),
            _iso(idea["created_at"]),
            _iso(idea.get("published_at")),
            answer.get("text", ""),
            loc.get("lat", ""),
            loc.get("lon", ""),
        )


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value else ""
