"""What follows from ratings, on the in-memory fakes: exact summaries, hours and days, alerts,
the live state of exhibition:<id> and the CSV export."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from datetime import timedelta

from services.exhibitions import views
from services.exhibitions.commands import ModerateComment, Rater
from services.exhibitions.export import HEADER, rating_rows
from services.exhibitions.handlers_comments import moderate_comment
from services.exhibitions.projection import LiveProjector
from services.exhibitions.tally import day_key, hour_key
from shared.clock import now_ms
from shared.csv_export import csv_chunks
from shared.settings import DEFAULT_FIELDS_OF_ACTION
from tests.unit.exhibitions_helpers import World, ago


class LiveSpy:
    """Stands in for the LivePublisher: the newest state per channel."""

    def __init__(self) -> None:
        self.states: dict[str, dict] = {}

    def set(self, channel: str, state: dict) -> None:
        self.states[channel] = state


async def test_summaries_are_exact_whatever_is_replaced():
    world = World(kiosk_interval_s=0)
    exhibition = await world.exhibition()
    exhibits = [
        await world.exhibit(exhibition, f"Exponat {n}", DEFAULT_FIELDS_OF_ACTION[n % 2])
        for n in range(3)
    ]
    kiosks = [await world.kiosk(x) for x in exhibits]
    rng = random.Random(7)
    current: dict[tuple[str, str], int] = {}  # (exhibit, rater) → the rating that counts
    kiosk_ratings: list[tuple[str, int]] = []
    for n in range(300):
        exhibit = rng.choice(exhibits)
        stars = rng.randint(1, 5)
        given_at = ago(3 * 24 * 3600 - 600 * n)  # spread over three days
        if rng.random() < 0.3:
            kiosk = kiosks[exhibits.index(exhibit)]
            await world.rate(exhibit, stars, kiosk, given_at=given_at)
            kiosk_ratings.append((exhibit["_id"], stars))
        else:
            rater = f"p:{rng.randint(1, 40)}"  # many rate again: replaced
            await world.rate(exhibit, stars, rater, given_at=given_at)
            current[(exhibit["_id"], rater)] = stars
    expected: dict[str, list[int]] = {x["_id"]: [] for x in exhibits}
    for (exhibit_id, _rater), stars in current.items():
        expected[exhibit_id].append(stars)
    for exhibit_id, stars in kiosk_ratings:
        expected[exhibit_id].append(stars)

    shown = await views.exhibition_summary(world.service, exhibition, now_ms())
    for summary in shown["exhibits"]:
        ratings = expected[summary["exhibit_id"]]
        assert summary["count"] == len(ratings)
        assert summary["mean"] == round(sum(ratings) / len(ratings), 2)
        assert summary["distribution"] == {str(s): ratings.count(s) for s in range(1, 6)}
        assert sum(d["count"] for d in summary["by_day"]) == len(ratings)
        assert all(h["count"] > 0 for h in summary["by_hour"])
    everything = [s for ratings in expected.values() for s in ratings]
    assert shown["count"] == len(everything)
    assert shown["mean"] == round(sum(everything) / len(everything), 2)
    by_field = Counter()
    for x in exhibits:
        by_field[x["field"]] += len(expected[x["_id"]])
    assert {f: v["count"] for f, v in shown["by_field"].items()} == dict(by_field)
    assert list(shown["by_field"]) == DEFAULT_FIELDS_OF_ACTION[:2]


async def test_hours_and_days_follow_when_a_rating_was_given_and_replaced():
    world = World()
    exhibit = await world.exhibit()
    now = now_ms()
    long_ago, yesterday = now - timedelta(days=3), now - timedelta(hours=30)
    await world.rate(exhibit, 2, "p:a", given_at=long_ago.isoformat())
    await world.rate(exhibit, 4, "p:b", given_at=yesterday.isoformat())
    await world.rate(exhibit, 5, "p:c")
    await world.rate(exhibit, 1, "p:b")  # moves from 30 hours ago to now
    summary = await views.exhibit_summary(world.service, exhibit, now_ms())
    assert summary["by_day"] == sorted(
        [
            {"day": day_key(long_ago), "count": 1, "mean": 2.0},
            {"day": day_key(now), "count": 2, "mean": 3.0},
        ],
        key=lambda d: d["day"],
    )
    # The last 48 hours only: three days ago is not among them, 30 hours ago is empty now.
    assert summary["by_hour"] == [{"hour": f"{hour_key(now)}:00:00Z", "count": 2, "mean": 3.0}]


async def test_an_alert_is_raised_on_a_clear_drop_and_cleared_on_recovery():
    world = World()
    exhibit = await world.exhibit(title="Mobilstation")
    n = 0

    async def rate(stars: int) -> None:
        nonlocal n
        n += 1
        await world.rate(exhibit, stars, f"p:{n}", given_at=ago(3600 - n))

    for _ in range(20):
        await rate(5)
    for _ in range(9):
        await rate(3)
    assert world.uow.events_of_type("alert.raised") == []
    await rate(3)  # the tenth low one: 3.0 against 5.0
    [raised] = world.uow.events_of_type("alert.raised")
    assert raised.data["exhibit_id"] == exhibit["_id"] and raised.data["title"] == "Mobilstation"
    assert (raised.data["recent_mean"], raised.data["usual_mean"]) == (3.0, 5.0)
    alerts = await views.open_alerts(world.service, exhibit["exhibition_id"])
    assert [(a["title"], a["recent_mean"], a["recent_count"]) for a in alerts] == [
        ("Mobilstation", 3.0, 10)
    ]
    state = await views.live_state(world.service, exhibit["exhibition_id"], now_ms())
    assert state["alerts"] == alerts
    while not world.uow.events_of_type("alert.cleared"):
        await rate(5)
        assert n < 60, "the alert never cleared"
    assert len(world.uow.events_of_type("alert.raised")) == 1
    assert await views.open_alerts(world.service, exhibit["exhibition_id"]) == []
    [cleared] = world.uow.events_of_type("alert.cleared")
    assert cleared.data["usual_mean"] - cleared.data["recent_mean"] < 1.0
    assert cleared.data["raised_at"] == raised.data["raised_at"]


async def test_the_live_state_shows_totals_newest_comments_and_no_series():
    world = World()
    exhibition = await world.exhibition()
    first = await world.exhibit(exhibition, "Erstes")
    second = await world.exhibit(exhibition, "Zweites")
    for n in range(10):
        await world.rate([first, second][n % 2], 4, f"p:{n}", comment=f"Kommentar {n}")
    for comment in list(world.stores.comments.docs.values()):
        await moderate_comment(world.service, ModerateComment(comment["_id"], "published"))
    spy = LiveSpy()
    projector = LiveProjector(world.service, spy)
    await projector.mark_all()
    assert await projector.flush()
    state = spy.states[f"exhibition:{exhibition['_id']}"]
    assert state["count"] == 10 and state["status"] == "open" and "alerts" not in state
    # Alerts go to staff only, on a channel of their own.
    assert spy.states[f"exhibition:{exhibition['_id']}:staff"] == {"alerts": []}
    assert len(state["comments"]) == 8
    assert {c["exhibit_title"] for c in state["comments"]} == {"Erstes", "Zweites"}
    assert all("by_hour" not in x and "by_day" not in x for x in state["exhibits"])
    assert [len(x["comments"]) for x in state["exhibits"]] == [5, 5]


async def test_the_projector_redraws_what_changed_and_retries_what_failed(monkeypatch):
    world = World()
    spy = LiveSpy()
    projector = LiveProjector(world.service, spy, min_interval_s=0.01)
    world.service.on_change(projector.mark)
    exhibit = await world.exhibit()
    channel = f"exhibition:{exhibit['exhibition_id']}"
    task = asyncio.create_task(projector.run())
    try:
        await world.rate(exhibit, 5, "p:screen")
        for _ in range(100):
            if spy.states.get(channel, {}).get("count") == 1:
                break
            await asyncio.sleep(0.01)
        assert spy.states[channel]["count"] == 1
    finally:
        task.cancel()
    projector.mark("no-such-exhibition")
    assert await projector.flush() and projector.dirty == set()

    async def database_gone(*_args, **_kwargs):
        raise ConnectionError("down")

    monkeypatch.setattr(views, "live_state", database_gone)
    projector.mark(exhibit["exhibition_id"])
    assert not await projector.flush()
    assert projector.dirty == {exhibit["exhibition_id"]}


async def test_the_export_has_one_row_per_rating_and_only_published_text():
    world = World(kiosk_interval_s=0)
    exhibit = await world.exhibit(title="=Gefährlich")
    kiosk = await world.kiosk(exhibit)
    await world.rate(exhibit, 2, "p:secret-subject", comment="Geheim", given_at=ago(30))
    await world.rate(exhibit, 4, "p:secret-subject", given_at=ago(20))  # replaces: one row
    await world.rate(exhibit, 5, kiosk, comment="Öffentlich", given_at=ago(10))
    for comment in world.stores.comments.docs.values():
        if comment["body"] == "Öffentlich":
            await moderate_comment(world.service, ModerateComment(comment["_id"], "published"))
    rows = [row async for row in rating_rows(world.service, exhibit["exhibition_id"])]
    assert [(r[0], r[2], r[4], r[5]) for r in rows] == [
        ("=Gefährlich", 4, "phone", ""),
        ("=Gefährlich", 5, "kiosk", "Öffentlich"),
    ]

    async def rows_again():
        for row in rows:
            yield row

    text = b"".join([chunk async for chunk in csv_chunks(HEADER, rows_again())]).decode("utf-8")
    assert text.startswith("\ufeffexhibit;field;rating;given_at;source;comment\r\n")
    assert "'=Gefährlich" in text and "secret-subject" not in text and "Geheim" not in text
    assert Rater("kiosk", "k").source == "kiosk"
