"""MongoDB access through PyMongo's async API."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from pymongo import AsyncMongoClient
from pymongo.asynchronous.client_session import AsyncClientSession

T = TypeVar("T")


def make_client(uri: str) -> AsyncMongoClient:
    """A client whose writes wait for the majority, so an answer means the state is durable."""
    return AsyncMongoClient(uri, w="majority", tz_aware=True, serverSelectionTimeoutMS=5000)


async def in_transaction(
    client: AsyncMongoClient, work: Callable[[AsyncClientSession], Awaitable[T]]
) -> T:
    """Run `work` in one multi-document transaction and return its result.

    Correctness does not rest on the transaction alone (keys are unique by construction), but it
    keeps a state change and its outbox event together.
    """
    async with client.start_session() as session, await session.start_transaction():
        return await work(session)


async def ping(client: AsyncMongoClient) -> bool:
    """True when the database answers."""
    try:
        await client.admin.command("ping")
    except Exception:
        return False
    return True
