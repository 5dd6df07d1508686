"""Whether a user name is an enabled jury account: asked of the gateway, which keeps the staff
accounts, on its internal port (services/gateway/internal_accounts.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import aiohttp

from shared.problems import Problem
from shared.upstream import ask_service, unavailable

UNAVAILABLE = unavailable(
    "The account service does not answer; please try again in a moment.",
    "Die Kontenverwaltung antwortet nicht; bitte gleich noch einmal versuchen.",
)


class JuryAccounts(Protocol):
    """The staff accounts as the hackathons service needs them."""

    async def is_juror_account(self, username: str) -> bool:
        """Whether `username` is an enabled account with the role jury."""
        ...


class GatewayJuryAccounts:
    """`JuryAccounts` asked of the gateway's internal port."""

    def __init__(self, http: aiohttp.ClientSession, base_url: str) -> None:
        self.http = http
        self.base = base_url.rstrip("/")

    async def is_juror_account(self, username: str) -> bool:
        """See `JuryAccounts.is_juror_account`."""
        url = f"{self.base}/accounts/{username}"
        try:
            account = await ask_service(self.http, "GET", url, UNAVAILABLE)
        except Problem as refused:
            if refused.status == 404:
                return False
            raise
        return account.get("role") == "jury" and not account.get("disabled")


@dataclass
class FakeJuryAccounts:
    """`JuryAccounts` from a set of user names."""

    names: set[str] = field(default_factory=set)

    async def is_juror_account(self, username: str) -> bool:
        """See `JuryAccounts.is_juror_account`."""
        return username in self.names
