"""JSON logs on stdout, each line carrying the correlation id of the request it belongs to."""

from __future__ import annotations

import logging
import sys

import structlog

from shared.context import correlation_id


def _add_correlation_id(_logger: object, _name: str, event: dict) -> dict:
    cid = correlation_id.get()
    if cid:
        event["correlation_id"] = cid
    return event


def configure_logging(service: str, level: str = "INFO") -> None:
    """Route structlog and the standard library's logging to one JSON line per record."""
    shared_processors = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _add_correlation_id,
        lambda _l, _n, ev: {**ev, "service": service},
    ]
    structlog.configure(
        processors=[
            *shared_processors,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                structlog.processors.JSONRenderer(ensure_ascii=False),
            ],
            # ExtraAdder: `extra={...}` of standard-library calls become JSON fields too.
            foreign_pre_chain=[structlog.stdlib.ExtraAdder(), *shared_processors],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("aiokafka").setLevel("WARNING")
    logging.getLogger("aiohttp.access").setLevel("WARNING")
