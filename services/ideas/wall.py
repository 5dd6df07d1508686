"""The idea wall channel (ideas:wall): what the lab's big screen shows."""

from __future__ import annotations

from typing import Any

from services.ideas.readmodel import IdeaReadModel, ListQuery

CHANNEL = "ideas:wall"
WALL_STATUSES = frozenset({"published", "in_review", "implemented"})
WALL_SIZE = 30


def wall_state(model: IdeaReadModel, fields_of_action: list[str]) -> dict[str, Any]:
    """The newest published ideas with their support counts, and the count per field."""
    newest, total = model.query(ListQuery(statuses=WALL_STATUSES, page_size=WALL_SIZE))
    by_field = {
        f: model.count(ListQuery(statuses=WALL_STATUSES, field=f)) for f in fields_of_action
    }
    return {
        "ideas": [
            {
                "id": i["_id"],
                "title": i["title"],
                "body": i["body"][:280],
                "field": i["field"],
                "supports": i.get("supports", 0),
                "comments": i.get("comments", 0),
                "status": i["status"],
                "published_at": i["published_at"].isoformat().replace("+00:00", "Z"),
            }
            for i in newest
        ],
        "total": total,
        "by_field": by_field,
    }
