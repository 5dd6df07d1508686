"""What the hackathons route modules share: the service by key, who the caller is (staff, a
participant, a juror), the input types and the limiter of wrong invite codes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from aiohttp import web
from pydantic import AfterValidator, StringConstraints

from services.hackathons.handlers import HackathonsService
from shared.auth import Principal, bearer_token, require
from shared.ratelimit import RateLimiter
from shared.runtime import VERIFIER as VERIFIER  # the verifier the runtime installs
from shared.text import Text

SERVICE = web.AppKey("hackathons_service", HackathonsService)
INVITE_LIMIT = web.AppKey("invite_limiter", RateLimiter)
WRITE_LIMIT = web.AppKey("team_write_limiter", RateLimiter)

Title = Annotated[Text, StringConstraints(min_length=1, max_length=200)]
Name = Annotated[Text, StringConstraints(min_length=1, max_length=80)]
LongText = Annotated[Text, StringConstraints(max_length=4000)]
# Jury accounts' user names as the gateway allows them (services/gateway/accounts.py).
Username = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{3,64}$")]


def _web_url(value: str) -> str:
    if not value.startswith(("https://", "http://")) or any(c.isspace() for c in value):
        raise ValueError("a link must be a web address starting with https:// or http://")
    return value


WebUrl = Annotated[str, StringConstraints(max_length=500), AfterValidator(_web_url)]


def service_of(request: web.Request) -> HackathonsService:
    """The service the runtime built for this app."""
    return request.app[SERVICE]


async def staff(request: web.Request) -> Principal:
    """The caller, who must be a moderator or an admin."""
    return await require(request, request.app[VERIFIER], "moderator")


async def participant(request: web.Request) -> Principal:
    """The caller, who must hold a participant token."""
    return await require(request, request.app[VERIFIER], "participant")


async def writing_participant(request: web.Request) -> Principal:
    """The caller, a participant within their allowance of team writes (forming, joining,
    saving the project page): a page saving as one types is fine, a script is not."""
    who = await participant(request)
    request.app[WRITE_LIMIT].check(who.sub)
    return who


async def juror(request: web.Request) -> str:
    """The user name of the calling jury account (its token's subject is u:<name>)."""
    principal = await require(request, request.app[VERIFIER], "jury")
    return principal.sub.removeprefix("u:")


def token_of(request: web.Request) -> str:
    """The caller's bearer token, passed on to the voting service."""
    return bearer_token(request) or ""


def utc_ms(value: datetime) -> datetime:
    """A time given with its zone, in UTC to the millisecond (as stored)."""
    value = value.astimezone(UTC)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)
