"""The in-memory read model that answers lists and searches without touching the database.

SecantusDB sorts every document of an index range in memory (ARCHITECTURE §3), so a list query
over 30,000 ideas costs about a second there. The service loads the ideas once at start, then keeps
this model current with its own changes (and, from other instances, with ideas.events).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from services.ideas.domain import is_public, is_withdrawn

# What decides whether an idea is in a list and where it stands in a list by date.
MEMBERSHIP_KEYS = ("status", "published_at", "field", "author", "terms", "created_at")


@dataclass(frozen=True)
class ListQuery:
    statuses: frozenset[str] | None = None  # None: any status
    field: str | None = None
    terms: tuple[str, ...] = ()
    author: str | None = None
    public_only: bool = True
    sort: str = "new"
    page: int = 1
    page_size: int = 20


class IdeaReadModel:
    """All ideas by id, an inverted index of their stems, and cached sorted id lists; the ids of
    withdrawn ideas apart, so that no event of theirs ever brings one back."""

    def __init__(self) -> None:
        self.ideas: dict[str, dict[str, Any]] = {}
        self.withdrawn: set[str] = set()
        self._by_term: dict[str, set[str]] = defaultdict(set)
        self._cache: dict[tuple, list[str]] = {}

    def __len__(self) -> int:
        return len(self.ideas)

    def load(self, docs: Iterable[dict[str, Any]]) -> None:
        """Fill the model from stored ideas (at start)."""
        for doc in docs:
            self.apply(doc)

    def apply(self, idea: dict[str, Any]) -> bool:
        """Take a newer version of an idea; older or equal versions are ignored (idempotent).
        A tombstone removes the idea for good: a withdrawal is final, so any event of that id,
        however new its version looks, changes nothing afterwards."""
        if idea["_id"] in self.withdrawn:
            return False
        if is_withdrawn(idea):
            self._forget(idea["_id"])
            return True
        current = self.ideas.get(idea["_id"])
        if current is not None and current["version"] >= idea["version"]:
            return False
        if current is not None:
            for term in current.get("terms", ()):
                self._by_term[term].discard(idea["_id"])
        self.ideas[idea["_id"]] = idea
        for term in idea.get("terms", ()):
            self._by_term[term].add(idea["_id"])
        if current is not None and all(current.get(k) == idea.get(k) for k in MEMBERSHIP_KEYS):
            # Only counts changed (a support, a comment): lists by date stay as they are, since
            # they hold ids and the ideas are looked up fresh; only "top" orders must be redone.
            for key in [k for k in self._cache if k[-1] == "top"]:
                del self._cache[key]
        else:
            self._cache.clear()
        return True

    def _forget(self, idea_id: str) -> None:
        self.withdrawn.add(idea_id)
        gone = self.ideas.pop(idea_id, None)
        for term in gone.get("terms", ()) if gone else ():
            self._by_term[term].discard(idea_id)
        self._cache.clear()

    def get(self, idea_id: str) -> dict[str, Any] | None:
        return self.ideas.get(idea_id)

    def query(self, q: ListQuery) -> tuple[list[dict[str, Any]], int]:
        """One page of matching ideas and the number of all matches."""
        key = (q.statuses, q.field, q.terms, q.author, q.public_only, q.sort)
        ids = self._cache.get(key)
        if ids is None:
            ids = self._matching_sorted(q)
            if len(self._cache) > 512:
                self._cache.clear()
            self._cache[key] = ids
        start = (q.page - 1) * q.page_size
        return [self.ideas[i] for i in ids[start : start + q.page_size]], len(ids)

    def count(self, q: ListQuery) -> int:
        """The number of matching ideas (no sorting, so cheaper than `query`)."""
        return sum(1 for _ in self._matching(q))

    def _matching_sorted(self, q: ListQuery) -> list[str]:
        matches = list(self._matching(q))
        if q.sort == "top":
            matches.sort(key=lambda i: (i["supports"], i["created_at"], i["_id"]), reverse=True)
        else:
            matches.sort(key=lambda i: (i["created_at"], i["_id"]), reverse=True)
        return [m["_id"] for m in matches]

    def _matching(self, q: ListQuery) -> Iterable[dict[str, Any]]:
        if q.terms:
            sets = [self._by_term.get(t, set()) for t in q.terms]
            candidates: Iterable[dict[str, Any]] = (self.ideas[i] for i in set.intersection(*sets))
        else:
            candidates = self.ideas.values()
        return (
            idea
            for idea in candidates
            if (q.statuses is None or idea["status"] in q.statuses)
            and (q.field is None or idea["field"] == q.field)
            and (q.author is None or idea.get("author") == q.author)
            and (not q.public_only or is_public(idea))
        )
