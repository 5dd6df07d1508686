"""Request-scoped context that logs and events pick up without passing it around."""

from contextvars import ContextVar

correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)
