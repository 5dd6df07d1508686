"""The voting app's shared objects, by key: set by the composition root (app.py), used by routes."""

from __future__ import annotations

from aiohttp import web

from services.voting.attendance import Attendance
from services.voting.handlers import VotingService
from services.voting.lifecycle import SessionLifecycle
from services.voting.membership import MemberStore
from services.voting.session_codes import JoinCodes
from shared.auth import TokenVerifier
from shared.ratelimit import RateLimiter

SERVICE = web.AppKey("voting_service", VotingService)
VERIFIER = web.AppKey("verifier", TokenVerifier)
CODES = web.AppKey("join_codes", JoinCodes)
LIFECYCLE = web.AppKey("session_lifecycle", SessionLifecycle)
MEMBERS = web.AppKey("members", MemberStore)
ATTENDANCE = web.AppKey("attendance", Attendance)
# Joining again is harmless (idempotent) but costs reads: a token may not hammer it.
JOIN_LIMIT = web.AppKey("session_join_limiter", RateLimiter)
