"""What other services may ask the gateway about staff accounts, on its internal port only
(never through the public origin): whether a user name is an enabled account of a role. The
hackathons service asks before it makes someone a juror."""

from __future__ import annotations

from aiohttp import web

from services.gateway.state import ACCOUNTS
from shared.internal_port import PUBLIC_APP

routes = web.RouteTableDef()


@routes.get("/accounts/{username}")
async def account(request: web.Request) -> web.Response:
    """{username, role, disabled} of an account, or 404."""
    store = request.app[PUBLIC_APP][ACCOUNTS]
    found = await store.accounts.find_one(
        {"_id": request.match_info["username"]}, {"role": 1, "disabled": 1}
    )
    if found is None:
        problem = {"title": "Not Found", "status": 404, "code": "not-found"}
        return web.json_response(problem, status=404, content_type="application/problem+json")
    return web.json_response(
        {"username": found["_id"], "role": found["role"], "disabled": bool(found.get("disabled"))}
    )
