"""How the storage contract suites run a store's calls: in a unit of work of their own, or in one
that then fails (so a suite shows that nothing of it stays). Any backend with a `uow` will do."""

from __future__ import annotations

from typing import Any, Protocol

import pytest

from shared.unit_of_work import Transaction, UnitOfWork


class HasUnitOfWork(Protocol):
    uow: UnitOfWork


async def in_tx(backend: HasUnitOfWork, action: Any) -> Any:
    """Run `action(tx)` in a unit of work of its own."""

    async def work(tx: Transaction) -> Any:
        return await action(tx)

    return await backend.uow.run(work)


async def fails_after(backend: HasUnitOfWork, action: Any) -> None:
    """Run `action(tx)` in a unit of work that then fails; the failure is expected."""

    async def work(tx: Transaction) -> None:
        await action(tx)
        raise ValueError("a rule said no")

    with pytest.raises(ValueError):
        await backend.uow.run(work)
