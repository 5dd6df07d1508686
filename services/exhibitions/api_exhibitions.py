"""Routes on exhibitions: create, list, show, open and close one, add exhibits, its summary,
alerts and CSV export."""

from __future__ import annotations

from typing import Annotated

from aiohttp import web
from pydantic import BaseModel, ConfigDict, StringConstraints

from services.exhibitions import views
from services.exhibitions.api_common import service_of, staff
from services.exhibitions.commands import AddExhibit, ChangeExhibitionStatus, CreateExhibition
from services.exhibitions.domain import Status
from services.exhibitions.export import HEADER, rating_rows
from services.exhibitions.handlers_exhibitions import (
    add_exhibit,
    change_exhibition_status,
    create_exhibition,
)
from shared.clock import now_ms
from shared.csv_export import stream_csv
from shared.text import Text
from shared.web import json_response, parse_body

routes = web.RouteTableDef()

Title = Annotated[Text, StringConstraints(min_length=1, max_length=200)]
Description = Annotated[Text, StringConstraints(max_length=2000)]


class ExhibitionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    title: Title
    description: Description | None = None


class ExhibitIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    title: Title
    field: Annotated[Text, StringConstraints(min_length=1, max_length=200)]
    description: Description | None = None


@routes.post("/api/exhibitions")
async def create(request: web.Request) -> web.Response:
    """A new exhibition (a draft)."""
    await staff(request)
    data = await parse_body(request, ExhibitionIn)
    command = CreateExhibition(data.title, data.description or "")
    exhibition = await create_exhibition(service_of(request), command)
    headers = {"Location": f"/api/exhibitions/{exhibition['_id']}"}
    return json_response(views.exhibition_view(exhibition), status=201, headers=headers)


@routes.get("/api/exhibitions")
async def list_exhibitions(request: web.Request) -> web.Response:
    """Every exhibition, newest first, without exhibits."""
    exhibitions = await service_of(request).stores.exhibitions.newest()
    return json_response({"items": [views.exhibition_view(e) for e in exhibitions]})


@routes.get("/api/exhibitions/{exhibition_id}")
async def show(request: web.Request) -> web.Response:
    """One exhibition with its exhibits."""
    service = service_of(request)
    exhibition = await service.exhibition(request.match_info["exhibition_id"])
    exhibits = await service.stores.exhibits.of_exhibition(exhibition["_id"])
    public_url = service.rules.public_url
    view = views.exhibition_view(exhibition)
    view["exhibits"] = [views.exhibit_view(x, public_url) for x in exhibits]
    return json_response(view)


async def _change_status(request: web.Request, status: Status) -> web.Response:
    await staff(request)
    command = ChangeExhibitionStatus(request.match_info["exhibition_id"], status)
    exhibition = await change_exhibition_status(service_of(request), command)
    return json_response(views.exhibition_view(exhibition))


@routes.post("/api/exhibitions/{exhibition_id}/open")
async def open_exhibition(request: web.Request) -> web.Response:
    """Open an exhibition for feedback (from draft, or again after closing)."""
    return await _change_status(request, Status.OPEN)


@routes.post("/api/exhibitions/{exhibition_id}/close")
async def close_exhibition(request: web.Request) -> web.Response:
    """Close an open exhibition: no more feedback."""
    return await _change_status(request, Status.CLOSED)


@routes.post("/api/exhibitions/{exhibition_id}/exhibits")
async def add(request: web.Request) -> web.Response:
    """A new exhibit of one field of action, with its code and QR address."""
    await staff(request)
    data = await parse_body(request, ExhibitIn)
    command = AddExhibit(
        request.match_info["exhibition_id"], data.title, data.field, data.description or ""
    )
    service = service_of(request)
    exhibit = await add_exhibit(service, command)
    headers = {"Location": f"/api/exhibitions/exhibits/{exhibit['_id']}"}
    view = views.exhibit_view(exhibit, service.rules.public_url)
    return json_response(view, status=201, headers=headers)


@routes.get("/api/exhibitions/{exhibition_id}/summary")
async def summary(request: web.Request) -> web.Response:
    """The exhibition's exact summary."""
    service = service_of(request)
    exhibition = await service.exhibition(request.match_info["exhibition_id"])
    return json_response(await views.exhibition_summary(service, exhibition, now_ms()))


@routes.get("/api/exhibitions/{exhibition_id}/alerts")
async def alerts(request: web.Request) -> web.Response:
    """The exhibition's open alerts, newest first."""
    await staff(request)
    service = service_of(request)
    exhibition = await service.exhibition(request.match_info["exhibition_id"])
    return json_response({"items": await views.open_alerts(service, exhibition["_id"])})


@routes.get("/api/exhibitions/{exhibition_id}/export.csv")
async def export_csv(request: web.Request) -> web.StreamResponse:
    """Every rating of the exhibition as CSV, streamed."""
    await staff(request)
    service = service_of(request)
    exhibition = await service.exhibition(request.match_info["exhibition_id"])
    rows = rating_rows(service, exhibition["_id"])
    return await stream_csv(request, f"exhibition-{exhibition['_id']}.csv", HEADER, rows)
