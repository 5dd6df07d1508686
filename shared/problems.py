"""RFC 9457 problem details for every 4xx and 5xx answer."""

from __future__ import annotations

import json
import logging
from typing import Any

from aiohttp import web
from pydantic import ValidationError
from pymongo.errors import ConnectionFailure, OperationFailure

from shared.errors import DomainError

log = logging.getLogger(__name__)

PROBLEM_TYPE = "application/problem+json"

# Rule codes every service shares; a service adds its own with `make_app(statuses=...)`.
COMMON_STATUSES = {"not-found": 404, "conflict": 409, "unavailable": 503}
ERROR_STATUSES = web.AppKey("error_statuses", dict)

TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


class Problem(Exception):
    """An error to answer with a problem+json document.

    `detail` is English; `detail_de` gives the German text the web apps show to citizens.
    """

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        detail_de: str | None = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.detail_de = detail_de
        self.code = code
        self.headers = headers or {}
        self.extra = extra


def problem_response(
    status: int,
    detail: str,
    *,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> web.Response:
    """Build the problem+json answer."""
    code = extra.pop("code", None)
    body: dict[str, Any] = {
        "type": f"https://oecherlab.example/problems/{code or status}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if code:
        # Also as an extension member (RFC 9457 §3.2): clients branch on it without parsing URIs.
        body["code"] = code
    if instance:
        body["instance"] = instance
    body.update({k: v for k, v in extra.items() if v is not None})
    return web.Response(
        status=status,
        text=json.dumps(body, ensure_ascii=False),
        content_type=PROBLEM_TYPE,
        headers=headers,
    )


def validation_errors(exc: ValidationError) -> list[dict[str, Any]]:
    """The pydantic errors as a short list a client can show next to its fields."""
    return [
        {"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"], "code": e["type"]}
        for e in exc.errors(include_url=False, include_context=False, include_input=False)
    ]


def _transient(exc: Exception) -> bool:
    labelled = getattr(exc, "has_error_label", lambda _label: False)
    return isinstance(exc, ConnectionFailure) or labelled("TransientTransactionError")


def status_of(error: DomainError, statuses: dict[str, int]) -> int:
    """The HTTP status of a broken rule: the service's table, the common one, then by form
    ("invalid-<field>" is a field error). An unmapped code is a bug of the edge: 400 and a log."""
    status = statuses.get(error.code) or COMMON_STATUSES.get(error.code)
    if status is None and error.code.startswith("invalid-"):
        status = 422
    if status is None:
        log.error("no HTTP status for the rule code %r; answering 400", error.code)
        status = 400
    return status


def problem_from(error: DomainError, status: int) -> Problem:
    """The broken rule answered with a status the route chooses (one route, one meaning)."""
    return Problem(status, error.detail, detail_de=error.detail_de, code=error.code, **error.extra)


@web.middleware
async def problem_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """Turn every error into problem+json; an unexpected one is logged and answered 500."""
    try:
        response = await handler(request)
    except Problem as p:
        return problem_response(
            p.status,
            p.detail,
            instance=request.path,
            headers=p.headers,
            code=p.code,
            detail_de=p.detail_de,
            **p.extra,
        )
    except DomainError as e:
        extra = dict(e.extra)
        retry_after = extra.pop("retry_after", None)
        return problem_response(
            status_of(e, request.app.get(ERROR_STATUSES, {})),
            e.detail,
            instance=request.path,
            code=e.code,
            detail_de=e.detail_de,
            headers={"Retry-After": str(retry_after)} if retry_after else None,
            **extra,
        )
    except (ConnectionFailure, OperationFailure) as exc:
        if not _transient(exc):
            return _unexpected(request)
        # The database is away or too busy to commit in time: the client may try again.
        log.warning("database busy or unreachable on %s %s: %s", request.method, request.path, exc)
        return problem_response(
            503,
            "The database is busy right now; please try again in a moment.",
            instance=request.path,
            code="unavailable",
            detail_de="Gerade ist viel los; bitte in einem Moment noch einmal versuchen.",
            headers={"Retry-After": "2"},
        )
    except ValidationError as exc:
        return problem_response(
            422,
            "The request body does not match what this endpoint expects.",
            instance=request.path,
            code="validation",
            detail_de="Die Eingabe ist nicht gültig.",
            errors=validation_errors(exc),
        )
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return problem_response(
            exc.status,
            exc.reason or TITLES.get(exc.status, "Error"),
            instance=request.path,
            headers={k: v for k, v in exc.headers.items() if k.lower() == "allow"},
        )
    except Exception:
        return _unexpected(request)
    return response


def _unexpected(request: web.Request) -> web.Response:
    log.exception("unhandled error on %s %s", request.method, request.path)
    return problem_response(
        500, "Something went wrong on our side. Please try again.", instance=request.path
    )
