"""What clients see: exhibitions, exhibits, comments, alerts, the summaries and the live state
of `exhibition:<id>` (README "Shapes" and "Live channel")."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime
from typing import Any

from services.exhibitions import tally
from services.exhibitions.domain import Doc, exhibit_url, iso
from services.exhibitions.handlers import ExhibitionsService

View = dict[str, Any]
COMMENTS_PER_EXHIBIT = 20
COMMENTS_ON_SCREEN = 8


def channel(exhibition_id: str) -> str:
    """The live channel of an exhibition."""
    return f"exhibition:{exhibition_id}"


def staff_channel(exhibition_id: str) -> str:
    """The exhibition's channel for staff only (the hub asks for a staff token): its alerts."""
    return f"exhibition:{exhibition_id}:staff"


def exhibition_view(e: Doc) -> View:
    """An exhibition without its exhibits."""
    fields = ("title", "description", "status")
    return {
        "id": e["_id"],
        **{k: e[k] for k in fields},
        "created_at": iso(e["created_at"]),
        "updated_at": iso(e["updated_at"]),
    }


def exhibit_view(x: Doc, public_url: str) -> View:
    """An exhibit with the address its QR code leads to."""
    fields = ("exhibition_id", "title", "field", "description", "code")
    return {"id": x["_id"], **{k: x[k] for k in fields}, "url": exhibit_url(public_url, x["code"])}


def comment_view(c: Doc) -> View:
    """A comment as staff see it (never with whom it came from)."""
    fields = ("exhibit_id", "exhibition_id", "body", "status")
    return {"id": c["_id"], **{k: c[k] for k in fields}, "created_at": iso(c["created_at"])}


def alert_view(exhibit: Doc, alert: Doc) -> View:
    """An exhibit's open alert."""
    return {
        "exhibit_id": exhibit["_id"],
        "title": exhibit["title"],
        "recent_mean": alert["recent_mean"],
        "usual_mean": alert["usual_mean"],
        "recent_count": alert["recent_count"],
        "raised_at": iso(alert["raised_at"]),
    }


async def exhibit_summary(
    service: ExhibitionsService,
    exhibit: Doc,
    now: datetime,
    *,
    counters: Doc | None = None,
    series: bool = True,
) -> View:
    """An exhibit's exact summary (`series`: with by_hour and by_day); `counters` if read
    already."""
    if counters is None:
        counters = await service.stores.counters.get(exhibit["_id"])
    count, total = int((counters or {}).get("count", 0)), int((counters or {}).get("sum", 0))
    comments = await service.stores.comments.published_of_exhibit(
        exhibit["_id"], COMMENTS_PER_EXHIBIT
    )
    summary: View = {
        "exhibit_id": exhibit["_id"],
        "title": exhibit["title"],
        "field": exhibit["field"],
        "code": exhibit["code"],
        "count": count,
        "mean": tally.mean(total, count),
        "distribution": tally.distribution(counters),
    }
    if series:
        summary["by_hour"] = tally.by_hour(counters, now)
        summary["by_day"] = tally.by_day(counters)
    summary["comments"] = [
        {"id": c["_id"], "body": c["body"], "created_at": iso(c["created_at"])} for c in comments
    ]
    return summary


async def exhibition_summary(
    service: ExhibitionsService, exhibition: Doc, now: datetime, *, series: bool = True
) -> View:
    """The exhibition's summary: totals, by field of action, and each exhibit's."""
    exhibits = await service.stores.exhibits.of_exhibition(exhibition["_id"])
    counters = {c["_id"]: c for c in await service.stores.counters.of_exhibition(exhibition["_id"])}
    summaries = await asyncio.gather(
        *(
            exhibit_summary(service, x, now, counters=counters.get(x["_id"]), series=series)
            for x in exhibits
        )
    )
    counts: Counter[str] = Counter()
    sums: Counter[str] = Counter()
    for x in exhibits:
        c = counters.get(x["_id"], {})
        counts[x["field"]] += int(c.get("count", 0))
        sums[x["field"]] += int(c.get("sum", 0))
    # Configured fields first, in their order; a field configured no more after them.
    known = service.rules.fields_of_action
    order = sorted(counts, key=lambda f: known.index(f) if f in known else len(known))
    count, total = sum(counts.values()), sum(sums.values())
    by_field = [(f, counts[f]) for f in order]
    return {
        "exhibition_id": exhibition["_id"],
        "title": exhibition["title"],
        "status": exhibition["status"],
        "count": count,
        "mean": tally.mean(total, count),
        "by_field": {f: {"count": n, "mean": tally.mean(sums[f], n)} for f, n in by_field},
        "exhibits": list(summaries),
    }


async def open_alerts(service: ExhibitionsService, exhibition_id: str) -> list[View]:
    """The exhibition's open alerts, newest first."""
    counters = await service.stores.counters.of_exhibition(exhibition_id)
    raised = [c for c in counters if c.get("alert")]
    if not raised:
        return []
    exhibits = {x["_id"]: x for x in await service.stores.exhibits.of_exhibition(exhibition_id)}
    alerts = [(c["alert"]["raised_at"], c) for c in raised if c["_id"] in exhibits]
    alerts.sort(key=lambda pair: pair[0], reverse=True)
    return [alert_view(exhibits[c["_id"]], c["alert"]) for _at, c in alerts]


async def live_state(service: ExhibitionsService, exhibition_id: str, now: datetime) -> View:
    """The state of `exhibition:<id>`: the summary without hours and days, the newest published
    comments of the whole exhibition and the open alerts."""
    exhibition = await service.exhibition(exhibition_id)
    state = await exhibition_summary(service, exhibition, now, series=False)
    titles = {x["exhibit_id"]: x["title"] for x in state["exhibits"]}
    newest = await service.stores.comments.published_of_exhibition(
        exhibition_id, COMMENTS_ON_SCREEN
    )
    state["comments"] = [
        {
            "id": c["_id"],
            "exhibit_id": c["exhibit_id"],
            "exhibit_title": titles.get(c["exhibit_id"], ""),
            "body": c["body"],
            "created_at": iso(c["created_at"]),
        }
        for c in newest
    ]
    state["alerts"] = await open_alerts(service, exhibition_id)
    return state
