"""MongoDB access through PyMongo's async API."""

from __future__ import annotations

import asyncio
import logging
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
    keeps a state change and its outbox event together. Any error inside `work` aborts the whole
    transaction (a DuplicateKeyError too: MongoDB cannot commit after one), so catch it outside.
    """
    async with client.start_session() as session:
        # with_transaction retries transient transaction errors and unknown commit results.
        return await session.with_transaction(work)


async def ping(client: AsyncMongoClient) -> bool:
    """True when the database answers."""
    try:
        await client.admin.command("ping")
    except Exception:
        return False
    return True


async def wait_for_database(uri: str, timeout_s: float = 60.0) -> None:
    """Wait until the database answers, telling the operator what it waits for."""
    log = logging.getLogger(__name__)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    announced = False
    client = AsyncMongoClient(uri, serverSelectionTimeoutMS=1000)
    try:
        while not await ping(client):
            if loop.time() > deadline:
                raise TimeoutError(f"MongoDB did not answer within {timeout_s:.0f}s")
            if not announced:
                log.warning("waiting for MongoDB to answer")
                announced = True
            await asyncio.sleep(0.5)
    finally:
        await client.close()
