"""Staff accounts over HTTP, for admins (CONTRACT "Auth"): create one with a generated password
shown once, list them, disable one. The command line (cli.py) does the same on the server."""

from __future__ import annotations

from typing import Annotated, Literal

from aiohttp import web
from pydantic import BaseModel, ConfigDict, StringConstraints

from services.gateway.accounts import AccountError
from services.gateway.state import ACCOUNTS, VERIFIER
from shared.auth import require
from shared.problems import Problem
from shared.web import json_response, parse_body

routes = web.RouteTableDef()


class AccountIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    username: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{3,64}$")]
    role: Literal["moderator", "admin", "jury", "display"]


async def _admin(request: web.Request) -> None:
    await require(request, request.app[VERIFIER], "admin")


@routes.post("/api/auth/accounts")
async def create(request: web.Request) -> web.Response:
    """A new staff account; its password is in this answer only."""
    await _admin(request)
    data = await parse_body(request, AccountIn)
    try:
        password = await request.app[ACCOUNTS].create(data.username, data.role)
    except AccountError as refused:
        raise Problem(
            409,
            str(refused),
            detail_de="Diesen Benutzernamen gibt es schon.",
            code="account-exists",
        ) from None
    answer = {"username": data.username, "role": data.role, "password": password}
    return json_response(answer, status=201, headers={"Cache-Control": "no-store"})


@routes.get("/api/auth/accounts")
async def list_accounts(request: web.Request) -> web.Response:
    """Every account with its role and whether it is disabled (never a password hash)."""
    await _admin(request)
    accounts = await request.app[ACCOUNTS].list()
    items = [
        {"username": a["_id"], "role": a["role"], "disabled": bool(a.get("disabled"))}
        for a in accounts
    ]
    return json_response({"items": items})


@routes.delete("/api/auth/accounts/{username}")
async def disable(request: web.Request) -> web.Response:
    """Disable an account: it cannot sign in any more (tokens it holds run out within their
    lifetime)."""
    await _admin(request)
    try:
        await request.app[ACCOUNTS].set_disabled(request.match_info["username"], True)
    except AccountError:
        raise Problem(
            404,
            "There is no account with this user name.",
            detail_de="Dieses Konto gibt es nicht.",
            code="not-found",
        ) from None
    return web.Response(status=204)
