"""The one error type domain rules raise; the HTTP edge maps its code to a status."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule was broken. `code` names the rule (e.g. "poll-closed"); the domain knows nothing of
    HTTP: each service's edge maps codes to statuses (shared/problems.py, `make_app(statuses=)`).

    `detail` is English, `detail_de` German; `extra` becomes members of the problem document
    (for example `errors` for field errors or `allowed` for the statuses one may move to);
    `retry_after` (seconds) becomes the Retry-After header instead.
    """

    def __init__(self, detail: str, detail_de: str, code: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.detail_de = detail_de
        self.code = code
        self.extra = extra
