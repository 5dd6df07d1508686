"""The voting app's shared objects by key: set by its declaration (app.py), used by routes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from aiohttp import web

from services.voting.attendance import Attendance
from services.voting.groupcommit import VoteCommitter
from services.voting.handlers import VotingHandlers
from services.voting.pseudonyms import Pseudonyms
from services.voting.queries import VotingQueries
from shared.ratelimit import RateLimiter
from shared.runtime import VERIFIER as VERIFIER  # the verifier the runtime installs

HANDLERS = web.AppKey("voting_handlers", VotingHandlers)
QUERIES = web.AppKey("voting_queries", VotingQueries)
ATTENDANCE = web.AppKey("attendance", Attendance)
PSEUDONYMS = web.AppKey("pseudonyms", Pseudonyms)
COMMITTER = web.AppKey("vote_committer", VoteCommitter)
TALLY_HEARTBEAT = web.AppKey("tally_heartbeat", Callable[[], Awaitable[datetime | None]])
# Joining again is harmless (idempotent) but costs reads: a token may not hammer it.
JOIN_LIMIT = web.AppKey("session_join_limiter", RateLimiter)
# Generous: a phone may change its mind often, but not hammer the store.
VOTE_LIMIT = web.AppKey("vote_limiter", RateLimiter)
