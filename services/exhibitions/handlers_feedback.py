"""Handler of feedback: a visitor rates an exhibit at its kiosk or on their phone.

One rating is one unit of work: the rating (a participant's replaces their earlier one), its
comment (held for moderation), the exhibit's counters, its alert, the Idempotency-Key's answer
and the events commit together or not at all, so summaries stay exact and a replay counts once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from pymongo.errors import DuplicateKeyError

from services.exhibitions import domain, domain_feedback, tally
from services.exhibitions.commands import GiveFeedback
from services.exhibitions.domain import Doc
from services.exhibitions.events_feedback import CommentSubmitted, FeedbackGiven
from services.exhibitions.handlers import ExhibitionsService, not_found
from services.exhibitions.handlers_alerts import judge_alert
from services.exhibitions.handlers_kiosks import check_rater
from shared.clock import now_ms as now
from shared.unit_of_work import Transaction


def _admit_all() -> None:
    return None


async def give_feedback(
    service: ExhibitionsService, command: GiveFeedback, *, admit: Callable[[], None] = _admit_all
) -> Doc:
    """Count a rating with its optional comment; the receipt. A retry with the same
    Idempotency-Key gets the first receipt again before any interval or limit applies;
    `admit()` runs once the request is known to be new (the edge's rate limit, which raises)."""
    await check_rater(service, command.rater, command.exhibit_id)
    key = command.replay_key
    if (earlier := await _remembered(service, key)) is not None:
        return earlier
    moment = now()
    given_at = domain_feedback.given_at_of(command.given_at, moment)
    admit()
    exhibit = await service.exhibit(command.exhibit_id)

    async def work(tx: Transaction) -> Doc:
        # A twin with the same key may have committed since the look above (this work is also
        # run again when the database retries the transaction after a conflict).
        if (earlier := await _remembered(service, key)) is not None:
            return earlier
        domain.refuse_unless_open(await service.exhibition(exhibit["exhibition_id"], tx))
        rating, previous = await _rating(service, command, exhibit, given_at, moment, tx)
        if command.comment:
            await _add_comment(service, rating, command.comment, moment, tx)
        await service.stores.ratings.put(rating, tx)
        before = tally.Given(previous["rating"], previous["given_at"]) if previous else None
        deltas = tally.rating_deltas(before, tally.Given(rating["rating"], given_at))
        counters = await service.stores.counters.add(
            exhibit["_id"], exhibit["exhibition_id"], deltas, tx
        )
        await judge_alert(service, exhibit, counters, moment, tx)
        receipt = domain_feedback.receipt(
            exhibit["_id"],
            rating["rating"],
            replaced=previous is not None,
            commented=bool(command.comment),
        )
        if key:
            await service.idempotency.remember(key, 202, receipt, tx)
        event = FeedbackGiven(
            exhibition_id=exhibit["exhibition_id"],
            exhibit_id=exhibit["_id"],
            rating=rating["rating"],
            previous_rating=previous["rating"] if previous else None,
            source=rating["source"],
            rater=domain_feedback.rater_hash(service.rules.rater_key, command.rater.id),
        )
        service.record(tx, event)
        service.changed(tx, exhibit["exhibition_id"])
        return receipt

    try:
        async with service.exhibit_lock(exhibit["_id"]):
            return await service.uow.run(work)
    except DuplicateKeyError:
        # The same key raced in from a second request that committed first.
        if (earlier := await _remembered(service, key)) is not None:
            return earlier
        raise


async def _remembered(service: ExhibitionsService, key: str | None) -> Doc | None:
    if key is None:
        return None
    record = await service.idempotency.find(key)
    return record["body"] if record is not None else None


async def _rating(
    service: ExhibitionsService,
    command: GiveFeedback,
    exhibit: Doc,
    given_at: datetime,
    moment: datetime,
    tx: Transaction,
) -> tuple[Doc, Doc | None]:
    """The rating to store and the one it replaces (a participant's earlier one, if any)."""
    rater = command.rater
    previous = None
    if rater.kind == "kiosk":
        await _keep_interval(service, rater.id, given_at, tx)
        rating_id = domain.new_id()
    else:
        rating_id = domain_feedback.participant_rating_id(exhibit["_id"], rater.id)
        previous = await service.stores.ratings.get(rating_id, tx)
    rating = {
        "_id": rating_id,
        "exhibit_id": exhibit["_id"],
        "exhibition_id": exhibit["exhibition_id"],
        "source": rater.source,
        "by": rater.id,
        "rating": command.rating,
        "given_at": given_at,
        # A new rating without a comment keeps the comment given with the earlier one.
        "comment_id": previous.get("comment_id") if previous else None,
        "created_at": previous["created_at"] if previous else moment,
        "updated_at": moment,
    }
    return rating, previous


async def _keep_interval(
    service: ExhibitionsService, kiosk_id: str, given_at: datetime, tx: Transaction
) -> None:
    """One rating per kiosk interval, by when the visitor pressed: an offline queue of ratings
    given apart passes even when it arrives in one burst; button mashing does not."""
    interval = service.rules.kiosk_interval_s
    if interval > 0:
        nearest = await service.stores.ratings.nearest_of_kiosk(kiosk_id, given_at, interval, tx)
        if nearest is not None:
            raise domain_feedback.kiosk_too_soon(nearest, given_at, interval)
    await service.stores.kiosks.touch(kiosk_id, given_at, tx)


async def _add_comment(
    service: ExhibitionsService, rating: Doc, body: str, moment: datetime, tx: Transaction
) -> None:
    comment = {
        "_id": domain.new_id(),
        "exhibit_id": rating["exhibit_id"],
        "exhibition_id": rating["exhibition_id"],
        "rating_id": rating["_id"],
        "body": body,
        "status": "submitted",
        "created_at": moment,
    }
    await service.stores.comments.add(comment, tx)
    rating["comment_id"] = comment["_id"]
    service.record(tx, CommentSubmitted(comment["exhibition_id"], comment), writer_of(rating))


def writer_of(rating: Doc) -> list[str]:
    """Whose words a rating's comment is: a phone's participant; a kiosk's are no one's."""
    return [rating["by"]] if rating["source"] == "phone" else []


async def my_feedback(service: ExhibitionsService, exhibit_id: str, participant: str) -> Doc:
    """A participant's rating of the exhibit: {rating, comment_status, given_at}."""
    rating_id = domain_feedback.participant_rating_id(exhibit_id, participant)
    rating = await service.stores.ratings.get(rating_id)
    if rating is None:
        raise not_found("rating")
    comment = None
    if rating.get("comment_id"):
        comment = await service.stores.comments.get(rating["comment_id"])
    return {
        "rating": rating["rating"],
        "comment_status": comment["status"] if comment else None,
        "given_at": domain.iso(rating["given_at"]),
    }
