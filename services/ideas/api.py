"""The HTTP edge of the ideas service: its routes and how its rule codes answer.

The routes live by meaning in api_ideas.py (one idea), api_lists.py (many ideas, CSV),
api_support.py and api_comments.py; each parses input, builds one command, calls its one handler
and shapes the answer.
"""

from __future__ import annotations

from aiohttp.web import AbstractRouteDef

from services.ideas import api_comments, api_ideas, api_lists, api_me, api_support
from services.ideas.api_common import (
    COMMENT_LIMIT,
    IDEA_LIMIT,
    SERVICE,
    SUPPORT_LIMIT,
    VERIFIER,
)

__all__ = [
    "COMMENT_LIMIT",
    "IDEA_LIMIT",
    "SERVICE",
    "STATUSES",
    "SUPPORT_LIMIT",
    "VERIFIER",
    "routes",
]

# The ideas rules' codes as HTTP statuses (not-found and conflict are common to all services).
STATUSES = {
    "unknown-field": 422,
    "location-outside-region": 422,
    "answer-required": 422,
    "no-change": 409,
    "invalid-transition": 409,
    "not-your-idea": 403,
    "withdrawn": 410,
}

routes: list[AbstractRouteDef] = [
    *api_me.routes,
    *api_lists.routes,
    *api_comments.routes,
    *api_ideas.routes,
    *api_support.routes,
]
