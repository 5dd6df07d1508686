"""Alerts: an exhibit whose recent ratings dropped clearly below its usual ones (tally.py says
when). Judged in every rating's unit of work, so raising and clearing follow the exact counts."""

from __future__ import annotations

from datetime import datetime

from services.exhibitions import tally
from services.exhibitions.domain import Doc, iso
from services.exhibitions.events import AlertCleared, AlertRaised
from services.exhibitions.handlers import ExhibitionsService
from shared.unit_of_work import Transaction


async def judge_alert(
    service: ExhibitionsService, exhibit: Doc, counters: Doc, moment: datetime, tx: Transaction
) -> None:
    """Raise the exhibit's alert when its recent ratings dropped clearly, clear it when they
    recovered; an open alert's means follow every rating."""
    rule = service.rules.alert
    if not tally.may_judge(counters, rule):
        return
    recent = await service.stores.ratings.latest(exhibit["_id"], rule.window, tx)
    figures = tally.alert_figures(counters, recent, rule)
    open_alert = counters.get("alert")
    dropped = figures is not None and figures.pop("dropped")
    exhibition_id = exhibit["exhibition_id"]
    if figures is None or not dropped:
        if open_alert is not None:
            await service.stores.counters.set_alert(exhibit["_id"], None, tx)
            cleared = {**(figures or {}), "raised_at": iso(open_alert["raised_at"])}
            service.record(tx, AlertCleared(exhibition_id, exhibit["_id"], cleared))
        return
    alert = {**figures, "raised_at": open_alert["raised_at"] if open_alert else moment}
    await service.stores.counters.set_alert(exhibit["_id"], alert, tx)
    if open_alert is None:
        raised = {**figures, "title": exhibit["title"], "raised_at": iso(moment)}
        service.record(tx, AlertRaised(exhibition_id, exhibit["_id"], raised))
