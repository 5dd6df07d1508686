"""Routes of supporting an idea: PUT to support, DELETE to withdraw; both idempotent."""

from __future__ import annotations

from aiohttp import web

from services.ideas.api_common import SERVICE, SUPPORT_LIMIT, VERIFIER
from services.ideas.commands import SupportIdea, WithdrawSupport
from services.ideas.handlers_support import support_idea, withdraw_support
from shared.auth import require
from shared.web import json_response

routes = web.RouteTableDef()


@routes.put("/api/ideas/{idea_id}/support")
async def support(request: web.Request) -> web.Response:
    """Support a published idea; the answer carries the count either way."""
    who = await require(request, request.app[VERIFIER], "participant")
    request.app[SUPPORT_LIMIT].check(who.sub)
    command = SupportIdea(request.match_info["idea_id"], who.sub)
    idea, _changed = await support_idea(request.app[SERVICE], command)
    return json_response({"idea_id": idea["_id"], "supported": True, "supports": idea["supports"]})


@routes.delete("/api/ideas/{idea_id}/support")
async def withdraw(request: web.Request) -> web.Response:
    """Withdraw one's support; the answer carries the count either way."""
    who = await require(request, request.app[VERIFIER], "participant")
    request.app[SUPPORT_LIMIT].check(who.sub)
    command = WithdrawSupport(request.match_info["idea_id"], who.sub)
    idea, _changed = await withdraw_support(request.app[SERVICE], command)
    return json_response({"idea_id": idea["_id"], "supported": False, "supports": idea["supports"]})
