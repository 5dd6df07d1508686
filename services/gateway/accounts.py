"""Staff accounts (moderators, admins, jury) with argon2 password hashes."""

from __future__ import annotations

import asyncio
import secrets
from datetime import UTC, datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

STAFF_ROLES = ("moderator", "admin", "jury", "display")


class AccountError(ValueError):
    """An account cannot be created or changed as asked."""


class AccountsBusy(Exception):
    """Too many passwords are being checked at once; try again after `retry_after_s`."""

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(f"password checks busy; retry after {retry_after_s} s")
        self.retry_after_s = retry_after_s


def generate_password() -> str:
    """A password strong enough to print once and hand over."""
    return secrets.token_urlsafe(12)


class AccountStore:
    """Accounts keyed by user name; the password is never stored, only its argon2 hash."""

    def __init__(
        self,
        db: AsyncDatabase,
        hasher: PasswordHasher | None = None,
        *,
        max_parallel_checks: int = 4,
        queue_wait_s: float = 2.0,
    ) -> None:
        self.accounts = db["accounts"]
        self.hasher = hasher or PasswordHasher()
        # Verified against when the user does not exist, so that timing does not tell.
        self._dummy_hash = self.hasher.hash(secrets.token_hex(8))
        # Each check of a password takes 64 MiB and a core for tens of milliseconds: a burst of
        # logins with made-up names must not take all memory and CPU. Who waits longer than
        # `queue_wait_s` for a turn is told to come back (AccountsBusy).
        self._checks = asyncio.Semaphore(max_parallel_checks)
        self.queue_wait_s = queue_wait_s

    async def create(self, username: str, role: str, password: str | None = None) -> str:
        """Create an account and return its password (generated when not given)."""
        if role not in STAFF_ROLES:
            raise AccountError(f"role must be one of {', '.join(STAFF_ROLES)}")
        if (
            not (3 <= len(username) <= 64)
            or not username.replace("_", "").replace("-", "").isalnum()
        ):
            raise AccountError("user name: 3–64 letters, digits, '-' or '_'")
        password = password or generate_password()
        if len(password) < 10:
            raise AccountError("password: at least 10 characters")
        hashed = await asyncio.to_thread(self.hasher.hash, password)
        try:
            await self.accounts.insert_one(
                {
                    "_id": username,
                    "role": role,
                    "password_hash": hashed,
                    "disabled": False,
                    "created_at": datetime.now(UTC),
                }
            )
        except DuplicateKeyError:
            raise AccountError(f"account {username!r} exists already") from None
        return password

    async def set_password(self, username: str, password: str) -> None:
        """Replace the password of an existing account."""
        hashed = await asyncio.to_thread(self.hasher.hash, password)
        res = await self.accounts.update_one({"_id": username}, {"$set": {"password_hash": hashed}})
        if res.matched_count == 0:
            raise AccountError(f"no account {username!r}")

    async def set_disabled(self, username: str, disabled: bool) -> None:
        """Disable (or enable again) an account; a disabled account cannot log in."""
        res = await self.accounts.update_one({"_id": username}, {"$set": {"disabled": disabled}})
        if res.matched_count == 0:
            raise AccountError(f"no account {username!r}")

    async def exists(self, username: str) -> bool:
        return await self.accounts.find_one({"_id": username}, {"_id": 1}) is not None

    async def list(self) -> list[dict[str, Any]]:
        return await self.accounts.find({}, {"password_hash": 0}).to_list()

    async def authenticate(self, username: str, password: str) -> str | None:
        """The role of an enabled account whose password matches, else None."""
        account = await self.accounts.find_one({"_id": username})
        hashed = account["password_hash"] if account else self._dummy_hash
        if not await self._verify(hashed, password):
            return None
        if account is None or account.get("disabled"):
            return None
        return account["role"]

    async def _verify(self, hashed: str, password: str) -> bool:
        """One argon2 verification, at most `max_parallel_checks` at a time; AccountsBusy when
        no turn comes within `queue_wait_s`."""
        try:
            async with asyncio.timeout(self.queue_wait_s):
                await self._checks.acquire()
        except TimeoutError:
            raise AccountsBusy(max(1, round(self.queue_wait_s))) from None
        work = asyncio.ensure_future(asyncio.to_thread(self._verify_now, hashed, password))
        # Released when the thread is done, not when the caller stops waiting: a cancelled
        # request must not let more checks run than the bound.
        work.add_done_callback(lambda _done: self._checks.release())
        return await asyncio.shield(work)

    def _verify_now(self, hashed: str, password: str) -> bool:
        try:
            return self.hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            return False
