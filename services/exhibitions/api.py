"""The HTTP edge of the exhibitions service: its routes and how its rule codes answer.

The routes live by meaning in api_exhibitions.py (exhibitions, their summaries, alerts and
export), api_exhibits.py (one exhibit, its kiosks), api_feedback.py (ratings and comments) and
api_me.py (a participant's own data); each parses input, builds one command, calls its one
handler and shapes the answer.
"""

from __future__ import annotations

from aiohttp.web import AbstractRouteDef

from services.exhibitions import api_exhibitions, api_exhibits, api_feedback, api_me
from services.exhibitions.api_common import FEEDBACK_LIMIT, SERVICE, VERIFIER

__all__ = ["FEEDBACK_LIMIT", "SERVICE", "STATUSES", "VERIFIER", "routes"]

# The exhibitions rules' codes as HTTP statuses (not-found and conflict are common to all).
STATUSES = {
    "unknown-field": 422,
    "invalid-given_at": 422,
    "invalid-transition": 409,
    "exhibition-not-open": 409,
    "wrong-kiosk": 403,
    "kiosk-revoked": 401,
    "kiosk-interval": 429,
}

# /me, /comments and /exhibits/… before /{exhibition_id}…, so no id is mistaken for a word.
routes: list[AbstractRouteDef] = [
    *api_me.routes,
    *api_feedback.routes,
    *api_exhibits.routes,
    *api_exhibitions.routes,
]
