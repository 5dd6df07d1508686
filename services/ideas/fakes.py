"""The ideas ports in memory, for handler tests without servers.

They behave as the MongoDB classes do (tests/contracts/ideas_store.py holds both to the same
contract) and hand out copies, so a handler that changes what it read changes nothing stored.
`snapshot` and `restore` let `FakeUnitOfWork` undo a failed handler's writes.
"""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator

from pymongo.errors import DuplicateKeyError

from services.ideas.domain import is_withdrawn
from services.ideas.fakes_events import FakeEventCopies
from services.ideas.fakes_reactions import FakeComments, FakeSupports
from services.ideas.handlers import IdeasService
from services.ideas.ports import Idea
from services.ideas.readmodel import IdeaReadModel
from shared.idempotency import FakeIdempotencyStore
from shared.settings import DEFAULT_FIELDS_OF_ACTION, Settings
from shared.unit_of_work import FakeUnitOfWork, Transaction


class FakeIdeas:
    """`IdeaRepository` in a dict."""

    def __init__(self) -> None:
        self.ideas: dict[str, Idea] = {}

    async def get(self, idea_id: str, tx: Transaction | None = None) -> Idea | None:
        """See `IdeaRepository.get`."""
        return copy.deepcopy(self.ideas.get(idea_id))

    async def add(self, idea: Idea, tx: Transaction) -> None:
        """See `IdeaRepository.add`."""
        if idea["_id"] in self.ideas:
            raise DuplicateKeyError(f"idea {idea['_id']} exists")
        self.ideas[idea["_id"]] = copy.deepcopy(idea)

    async def save(self, idea: Idea, *, expected_version: int, tx: Transaction) -> bool:
        """See `IdeaRepository.save`."""
        stored = self.ideas.get(idea["_id"])
        if stored is None or stored["version"] != expected_version:
            return False
        self.ideas[idea["_id"]] = copy.deepcopy(idea)
        return True

    async def add_to_counts(
        self, idea_id: str, tx: Transaction, *, supports: int = 0, comments: int = 0
    ) -> Idea | None:
        """See `IdeaRepository.add_to_counts`."""
        stored = self.ideas.get(idea_id)
        if stored is None or is_withdrawn(stored):
            return None
        stored["supports"] = stored.get("supports", 0) + supports
        stored["comments"] = stored.get("comments", 0) + comments
        stored["version"] += 1
        return copy.deepcopy(stored)

    async def of_author(self, author: str) -> list[Idea]:
        """See `IdeaRepository.of_author`."""
        found = [i for i in self.ideas.values() if i.get("author") == author]
        return copy.deepcopy(sorted(found, key=lambda i: (i["created_at"], i["_id"])))

    async def all(
        self, *, oldest_first: bool = False, include_withdrawn: bool = False
    ) -> AsyncIterator[Idea]:
        """See `IdeaRepository.all`."""
        ideas = [i for i in self.ideas.values() if include_withdrawn or not is_withdrawn(i)]
        if oldest_first:
            ideas.sort(key=lambda idea: idea["created_at"])
        for idea in ideas:
            yield copy.deepcopy(idea)

    def snapshot(self) -> dict[str, Idea]:
        """For the fake unit of work."""
        return self.ideas

    def restore(self, state: dict[str, Idea]) -> None:
        """For the fake unit of work."""
        self.ideas = state


def in_memory_service(topic: str = "ideas.events") -> tuple[IdeasService, FakeUnitOfWork]:
    """An ideas service on fakes, with the default fields of action and region; the unit of work
    tells what was published."""
    stores = FakeIdeas(), FakeSupports(), FakeComments(), FakeIdempotencyStore()
    uow = FakeUnitOfWork(*stores)
    ideas, supports, comments, idempotency = stores
    service = IdeasService(
        uow=uow,
        ideas=ideas,
        supports=supports,
        comments=comments,
        idempotency=idempotency,
        events=FakeEventCopies(uow, topic),
        model=IdeaReadModel(),
        topic=topic,
        fields_of_action=list(DEFAULT_FIELDS_OF_ACTION),
        region_bbox=Settings.model_fields["region_bbox"].default,
    )
    return service, uow
