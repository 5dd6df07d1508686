"""The contract of the exhibitions storage ports, part two: a participant's own ratings (their
own data, DSGVO Art. 15), and nothing of anyone else or of a kiosk. Run beside
exhibitions_store.py's suite against the fakes and against SecantusDB."""

from __future__ import annotations

from datetime import timedelta

from services.exhibitions.domain_feedback import participant_rating_id
from tests.contracts.exhibitions_store import T0, Backend, a_comment, a_rating, in_tx


def phone_rating(exhibit_id: str, participant: str, minutes: int, **extra: object) -> dict:
    """A participant's rating as the handler stores it (one per exhibit, under its key)."""
    return a_rating(
        exhibit_id,
        at=T0 + timedelta(minutes=minutes),
        by=participant,
        source="phone",
        _id=participant_rating_id(exhibit_id, participant),
        **extra,
    )


class RatingsOfParticipantContract:
    """Subclasses provide the `backend` fixture."""

    async def test_a_participants_ratings_in_the_order_given(self, backend: Backend) -> None:
        later = phone_rating("x1", "p:1", 5, comment_id="c1")
        earlier = phone_rating("x2", "p:1", 1, exhibition_id="e2")
        # "p:" and "p:11" share a beginning with "p:1"; a kiosk rates for no one.
        others = [
            phone_rating("x1", "p:11", 2),
            phone_rating("x1", "p:", 3),
            a_rating("x1", at=T0, by="k1"),
        ]
        for rating in (later, *others, earlier):
            await in_tx(backend, lambda tx, r=rating: backend.ratings.put(r, tx))
        assert await backend.ratings.of_participant("p:1") == [earlier, later]
        assert await backend.ratings.of_participant("p:11") == [others[0]]
        assert await backend.ratings.of_participant("k1") == []
        assert await backend.ratings.of_participant("p:nobody") == []

    async def test_a_replaced_rating_is_listed_once_as_it_is_now(self, backend: Backend) -> None:
        first = phone_rating("x1", "p:1", 0)
        await in_tx(backend, lambda tx: backend.ratings.put(first, tx))
        again = {**first, "rating": 1, "given_at": T0 + timedelta(hours=1), "comment_id": "c2"}
        await in_tx(backend, lambda tx: backend.ratings.put(again, tx))
        assert await backend.ratings.of_participant("p:1") == [again]

    async def test_every_comment_given_with_ratings_oldest_first(self, backend: Backend) -> None:

        def given(rating_id: str, minutes: int) -> dict:
            return {**a_comment(at=T0 + timedelta(minutes=minutes)), "rating_id": rating_id}

        later, earlier, others = given("r1", 5), given("r1", 1), given("r9", 2)
        for comment in (later, others, earlier):
            await in_tx(backend, lambda tx, c=comment: backend.comments.add(c, tx))
        assert await backend.comments.of_ratings(["r1"]) == [earlier, later]
        assert await backend.comments.of_ratings(["r1", "r9"]) == [earlier, others, later]
        assert await backend.comments.of_ratings([]) == []

    async def test_removed_ratings_and_comments_are_gone_and_no_others(
        self, backend: Backend
    ) -> None:
        mine, theirs = phone_rating("x1", "p:1", 0), phone_rating("x1", "p:2", 1)
        for rating in (mine, theirs):
            await in_tx(backend, lambda tx, r=rating: backend.ratings.put(r, tx))
        said = {**a_comment(at=T0), "rating_id": mine["_id"]}
        other = {**a_comment(at=T0), "rating_id": theirs["_id"]}
        for comment in (said, other):
            await in_tx(backend, lambda tx, c=comment: backend.comments.add(c, tx))
        await in_tx(backend, lambda tx: backend.ratings.remove([mine["_id"]], tx))
        await in_tx(backend, lambda tx: backend.comments.remove([said["_id"]], tx))
        assert await backend.ratings.of_participant("p:1") == []
        assert await backend.ratings.of_participant("p:2") == [theirs]
        assert await backend.comments.of_ratings([mine["_id"], theirs["_id"]]) == [other]
