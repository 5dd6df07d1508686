"""Routes of feedback: rate an exhibit, see one's own rating, and the comments' moderation."""

from __future__ import annotations

from typing import Annotated, Literal

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from services.exhibitions import views
from services.exhibitions.api_common import (
    FEEDBACK_LIMIT,
    VERIFIER,
    idempotency_key,
    service_of,
    staff,
)
from services.exhibitions.commands import GiveFeedback, ModerateComment, Rater
from services.exhibitions.handlers_comments import moderate_comment
from services.exhibitions.handlers_feedback import give_feedback, my_feedback
from shared.auth import require
from shared.problems import Problem
from shared.text import Text
from shared.web import json_response, parse_body

routes = web.RouteTableDef()

COMMENT_STATUSES = ("submitted", "published", "rejected")


class FeedbackIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    rating: int = Field(ge=1, le=5)
    # Cleaned like every text a citizen types (shared/text.py), then at most 500 characters.
    comment: Annotated[Text, StringConstraints(max_length=500)] | None = None
    # Parsed by the rules (domain_feedback.given_at_of), which say what is acceptable.
    given_at: Annotated[str, StringConstraints(max_length=64)] | None = None


class CommentStatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    status: Literal["published", "rejected"]


@routes.post("/api/exhibitions/exhibits/{exhibit_id}/feedback")
async def give(request: web.Request) -> web.Response:
    """Rate the exhibit (a participant, or a kiosk standing at it); 202 with the receipt."""
    who = await require(request, request.app[VERIFIER], "participant", "kiosk")
    data = await parse_body(request, FeedbackIn)
    if who.role == "kiosk":
        rater = Rater("kiosk", who.sub, who.exhibit_id)
    else:
        rater = Rater("participant", who.sub)
    command = GiveFeedback(
        exhibit_id=request.match_info["exhibit_id"],
        rating=data.rating,
        rater=rater,
        comment=data.comment or None,  # an empty comment is no comment
        given_at=data.given_at,
        idempotency_key=idempotency_key(request),
    )
    limiter = request.app[FEEDBACK_LIMIT]

    def admit() -> None:
        # Kiosks are held to their interval instead: a busy exhibit is not an attack.
        if rater.kind == "participant":
            limiter.check(who.sub)

    receipt = await give_feedback(service_of(request), command, admit=admit)
    return json_response(receipt, status=202)


@routes.get("/api/exhibitions/exhibits/{exhibit_id}/feedback/mine")
async def mine(request: web.Request) -> web.Response:
    """The caller's own rating of the exhibit, or 404."""
    who = await require(request, request.app[VERIFIER], "participant")
    service = service_of(request)
    return json_response(await my_feedback(service, request.match_info["exhibit_id"], who.sub))


@routes.get("/api/exhibitions/comments")
async def queue(request: web.Request) -> web.Response:
    """Comments of every exhibition in one moderation status (submitted by default), oldest
    first."""
    await staff(request)
    status = request.query.get("status", "submitted")
    if status not in COMMENT_STATUSES:
        raise Problem(400, "status must be submitted, published or rejected.", code="bad-query")
    comments = await service_of(request).stores.comments.with_status(status)
    return json_response({"items": [views.comment_view(c) for c in comments]})


@routes.post("/api/exhibitions/comments/{comment_id}/status")
async def moderate(request: web.Request) -> web.Response:
    """Publish or reject a comment."""
    await staff(request)
    data = await parse_body(request, CommentStatusIn)
    command = ModerateComment(request.match_info["comment_id"], data.status)
    comment = await moderate_comment(service_of(request), command)
    return json_response(views.comment_view(comment))
