"""The storage contract of a participant's own data in the ideas service (their ideas, comments
and supports, DSGVO Art. 15), run against the fakes and SecantusDB as part of
`IdeasStoreContract`."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from services.ideas import domain

if TYPE_CHECKING:
    from tests.contracts.ideas_store import Backend


class OwnDataContract:
    """Subclasses provide the `backend` fixture."""

    async def test_a_participants_ideas_comments_and_supports_and_no_one_elses(
        self, backend: Backend
    ) -> None:
        # Imported here: ideas_store.py imports this module to collect the contract.
        from tests.contracts.ideas_store import T0, a_comment, in_tx

        def idea(author: str, minutes: int) -> dict:
            return domain.new_idea(
                title=f"Idee {minutes}",
                body="B",
                field="Wirtschaft",
                location=None,
                author=author,
                now=T0 + timedelta(minutes=minutes),
            )

        later, earlier, theirs = idea("p:1", 5), idea("p:1", 1), idea("p:2", 3)
        for made in (later, earlier, theirs):
            await in_tx(backend, lambda tx, i=made: backend.ideas.add(i, tx))
        assert [i["_id"] for i in await backend.ideas.of_author("p:1")] == [
            earlier["_id"],
            later["_id"],
        ]
        assert await backend.ideas.of_author("p:3") == []

        mine = {**a_comment(theirs["_id"], T0 + timedelta(minutes=7)), "author": "p:1"}
        other = {**a_comment(later["_id"], T0 + timedelta(minutes=6)), "author": "p:2"}
        for comment in (mine, other):
            await in_tx(backend, lambda tx, c=comment: backend.comments.add(c, tx))
        assert [c["_id"] for c in await backend.comments.of_author("p:1")] == [mine["_id"]]

        for idea_id, who, minutes in (
            (theirs["_id"], "p:1", 9),
            (later["_id"], "p:1", 8),
            (later["_id"], "p:2", 8),
        ):
            at = T0 + timedelta(minutes=minutes)
            await in_tx(
                backend, lambda tx, i=idea_id, w=who, a=at: backend.supports.add(i, w, a, tx)
            )
        supports = await backend.supports.of_participant("p:1")
        assert [(s["idea_id"], s["participant"], s["at"]) for s in supports] == [
            (later["_id"], "p:1", T0 + timedelta(minutes=8)),
            (theirs["_id"], "p:1", T0 + timedelta(minutes=9)),
        ]
        assert await backend.supports.of_participant("p:3") == []

    async def test_an_authors_comments_are_erased_on_every_idea_and_no_one_elses(
        self, backend: Backend
    ) -> None:
        from tests.contracts.ideas_store import T0, a_comment, in_tx

        mine = [
            {**a_comment("i1", T0), "author": "p:1"},
            {**a_comment("i2", T0 + timedelta(minutes=1), "published"), "author": "p:1"},
        ]
        other = {**a_comment("i1", T0), "author": "p:10"}  # "p:1" is a prefix of "p:10"
        for comment in (*mine, other):
            await in_tx(backend, lambda tx, c=comment: backend.comments.add(c, tx))
        erased = await in_tx(backend, lambda tx: backend.comments.remove_of_author("p:1", tx))
        assert sorted(c["_id"] for c in erased) == sorted(c["_id"] for c in mine)
        assert await backend.comments.of_author("p:1") == []
        assert [c["_id"] for c in await backend.comments.of_author("p:10")] == [other["_id"]]
