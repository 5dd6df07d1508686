"""The `ScoreRepository` port in memory (see fakes.py)."""

from __future__ import annotations

import copy

from services.hackathons.domain import Doc
from shared.memory_docs import MemoryDocs
from shared.unit_of_work import Transaction


class FakeScores(MemoryDocs):
    """`ScoreRepository` in a dict."""

    async def put(self, card: Doc, tx: Transaction) -> None:
        """See `ScoreRepository.put`."""
        card_id = f"{card['team_id']}:{card['juror']}"
        self.docs[card_id] = copy.deepcopy({**card, "_id": card_id})

    async def of_hackathon(self, hackathon_id: str) -> list[Doc]:
        """See `ScoreRepository.of_hackathon`."""
        return self._sorted(lambda c: c["hackathon_id"] == hackathon_id, "_id", newest=False)

    async def of_juror(self, hackathon_id: str, juror: str) -> list[Doc]:
        """See `ScoreRepository.of_juror`."""
        return self._sorted(
            lambda c: c["hackathon_id"] == hackathon_id and c["juror"] == juror,
            "_id",
            newest=False,
        )

    async def remove_of_team(self, team_id: str, tx: Transaction) -> None:
        """See `ScoreRepository.remove_of_team`."""
        for card_id in [k for k, c in self.docs.items() if c["team_id"] == team_id]:
            del self.docs[card_id]
