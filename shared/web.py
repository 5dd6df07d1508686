"""What every service's aiohttp app has: correlation ids, problems, health, readiness, metrics."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from pydantic import BaseModel

from shared.context import correlation_id
from shared.problems import ERROR_STATUSES, Problem, problem_middleware

M = TypeVar("M", bound=BaseModel)
ReadinessCheck = Callable[[], Awaitable[bool]]
CORRELATION_HEADER = "X-Correlation-ID"
MAX_BODY_BYTES = 64 * 1024

QUIET_ROUTES = {"/healthz", "/readyz", "/readyz/self", "/metrics"}
SLOW_REQUEST_S = 0.5
access_log = logging.getLogger("oecherlab.access")

REGISTRY_KEY = web.AppKey("metrics_registry", CollectorRegistry)
CHECKS_KEY = web.AppKey("readiness_checks", dict)


@web.middleware
async def correlation_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """Adopt the caller's correlation id (or make one) for logs, events and the answer."""
    cid = request.headers.get(CORRELATION_HEADER, "")
    if not (0 < len(cid) <= 64) or not cid.replace("-", "").isalnum():
        cid = uuid.uuid4().hex
    token = correlation_id.set(cid)
    try:
        return await handler(request)
    finally:
        correlation_id.reset(token)


async def _echo_correlation_id(_request: web.Request, response: web.StreamResponse) -> None:
    # On prepare, so that streamed answers (proxied, CSV) carry it as well.
    cid = correlation_id.get()
    if cid:
        response.headers[CORRELATION_HEADER] = cid


def _metrics_middleware(registry: CollectorRegistry) -> Any:
    requests = Counter(
        "http_requests_total", "HTTP requests", ["method", "route", "status"], registry=registry
    )
    latency = Histogram(
        "http_request_duration_seconds",
        "HTTP request latency",
        ["method", "route"],
        registry=registry,
        buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
    )

    @web.middleware
    async def middleware(request: web.Request, handler: Any) -> web.StreamResponse:
        started = time.perf_counter()
        route = request.match_info.route.resource
        name = route.canonical if route is not None else "unmatched"
        response = await handler(request)
        elapsed = time.perf_counter() - started
        latency.labels(request.method, name).observe(elapsed)
        requests.labels(request.method, name, str(response.status)).inc()
        # Every request at DEBUG; at INFO only what someone should look at (errors, slow
        # answers): formatting a JSON line per request cost a third of the throughput here.
        notable = response.status >= 400 or elapsed > SLOW_REQUEST_S
        access_log.log(
            logging.INFO if notable and name not in QUIET_ROUTES else logging.DEBUG,
            "%s %s %d",
            request.method,
            name,
            response.status,
            extra={"ms": round(elapsed * 1000, 1)},
        )
        return response

    return middleware


def make_app(
    service: str, *, public: bool = False, statuses: dict[str, int] | None = None
) -> web.Application:
    """An app with the common middlewares and /healthz, /readyz, /metrics routes.

    A `public` app (the gateway) leaves /metrics out: operators read it on an internal port
    (shared/internal_port.py), never on the origin citizens use. `statuses` maps the service's
    rule codes to HTTP statuses (shared/problems.py).
    """
    registry = CollectorRegistry()
    app = web.Application(
        middlewares=[correlation_middleware, _metrics_middleware(registry), problem_middleware],
        client_max_size=MAX_BODY_BYTES,
    )
    app[REGISTRY_KEY] = registry
    app[ERROR_STATUSES] = dict(statuses or {})
    app.on_response_prepare.append(_echo_correlation_id)
    app[CHECKS_KEY] = {}

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "service": service})

    async def readiness(request: web.Request, own_only: bool) -> web.Response:
        results = {}
        for name, (check, own) in request.app[CHECKS_KEY].items():
            if own_only and not own:
                continue
            try:
                results[name] = bool(await check())
            except Exception:
                results[name] = False
        ready = all(results.values())
        return web.json_response(
            {"status": "ready" if ready else "not ready", "checks": results},
            status=200 if ready else 503,
        )

    async def readyz(request: web.Request) -> web.Response:
        return await readiness(request, own_only=False)

    async def readyz_self(request: web.Request) -> web.Response:
        return await readiness(request, own_only=True)

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/readyz/self", readyz_self)
    if not public:
        app.router.add_get("/metrics", metrics_handler(registry))
    return app


def metrics_handler(registry: CollectorRegistry):
    """GET /metrics: the Prometheus text of `registry`."""

    async def metrics(_request: web.Request) -> web.Response:
        body = generate_latest(registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    return metrics


def add_readiness_check(
    app: web.Application, name: str, check: ReadinessCheck, *, own: bool = True
) -> None:
    """Make /readyz depend on `check`; /readyz/self too unless it checks another service
    (`own=False`), so that a load balancer probing /readyz/self keeps an instance that works
    while one service behind it rolls out."""
    app[CHECKS_KEY][name] = (check, own)


async def parse_body(request: web.Request, model: type[M]) -> M:
    """The request's JSON body validated by `model`; problems for anything else."""
    if request.content_type != "application/json":
        raise Problem(
            415,
            "Send the body as JSON with Content-Type: application/json.",
            detail_de="Bitte als JSON senden.",
            code="unsupported-media-type",
        )
    raw = await request.read()
    try:
        data = json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise Problem(
            400,
            "The body is not valid JSON.",
            detail_de="Die Anfrage ist kein gültiges JSON.",
            code="malformed-json",
        ) from None
    if not isinstance(data, dict):
        raise Problem(400, "The body must be a JSON object.", code="malformed-json")
    return model.model_validate(data)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    return str(value)


def json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    """JSON that keeps umlauts readable."""
    return web.Response(
        text=json.dumps(data, ensure_ascii=False, default=_json_default),
        status=status,
        content_type="application/json",
        headers=headers,
    )
