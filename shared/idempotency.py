"""Idempotency-Key records: a repeated request with the same key gets the first answer again.

Any service can use it: the record is written in the handler's unit of work, together with the
change it answers for, so a retried request after a lost answer never changes anything twice.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any, Protocol

from aiohttp import web
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.problems import Problem
from shared.unit_of_work import Transaction

# How long a key is remembered: a phone retrying after a day has long shown its own result.
RETENTION_S = 24 * 3600


def idempotency_key(request: web.Request) -> str | None:
    """The request's Idempotency-Key header, if any (1 to 100 characters, else 400)."""
    key = request.headers.get("Idempotency-Key")
    if key is not None and not (1 <= len(key) <= 100):
        raise Problem(
            400,
            "Idempotency-Key must be 1 to 100 characters.",
            detail_de="Der Idempotency-Key muss 1 bis 100 Zeichen lang sein.",
            code="bad-header",
        )
    return key


class IdempotencyStore(Protocol):
    """The port: look a key up, remember the answer for a key (inside the unit of work)."""

    async def find(self, key: str) -> dict[str, Any] | None:
        """The stored answer, as {"status": int, "body": dict}, or None."""
        ...

    async def remember(self, key: str, status: int, body: dict[str, Any], tx: Transaction) -> None:
        """Store the answer; a second answer for the same key raises DuplicateKeyError."""
        ...


class MongoIdempotencyStore:
    """Records in the service's `idempotency` collection, removed by the database after a day."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.collection = db["idempotency"]

    async def ensure_indexes(self) -> None:
        """The TTL index that forgets old keys."""
        await self.collection.create_index("created_at", expireAfterSeconds=RETENTION_S)

    async def find(self, key: str) -> dict[str, Any] | None:
        """See `IdempotencyStore.find`."""
        record = await self.collection.find_one({"_id": key})
        return None if record is None else {"status": record["status"], "body": record["body"]}

    async def remember(self, key: str, status: int, body: dict[str, Any], tx: Transaction) -> None:
        """See `IdempotencyStore.remember`."""
        document = {"_id": key, "status": status, "body": body, "created_at": datetime.now(UTC)}
        await self.collection.insert_one(document, session=tx.session)


class FakeIdempotencyStore:
    """The in-memory fake (no expiry: a test never lives a day)."""

    def __init__(self) -> None:
        self.records: dict[str, dict[str, Any]] = {}

    async def find(self, key: str) -> dict[str, Any] | None:
        """See `IdempotencyStore.find`."""
        record = self.records.get(key)
        return copy.deepcopy(record) if record is not None else None

    async def remember(self, key: str, status: int, body: dict[str, Any], tx: Transaction) -> None:
        """See `IdempotencyStore.remember`."""
        if key in self.records:
            raise DuplicateKeyError(f"idempotency key {key} already answered")
        self.records[key] = {"status": status, "body": copy.deepcopy(body)}

    def snapshot(self) -> dict[str, dict[str, Any]]:
        """For the fake unit of work."""
        return self.records

    def restore(self, state: dict[str, dict[str, Any]]) -> None:
        """For the fake unit of work."""
        self.records = state
