"""The one error type domain rules raise; the web layer answers it as problem+json."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule was broken; `status` is the HTTP status the edge should answer with.

    `detail` is English, `detail_de` German; `extra` becomes members of the problem document
    (for example `errors` for field errors or `allowed` for the statuses one may move to);
    `retry_after` (seconds) becomes the Retry-After header instead.
    """

    def __init__(self, status: int, detail: str, detail_de: str, code: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.detail_de = detail_de
        self.code = code
        self.extra = extra
