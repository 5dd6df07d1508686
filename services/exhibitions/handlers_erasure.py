"""Erasing a participant's data from the exhibitions service (DSGVO Art. 17, DELETE
/api/exhibitions/me).

The ratings they gave on their phone are deleted and leave the exhibits' counters, so every
summary equals a recount of the ratings that remain; the comments given with them (a replaced
rating's earlier ones too) are deleted. feedback.withdrawn and comment.erased say so, and the
outbox's copies of the events that carried their words are erased
(docs/decisions/0013-erasing-a-participant.md). A kiosk's ratings are no one's and stay.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.exhibitions import domain_feedback, tally
from services.exhibitions.events_feedback import CommentErased, FeedbackWithdrawn
from services.exhibitions.handlers import ExhibitionsService
from shared.unit_of_work import Transaction


@dataclass(frozen=True)
class Erased:
    """What was deleted."""

    ratings: int
    comments: int


async def erase_participant(service: ExhibitionsService, participant: str) -> Erased:
    """Delete the participant's ratings and comments; erasing twice erases nothing more."""

    async def work(tx: Transaction) -> Erased:
        ratings = await service.stores.ratings.of_participant(participant)
        comments = await service.stores.comments.of_ratings([r["_id"] for r in ratings])
        for rating in ratings:
            given = tally.Given(rating["rating"], rating["given_at"])
            await service.stores.counters.add(
                rating["exhibit_id"], rating["exhibition_id"], tally.removal_deltas(given), tx
            )
            service.record(
                tx,
                FeedbackWithdrawn(
                    exhibition_id=rating["exhibition_id"],
                    exhibit_id=rating["exhibit_id"],
                    rating=rating["rating"],
                    previous_rating=None,
                    source=rating["source"],
                    rater=domain_feedback.rater_hash(service.rules.rater_key, participant),
                ),
            )
        for comment in comments:
            service.record(tx, CommentErased(comment["exhibition_id"], comment["_id"]))
        # Each exhibition's live state is redrawn once, however many ratings left it.
        for exhibition_id in sorted({r["exhibition_id"] for r in ratings}):
            service.changed(tx, exhibition_id)
        await service.stores.ratings.remove([r["_id"] for r in ratings], tx)
        await service.stores.comments.remove([c["_id"] for c in comments], tx)
        tx.forget(participant)
        return Erased(len(ratings), len(comments))

    return await service.uow.run(work)
