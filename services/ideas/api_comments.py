"""Routes of comments: write one, list an idea's, and the moderators' queue and decisions."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from aiohttp import web
from pydantic import BaseModel, ConfigDict, StringConstraints

from services.ideas.api_common import (
    COMMENT_LIMIT,
    SERVICE,
    VERIFIER,
    idempotency_key,
    limit_unless_retry,
)
from services.ideas.commands import CommentOnIdea, ModerateComment
from services.ideas.handlers_comments import comment_on_idea, moderate_comment
from services.ideas.ports import Comment
from shared.auth import principal_of, require
from shared.problems import Problem
from shared.text import Text
from shared.web import json_response, parse_body

routes = web.RouteTableDef()


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    body: Annotated[Text, StringConstraints(min_length=1, max_length=1000)]


class CommentStatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    status: Literal["published", "rejected"]


def comment_view(comment: Comment, staff: bool) -> dict[str, Any]:
    """A comment without its author; the moderation status for staff only."""
    view = {
        "id": comment["_id"],
        "idea_id": comment["idea_id"],
        "body": comment["body"],
        "created_at": comment["created_at"],
    }
    if staff:
        view["status"] = comment["status"]
    return view


@routes.get("/api/ideas/comments")
async def queue(request: web.Request) -> web.Response:
    """Comments of any idea in one moderation status (submitted by default), oldest first."""
    await require(request, request.app[VERIFIER], "moderator")
    status = request.query.get("status", "submitted")
    if status not in ("submitted", "published", "rejected"):
        raise Problem(400, "status must be submitted, published or rejected.", code="bad-query")
    comments = await request.app[SERVICE].comment_queue(status)
    return json_response({"items": [comment_view(c, True) for c in comments]})


@routes.post("/api/ideas/{idea_id}/comments")
async def add(request: web.Request) -> web.Response:
    """Comment on a published idea; the comment waits for moderation."""
    who = await require(request, request.app[VERIFIER], "participant")
    data = await parse_body(request, CommentIn)
    command = CommentOnIdea(
        request.match_info["idea_id"], data.body, who.sub, idempotency_key(request)
    )
    await limit_unless_retry(request, COMMENT_LIMIT, who.sub, command.replay_key)
    comment = await comment_on_idea(request.app[SERVICE], command)
    view = comment_view(comment, True)
    view["message"] = "Thank you! Your comment will appear once a moderator has checked it."
    view["message_de"] = "Danke! Ihr Kommentar erscheint, sobald er geprüft wurde."
    return json_response(view, status=201)


@routes.get("/api/ideas/{idea_id}/comments")
async def of_idea(request: web.Request) -> web.Response:
    """An idea's published comments (staff see all of them, with their status)."""
    who = await principal_of(request, request.app[VERIFIER])
    staff = who is not None and who.is_staff
    comments = await request.app[SERVICE].comments_of(request.match_info["idea_id"], staff=staff)
    return json_response({"items": [comment_view(c, staff) for c in comments]})


@routes.post("/api/ideas/{idea_id}/comments/{comment_id}/status")
async def moderate(request: web.Request) -> web.Response:
    """A moderator publishes or rejects a comment."""
    await require(request, request.app[VERIFIER], "moderator")
    data = await parse_body(request, CommentStatusIn)
    command = ModerateComment(
        request.match_info["idea_id"], request.match_info["comment_id"], data.status
    )
    comment = await moderate_comment(request.app[SERVICE], command)
    return json_response(comment_view(comment, True))
