"""HTTP routes of the ideas service: parse and check input, call the service, shape the answer."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Annotated, Any, Literal

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from services.ideas import domain
from services.ideas.domain import DomainError, Location, Status
from services.ideas.handlers import IdeasService
from services.ideas.readmodel import ListQuery
from services.ideas.search import query_terms
from shared.auth import Principal, TokenVerifier, principal_of, require
from shared.problems import Problem
from shared.ratelimit import RateLimiter
from shared.text import Text
from shared.web import json_response, parse_body


class LocationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class IdeaIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    title: Annotated[Text, StringConstraints(min_length=3, max_length=120)]
    body: Annotated[Text, StringConstraints(max_length=2000)] = ""
    field: Annotated[Text, StringConstraints(min_length=1, max_length=200)]
    location: LocationIn | None = None


class StatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    status: Status = Field(strict=False)
    answer: Annotated[Text, StringConstraints(min_length=1, max_length=4000)] | None = None


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    body: Annotated[Text, StringConstraints(min_length=1, max_length=1000)]


class CommentStatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    status: Literal["published", "rejected"]


class ListParams(BaseModel):
    model_config = ConfigDict(extra="ignore")
    status: Status | None = None
    field: Annotated[str, StringConstraints(max_length=200)] | None = None
    q: Annotated[str, StringConstraints(max_length=200)] | None = None
    sort: Literal["new", "top"] = "new"
    page: int = Field(default=1, ge=1, le=10_000)
    page_size: int = Field(default=20, ge=1, le=100)
    mine: bool = False


SERVICE = web.AppKey("ideas_service", IdeasService)
VERIFIER = web.AppKey("verifier", TokenVerifier)
IDEA_LIMIT = web.AppKey("idea_limiter", RateLimiter)
COMMENT_LIMIT = web.AppKey("comment_limiter", RateLimiter)
SUPPORT_LIMIT = web.AppKey("support_limiter", RateLimiter)

# The ideas rules' codes as HTTP statuses (not-found and conflict are common to all services).
STATUSES = {
    "unknown-field": 422,
    "location-outside-region": 422,
    "answer-required": 422,
    "no-change": 409,
    "invalid-transition": 409,
}

routes = web.RouteTableDef()


def _idempotency_key(request: web.Request) -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is not None and not (1 <= len(key) <= 100):
        raise Problem(400, "Idempotency-Key must be 1 to 100 characters.", code="bad-header")
    return key


def _comment_view(c: dict[str, Any], staff: bool) -> dict[str, Any]:
    view = {
        "id": c["_id"],
        "idea_id": c["idea_id"],
        "body": c["body"],
        "created_at": c["created_at"],
    }
    if staff:
        view["status"] = c["status"]
    return view


@routes.post("/api/ideas")
async def submit_idea(request: web.Request) -> web.Response:
    who = await require(request, request.app[VERIFIER], "participant")
    data = await parse_body(request, IdeaIn)
    key = _idempotency_key(request)
    service = request.app[SERVICE]
    if key is None or await service.store.find_idempotent(f"idea:{who.sub}:{key}") is None:
        request.app[IDEA_LIMIT].check(who.sub)
    loc = Location(data.location.lat, data.location.lon) if data.location else None
    idea, created = await service.submit(
        title=data.title,
        body=data.body,
        field=data.field,
        location=loc,
        author=who.sub,
        idempotency_key=key,
    )
    return json_response(
        domain.public_view(idea, who.sub),
        status=201 if created else 200,
        headers={"Location": f"/api/ideas/{idea['_id']}"},
    )


@routes.get("/api/ideas")
async def list_ideas(request: web.Request) -> web.Response:
    who = await principal_of(request, request.app[VERIFIER])
    # An empty parameter (?status=&q=) means "no filter", as forms and the contract send it.
    params = ListParams.model_validate({k: v for k, v in request.query.items() if v != ""})
    staff = who is not None and who.is_staff
    if params.mine and who is None:
        raise Problem(
            401, "Listing your own ideas needs your participant token.", code="unauthorized"
        )
    public_statuses = {s.value for s in Status if s != Status.SUBMITTED}
    if (
        params.status
        and not staff
        and not params.mine
        and params.status.value not in public_statuses
    ):
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
    viewer = who.sub if who else None
    return json_response(
        {
            "items": [_view(i, who, viewer) for i in items],
            "total": total,
            "page": params.page,
            "page_size": params.page_size,
        }
    )


def _view(idea: dict[str, Any], who: Principal | None, viewer: str | None) -> dict[str, Any]:
    view = domain.public_view(idea, viewer, precise=who is not None and who.is_staff)
    if who is not None and who.is_staff and idea.get("answer"):
        view["answer"]["by"] = idea["answer"].get("by")
    return view


@routes.get("/api/ideas/export.csv")
async def export_csv(request: web.Request) -> web.StreamResponse:
    await require(request, request.app[VERIFIER], "moderator")
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": 'attachment; filename="ideen.csv"',
        }
    )
    await response.prepare(request)
    buffer = io.StringIO()
    # Semicolons and a BOM: what spreadsheet programs with German settings open without a wizard.
    writer = csv.writer(buffer, delimiter=";")
    buffer.write("\ufeff")
    writer.writerow(
        [
            "id",
            "titel",
            "beschreibung",
            "handlungsfeld",
            "status",
            "unterstuetzungen",
            "kommentare",
            "eingereicht",
            "veroeffentlicht",
            "antwort",
            "breite",
            "laenge",
        ]
    )
    async for idea in request.app[SERVICE].store.ideas.find({}).sort("created_at", 1):
        loc = idea.get("location") or {}
        answer = idea.get("answer") or {}
        writer.writerow(
            [
                _cell(v)
                for v in (
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
            ]
        )
        if buffer.tell() > 32_000:
            await response.write(buffer.getvalue().encode("utf-8"))
            buffer.seek(0)
            buffer.truncate()
    await response.write(buffer.getvalue().encode("utf-8"))
    await response.write_eof()
    return response


def _cell(value: object) -> object:
    """Text a citizen wrote must not run as a spreadsheet formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value else ""


@routes.get("/api/ideas/comments")
async def comment_queue(request: web.Request) -> web.Response:
    await require(request, request.app[VERIFIER], "moderator")
    status = request.query.get("status", "submitted")
    if status not in ("submitted", "published", "rejected"):
        raise Problem(400, "status must be submitted, published or rejected.", code="bad-query")
    comments = await request.app[SERVICE].comment_queue(status)
    return json_response({"items": [_comment_view(c, True) for c in comments]})


@routes.get("/api/ideas/{idea_id}")
async def get_idea(request: web.Request) -> web.Response:
    who = await principal_of(request, request.app[VERIFIER])
    service = request.app[SERVICE]
    idea = service.get(request.match_info["idea_id"])
    staff = who is not None and who.is_staff
    mine = who is not None and idea.get("author") == who.sub
    if not (domain.is_public(idea) or staff or mine):
        raise DomainError(
            "There is no idea with this id.", "Diese Idee gibt es nicht.", "not-found"
        )
    view = _view(idea, who, who.sub if who else None)
    if who is not None and who.role == "participant" and domain.is_public(idea):
        view["supported"] = await service.supported_by(idea["_id"], who.sub)
    return json_response(view)


@routes.post("/api/ideas/{idea_id}/status")
async def set_status(request: web.Request) -> web.Response:
    who = await require(request, request.app[VERIFIER], "moderator")
    data = await parse_body(request, StatusIn)
    idea = await request.app[SERVICE].set_status(
        request.match_info["idea_id"], data.status, data.answer, who.sub
    )
    return json_response(_view(idea, who, who.sub))


@routes.put("/api/ideas/{idea_id}/support")
async def support(request: web.Request) -> web.Response:
    who = await require(request, request.app[VERIFIER], "participant")
    request.app[SUPPORT_LIMIT].check(who.sub)
    idea, _changed = await request.app[SERVICE].support(request.match_info["idea_id"], who.sub)
    return json_response({"idea_id": idea["_id"], "supported": True, "supports": idea["supports"]})


@routes.delete("/api/ideas/{idea_id}/support")
async def withdraw_support(request: web.Request) -> web.Response:
    who = await require(request, request.app[VERIFIER], "participant")
    request.app[SUPPORT_LIMIT].check(who.sub)
    service = request.app[SERVICE]
    idea, _changed = await service.withdraw_support(request.match_info["idea_id"], who.sub)
    return json_response({"idea_id": idea["_id"], "supported": False, "supports": idea["supports"]})


@routes.post("/api/ideas/{idea_id}/comments")
async def add_comment(request: web.Request) -> web.Response:
    who = await require(request, request.app[VERIFIER], "participant")
    data = await parse_body(request, CommentIn)
    key = _idempotency_key(request)
    idea_id = request.match_info["idea_id"]
    service = request.app[SERVICE]
    # A retried comment (same Idempotency-Key) is answered again without counting against limits.
    if (
        key is None
        or await service.store.find_idempotent(f"comment:{who.sub}:{idea_id}:{key}") is None
    ):
        request.app[COMMENT_LIMIT].check(who.sub)
    comment = await service.comment(idea_id, data.body, who.sub, key)
    view = _comment_view(comment, True)
    view["message"] = "Thank you! Your comment will appear once a moderator has checked it."
    view["message_de"] = "Danke! Ihr Kommentar erscheint, sobald er geprüft wurde."
    return json_response(view, status=201)


@routes.get("/api/ideas/{idea_id}/comments")
async def list_comments(request: web.Request) -> web.Response:
    who = await principal_of(request, request.app[VERIFIER])
    staff = who is not None and who.is_staff
    comments = await request.app[SERVICE].comments_of(request.match_info["idea_id"], staff=staff)
    return json_response({"items": [_comment_view(c, staff) for c in comments]})


@routes.post("/api/ideas/{idea_id}/comments/{comment_id}/status")
async def moderate_comment(request: web.Request) -> web.Response:
    await require(request, request.app[VERIFIER], "moderator")
    data = await parse_body(request, CommentStatusIn)
    comment = await request.app[SERVICE].moderate_comment(
        request.match_info["idea_id"], request.match_info["comment_id"], data.status
    )
    return json_response(_comment_view(comment, True))
