"""Reported barriers (the accessibility statement's feedback form), in the gateway's database."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

STATUSES = ("open", "done")
# A report marked done is deleted a year later (a TTL index on done_at; open reports have no
# done_at and stay until someone deals with them). The privacy notice says so.
DONE_RETENTION_S = 365 * 24 * 3600
LIST_LIMIT = 200


class BarrierStore:
    """Reports keyed by a random id; the reporter is not recorded, only what they typed."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.reports = db["barrier_reports"]
        self._indexed = False

    async def _ensure_indexes(self) -> None:
        # On first use rather than at start: the gateway starts before the database answers.
        if self._indexed:
            return
        await self.reports.create_index([("status", ASCENDING), ("created_at", ASCENDING)])
        await self.reports.create_index("done_at", expireAfterSeconds=DONE_RETENTION_S)
        self._indexed = True

    async def add(
        self, page: str, description: str, contact: str | None, now: datetime
    ) -> dict[str, Any]:
        """Store a new, open report and return it."""
        await self._ensure_indexes()
        report = {
            "_id": uuid.uuid4().hex[:16],
            "page": page,
            "description": description,
            "contact": contact,
            "status": "open",
            "created_at": now,
        }
        await self.reports.insert_one(report)
        return report

    async def with_status(self, status: str) -> list[dict[str, Any]]:
        """Reports in `status`, oldest first (the order they are dealt with), at most 200."""
        await self._ensure_indexes()
        cursor = self.reports.find({"status": status}).sort("created_at", ASCENDING)
        return await cursor.limit(LIST_LIMIT).to_list()

    async def set_status(
        self, report_id: str, status: str, by: str, now: datetime
    ) -> dict[str, Any] | None:
        """Mark a report done (by whom, when) or open again; None when there is no such report."""
        await self._ensure_indexes()
        if status == "done":
            change: dict[str, Any] = {"$set": {"status": "done", "done_at": now, "done_by": by}}
        else:
            change = {"$set": {"status": "open"}, "$unset": {"done_at": "", "done_by": ""}}
        return await self.reports.find_one_and_update(
            {"_id": report_id}, change, return_document=ReturnDocument.AFTER
        )


def report_view(report: dict[str, Any]) -> dict[str, Any]:
    """A report as staff see it."""
    return {
        "id": report["_id"],
        "page": report["page"],
        "description": report["description"],
        "contact": report.get("contact"),
        "status": report["status"],
        "created_at": report["created_at"],
        "done_at": report.get("done_at"),
        "done_by": report.get("done_by"),
    }
