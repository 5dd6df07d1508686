"""The base of the in-memory fakes of storage ports: documents by `_id`, copied in and out (as a
database would), which the fake unit of work can snapshot and restore."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from pymongo.errors import DuplicateKeyError

Doc = dict[str, Any]


class MemoryDocs:
    """Documents by `_id`; subclasses implement a port on top."""

    def __init__(self) -> None:
        self.docs: dict[str, Doc] = {}

    def snapshot(self) -> dict[str, Doc]:
        """For the fake unit of work (it copies the state)."""
        return self.docs

    def restore(self, state: dict[str, Doc]) -> None:
        """For the fake unit of work."""
        self.docs = state

    def _insert(self, doc: Doc) -> None:
        # The same refusal the unique _id index gives, so handlers meet it in unit tests too.
        if doc["_id"] in self.docs:
            raise DuplicateKeyError(f"_id {doc['_id']} is taken")
        self.docs[doc["_id"]] = copy.deepcopy(doc)

    def _get(self, doc_id: str) -> Doc | None:
        return copy.deepcopy(self.docs.get(doc_id))

    def _sorted(
        self, keep: Callable[[Doc], bool], key: str, *, newest: bool, limit: int | None = None
    ) -> list[Doc]:
        """Matching documents by `key`, then _id (as the MongoDB classes sort), copied."""
        found = sorted(
            (d for d in self.docs.values() if keep(d)),
            key=lambda d: (d[key], d["_id"]),
            reverse=newest,
        )
        return copy.deepcopy(found[:limit] if limit is not None else found)
