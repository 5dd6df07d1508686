"""Routes on one exhibit: show it (by id or by its QR code), its summary, its kiosks."""

from __future__ import annotations

from aiohttp import web

from services.exhibitions import views
from services.exhibitions.api_common import service_of, staff
from services.exhibitions.commands import RegisterKiosk, RevokeKiosks
from services.exhibitions.domain import Doc
from services.exhibitions.handlers import ExhibitionsService
from services.exhibitions.handlers_kiosks import register_kiosk, revoke_kiosks
from shared.clock import now_ms
from shared.web import json_response

routes = web.RouteTableDef()


async def _with_exhibition(service: ExhibitionsService, exhibit: Doc) -> web.Response:
    exhibition = await service.exhibition(exhibit["exhibition_id"])
    view = views.exhibit_view(exhibit, service.rules.public_url)
    view["exhibition"] = {k: exhibition[k] for k in ("title", "status")} | {"id": exhibition["_id"]}
    return json_response(view)


@routes.get("/api/exhibitions/exhibits/code/{code}")
async def by_code(request: web.Request) -> web.Response:
    """The exhibit a QR code leads to, with its exhibition."""
    service = service_of(request)
    return await _with_exhibition(
        service, await service.exhibit_by_code(request.match_info["code"])
    )


@routes.get("/api/exhibitions/exhibits/{exhibit_id}")
async def show(request: web.Request) -> web.Response:
    """One exhibit with its exhibition."""
    service = service_of(request)
    exhibit = await service.exhibit(request.match_info["exhibit_id"])
    return await _with_exhibition(service, exhibit)


@routes.get("/api/exhibitions/exhibits/{exhibit_id}/summary")
async def summary(request: web.Request) -> web.Response:
    """The exhibit's exact summary with hours and days."""
    service = service_of(request)
    exhibit = await service.exhibit(request.match_info["exhibit_id"])
    return json_response(await views.exhibit_summary(service, exhibit, now_ms()))


@routes.post("/api/exhibitions/exhibits/{exhibit_id}/kiosks")
async def register(request: web.Request) -> web.Response:
    """Register a kiosk of the exhibit (the gateway then signs the kiosk's token)."""
    await staff(request)
    command = RegisterKiosk(request.match_info["exhibit_id"])
    kiosk = await register_kiosk(service_of(request), command)
    return json_response({"kiosk_id": kiosk["_id"], "exhibit_id": kiosk["exhibit_id"]}, status=201)


@routes.delete("/api/exhibitions/exhibits/{exhibit_id}/kiosk")
async def revoke(request: web.Request) -> web.Response:
    """Every kiosk token of the exhibit stops working."""
    await staff(request)
    revoked = await revoke_kiosks(
        service_of(request), RevokeKiosks(request.match_info["exhibit_id"])
    )
    return json_response({"revoked": revoked})
