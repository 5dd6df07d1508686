"""The contract of the exhibitions storage ports, run against the in-memory fakes (unit layer)
and against SecantusDB (integration layer): one suite per port, the same assertions."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo.errors import DuplicateKeyError

from services.exhibitions import domain
from services.exhibitions.ports import ExhibitionRepository, ExhibitRepository, KioskRegistry
from services.exhibitions.ports_feedback import (
    CommentRepository,
    CounterRepository,
    RatingRepository,
)
from services.exhibitions.tally import Given, rating_deltas
from shared.unit_of_work import Transaction, UnitOfWork
from tests.contracts.transactions import fails_after, in_tx

T0 = datetime(2026, 12, 2, 14, 5, tzinfo=UTC)
FIELD = "Wirtschaft und Technologie"


class Backend:
    """What a backend gives the suite: the six ports and the unit of work they take part in."""

    uow: UnitOfWork
    exhibitions: ExhibitionRepository
    exhibits: ExhibitRepository
    kiosks: KioskRegistry
    ratings: RatingRepository
    comments: CommentRepository
    counters: CounterRepository


def an_exhibition(at: datetime = T0, title: str = "Ausstellung") -> dict[str, Any]:
    return domain.new_exhibition(title, "Beschreibung", at)


def an_exhibit(exhibition_id: str = "e1", at: datetime = T0, code: str | None = None) -> dict:
    exhibit = domain.new_exhibit(exhibition_id, "Exponat", FIELD, "", [FIELD], at)
    return {**exhibit, "code": code} if code else exhibit


def a_rating(
    exhibit_id: str = "x1", rating: int = 4, at: datetime = T0, *, by: str = "k1", **extra: Any
) -> dict[str, Any]:
    return {
        "_id": uuid.uuid4().hex[:16],
        "exhibit_id": exhibit_id,
        "exhibition_id": "e1",
        "source": "kiosk",
        "by": by,
        "rating": rating,
        "given_at": at,
        "comment_id": None,
        "created_at": at,
        "updated_at": at,
        **extra,
    }


def a_comment(
    exhibit_id: str = "x1", at: datetime = T0, status: str = "submitted", exhibition_id: str = "e1"
) -> dict[str, Any]:
    return {
        "_id": uuid.uuid4().hex[:16],
        "exhibit_id": exhibit_id,
        "exhibition_id": exhibition_id,
        "rating_id": "r1",
        "body": f"Kommentar {at.isoformat()}",
        "status": status,
        "created_at": at,
    }


class ExhibitionRepositoryContract:
    """Subclasses provide the `backend` fixture."""

    async def test_an_added_exhibition_is_got_back_once(self, backend: Backend) -> None:
        exhibition = an_exhibition()
        await in_tx(backend, lambda tx: backend.exhibitions.add(exhibition, tx))
        assert await backend.exhibitions.get(exhibition["_id"]) == exhibition
        assert await backend.exhibitions.get("no-such-exhibition") is None
        with pytest.raises(DuplicateKeyError):
            await in_tx(backend, lambda tx: backend.exhibitions.add(exhibition, tx))

    async def test_the_status_changes_only_from_the_expected_one(self, backend: Backend) -> None:
        exhibition = an_exhibition()
        await in_tx(backend, lambda tx: backend.exhibitions.add(exhibition, tx))
        at = T0 + timedelta(hours=1)

        async def open_it(tx: Transaction) -> Any:
            return await backend.exhibitions.set_status(
                exhibition["_id"], expected="draft", status="open", at=at, tx=tx
            )

        opened = await in_tx(backend, open_it)
        assert opened == {**exhibition, "status": "open", "updated_at": at}
        assert await in_tx(backend, open_it) is None
        assert await backend.exhibitions.get(exhibition["_id"]) == opened

    async def test_newest_first(self, backend: Backend) -> None:
        made = [an_exhibition(T0 + timedelta(minutes=n), f"A{n}") for n in (1, 3, 2)]
        for exhibition in made:
            await in_tx(backend, lambda tx, e=exhibition: backend.exhibitions.add(e, tx))
        assert [e["title"] for e in await backend.exhibitions.newest()] == ["A3", "A2", "A1"]
        assert [e["title"] for e in await backend.exhibitions.newest(1)] == ["A3"]

    async def test_a_failed_work_adds_nothing(self, backend: Backend) -> None:
        exhibition = an_exhibition()
        await fails_after(backend, lambda tx: backend.exhibitions.add(exhibition, tx))
        assert await backend.exhibitions.get(exhibition["_id"]) is None


class ExhibitRepositoryContract:
    """Subclasses provide the `backend` fixture."""

    async def test_an_exhibit_is_found_by_id_and_by_code(self, backend: Backend) -> None:
        exhibit = an_exhibit()
        await in_tx(backend, lambda tx: backend.exhibits.add(exhibit, tx))
        assert await backend.exhibits.get(exhibit["_id"]) == exhibit
        assert await backend.exhibits.by_code(exhibit["code"]) == exhibit
        assert await backend.exhibits.get("no-such-exhibit") is None
        assert await backend.exhibits.by_code("000000") is None  # 0 is never in a code

    async def test_a_code_is_never_given_twice(self, backend: Backend) -> None:
        first = an_exhibit(code="ABC234")
        await in_tx(backend, lambda tx: backend.exhibits.add(first, tx))
        with pytest.raises(DuplicateKeyError):
            await in_tx(backend, lambda tx: backend.exhibits.add(an_exhibit(code="ABC234"), tx))
        assert [x["_id"] for x in await backend.exhibits.of_exhibition("e1")] == [first["_id"]]

    async def test_an_exhibitions_exhibits_oldest_first(self, backend: Backend) -> None:
        made = [an_exhibit("e1", T0 + timedelta(minutes=n)) for n in (2, 0, 1)]
        for exhibit in [*made, an_exhibit("e2")]:
            await in_tx(backend, lambda tx, x=exhibit: backend.exhibits.add(x, tx))
        listed = await backend.exhibits.of_exhibition("e1")
        assert [x["_id"] for x in listed] == [made[1]["_id"], made[2]["_id"], made[0]["_id"]]
        assert await backend.exhibits.of_exhibition("e3") == []


class KioskRegistryContract:
    """Subclasses provide the `backend` fixture."""

    @staticmethod
    def kiosk(exhibit_id: str = "x1") -> dict[str, Any]:
        return {
            "_id": uuid.uuid4().hex,
            "exhibit_id": exhibit_id,
            "exhibition_id": "e1",
            "created_at": T0,
            "revoked_at": None,
        }

    async def test_a_registered_kiosk_is_known(self, backend: Backend) -> None:
        kiosk = self.kiosk()
        await in_tx(backend, lambda tx: backend.kiosks.add(kiosk, tx))
        assert await backend.kiosks.get(kiosk["_id"]) == kiosk
        assert await backend.kiosks.get("never-registered") is None
        with pytest.raises(DuplicateKeyError):
            await in_tx(backend, lambda tx: backend.kiosks.add(kiosk, tx))

    async def test_touch_keeps_the_latest_rating_time(self, backend: Backend) -> None:
        kiosk = self.kiosk()
        await in_tx(backend, lambda tx: backend.kiosks.add(kiosk, tx))
        for at in (T0 + timedelta(seconds=10), T0):
            await in_tx(backend, lambda tx, at=at: backend.kiosks.touch(kiosk["_id"], at, tx))
        stored = await backend.kiosks.get(kiosk["_id"])
        assert stored["last_given_at"] == T0 + timedelta(seconds=10)

    async def test_revoking_marks_every_active_kiosk_of_the_exhibit(self, backend: Backend) -> None:
        mine = [self.kiosk("x1") for _ in range(3)]
        other = self.kiosk("x2")
        for kiosk in [*mine, other]:
            await in_tx(backend, lambda tx, k=kiosk: backend.kiosks.add(k, tx))
        at = T0 + timedelta(days=1)
        assert await in_tx(backend, lambda tx: backend.kiosks.revoke_all("x1", at, tx)) == 3
        assert await in_tx(backend, lambda tx: backend.kiosks.revoke_all("x1", at, tx)) == 0
        for kiosk in mine:
            assert (await backend.kiosks.get(kiosk["_id"]))["revoked_at"] == at
        assert (await backend.kiosks.get(other["_id"]))["revoked_at"] is None

    async def test_a_failed_revocation_revokes_nothing(self, backend: Backend) -> None:
        kiosk = self.kiosk()
        await in_tx(backend, lambda tx: backend.kiosks.add(kiosk, tx))
        await fails_after(backend, lambda tx: backend.kiosks.revoke_all("x1", T0, tx))
        assert (await backend.kiosks.get(kiosk["_id"]))["revoked_at"] is None


class RatingRepositoryContract:
    """Subclasses provide the `backend` fixture."""

    async def test_a_rating_is_stored_and_replaced_under_its_id(self, backend: Backend) -> None:
        rating = a_rating(rating=2, source="phone", by="p:1")
        await in_tx(backend, lambda tx: backend.ratings.put(rating, tx))
        assert await backend.ratings.get(rating["_id"]) == rating
        later = {**rating, "rating": 5, "given_at": T0 + timedelta(hours=1)}
        await in_tx(backend, lambda tx: backend.ratings.put(later, tx))
        assert await backend.ratings.get(rating["_id"]) == later
        assert await backend.ratings.get("no-such-rating") is None

    async def test_the_nearest_kiosk_rating_within_the_interval(self, backend: Backend) -> None:
        for rating in (
            a_rating(at=T0),
            a_rating(at=T0 + timedelta(seconds=3)),
            a_rating(at=T0 + timedelta(seconds=20)),
            a_rating(at=T0 + timedelta(seconds=11), by="k2"),
            a_rating(at=T0 + timedelta(seconds=11), source="phone"),
        ):
            await in_tx(backend, lambda tx, r=rating: backend.ratings.put(r, tx))

        async def near(at: datetime) -> Any:
            return await in_tx(
                backend, lambda tx: backend.ratings.nearest_of_kiosk("k1", at, 5.0, tx)
            )

        assert await near(T0 + timedelta(seconds=1)) == T0 + timedelta(seconds=3)
        assert await near(T0 + timedelta(seconds=11)) is None
        assert await near(T0 + timedelta(seconds=8)) is None  # exactly 5 s after: fine
        assert await near(T0 + timedelta(seconds=16)) == T0 + timedelta(seconds=20)

    async def test_the_latest_ratings_of_an_exhibit_by_given_at(self, backend: Backend) -> None:
        for n, stars in enumerate((1, 2, 3, 4, 5)):
            at = T0 + timedelta(minutes=(n * 7) % 5)  # given out of order: 0, 2, 4, 1, 3
            rating = a_rating("x1", stars, at)
            await in_tx(backend, lambda tx, r=rating: backend.ratings.put(r, tx))
        await in_tx(backend, lambda tx: backend.ratings.put(a_rating("x2", 1, T0), tx))
        assert await in_tx(backend, lambda tx: backend.ratings.latest("x1", 3, tx)) == [3, 5, 2]
        assert await in_tx(backend, lambda tx: backend.ratings.latest("x9", 3, tx)) == []

    async def test_an_exhibitions_ratings_in_the_order_given(self, backend: Backend) -> None:
        made = [a_rating(at=T0 + timedelta(minutes=n)) for n in (2, 0, 1)]
        for rating in [*made, a_rating(exhibition_id="e2")]:
            await in_tx(backend, lambda tx, r=rating: backend.ratings.put(r, tx))
        listed = [r["_id"] async for r in backend.ratings.of_exhibition("e1")]
        assert listed == [made[1]["_id"], made[2]["_id"], made[0]["_id"]]

    async def test_a_failed_work_stores_no_rating(self, backend: Backend) -> None:
        rating = a_rating()
        await fails_after(backend, lambda tx: backend.ratings.put(rating, tx))
        assert await backend.ratings.get(rating["_id"]) is None


class CommentRepositoryContract:
    """Subclasses provide the `backend` fixture."""

    async def test_a_comment_is_stored_once(self, backend: Backend) -> None:
        comment = a_comment()
        await in_tx(backend, lambda tx: backend.comments.add(comment, tx))
        assert await backend.comments.get(comment["_id"]) == comment
        assert await backend.comments.get("no-such-comment") is None
        with pytest.raises(DuplicateKeyError):
            await in_tx(backend, lambda tx: backend.comments.add(comment, tx))

    async def test_moderation_needs_the_status_one_saw(self, backend: Backend) -> None:
        comment = a_comment()
        await in_tx(backend, lambda tx: backend.comments.add(comment, tx))
        at = T0 + timedelta(hours=1)

        async def publish(tx: Transaction) -> bool:
            return await backend.comments.set_status(
                comment["_id"], expected="submitted", status="published", at=at, tx=tx
            )

        assert await in_tx(backend, publish)
        assert not await in_tx(backend, publish)
        stored = await backend.comments.get(comment["_id"])
        assert stored["status"] == "published" and stored["moderated_at"] == at

    async def test_the_queue_oldest_first(self, backend: Backend) -> None:
        waiting = [a_comment(f"x{n}", T0 + timedelta(minutes=n)) for n in (3, 1, 2)]
        for comment in [*waiting, a_comment("x9", T0, "rejected")]:
            await in_tx(backend, lambda tx, c=comment: backend.comments.add(c, tx))
        queue = await backend.comments.with_status("submitted")
        assert [c["exhibit_id"] for c in queue] == ["x1", "x2", "x3"]
        assert [c["exhibit_id"] for c in await backend.comments.with_status("submitted", 1)] == [
            "x1"
        ]
        assert [c["exhibit_id"] for c in await backend.comments.with_status("rejected")] == ["x9"]

    async def test_published_ones_newest_first(self, backend: Backend) -> None:
        early = a_comment("x1", T0, "published")
        late = a_comment("x2", T0 + timedelta(minutes=2), "published")
        held = a_comment("x1", T0 + timedelta(minutes=3))
        mid = a_comment("x1", T0 + timedelta(minutes=1), "published")
        elsewhere = a_comment("x7", T0, "published", exhibition_id="e2")
        for comment in (early, late, held, mid, elsewhere):
            await in_tx(backend, lambda tx, c=comment: backend.comments.add(c, tx))
        of_exhibit = await backend.comments.published_of_exhibit("x1", 10)
        assert [c["_id"] for c in of_exhibit] == [mid["_id"], early["_id"]]
        assert len(await backend.comments.published_of_exhibit("x1", 1)) == 1
        of_exhibition = await backend.comments.published_of_exhibition("e1", 2)
        assert [c["_id"] for c in of_exhibition] == [late["_id"], mid["_id"]]


class CounterRepositoryContract:
    """Subclasses provide the `backend` fixture."""

    async def test_counters_start_at_zero_and_add_up(self, backend: Backend) -> None:
        assert await backend.counters.get("x1") is None
        first = rating_deltas(None, Given(4, T0))
        after = await in_tx(backend, lambda tx: backend.counters.add("x1", "e1", first, tx))
        assert (after["count"], after["sum"], after["dist"]) == (1, 4, {"4": 1})
        assert after["hours"] == {"2026-12-02T14": {"count": 1, "sum": 4}}
        assert after["days"] == {"2026-12-02": {"count": 1, "sum": 4}}
        moved = rating_deltas(Given(4, T0), Given(2, T0 + timedelta(hours=1)))
        after = await in_tx(backend, lambda tx: backend.counters.add("x1", "e1", moved, tx))
        assert (after["count"], after["sum"], after["dist"]) == (1, 2, {"4": 0, "2": 1})
        assert after["hours"]["2026-12-02T14"] == {"count": 0, "sum": 0}
        assert after["hours"]["2026-12-02T15"] == {"count": 1, "sum": 2}
        assert after["days"] == {"2026-12-02": {"count": 1, "sum": 2}}
        assert after["version"] == 2 and after["exhibition_id"] == "e1"
        assert await backend.counters.get("x1") == after

    async def test_an_exhibitions_counters_and_alerts(self, backend: Backend) -> None:
        deltas = rating_deltas(None, Given(5, T0))
        for exhibit, exhibition in (("x1", "e1"), ("x2", "e1"), ("x3", "e2")):
            await in_tx(
                backend,
                lambda tx, x=exhibit, e=exhibition: backend.counters.add(x, e, deltas, tx),
            )
        assert sorted(c["_id"] for c in await backend.counters.of_exhibition("e1")) == ["x1", "x2"]
        alert = {"recent_mean": 1.5, "usual_mean": 4.5, "recent_count": 10, "raised_at": T0}
        await in_tx(backend, lambda tx: backend.counters.set_alert("x1", alert, tx))
        assert (await backend.counters.get("x1"))["alert"] == alert
        await in_tx(backend, lambda tx: backend.counters.set_alert("x1", None, tx))
        assert (await backend.counters.get("x1"))["alert"] is None

    async def test_a_failed_work_counts_nothing(self, backend: Backend) -> None:
        deltas = rating_deltas(None, Given(3, T0))
        await in_tx(backend, lambda tx: backend.counters.add("x1", "e1", deltas, tx))
        await fails_after(backend, lambda tx: backend.counters.add("x1", "e1", deltas, tx))
        assert (await backend.counters.get("x1"))["count"] == 1


class ExhibitionsStoreContract(
    ExhibitionRepositoryContract,
    ExhibitRepositoryContract,
    KioskRegistryContract,
    RatingRepositoryContract,
    CommentRepositoryContract,
    CounterRepositoryContract,
):
    """All six ports' contracts at once."""
