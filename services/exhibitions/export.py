"""The staff's CSV export of an exhibition's ratings: one row per rating, no participant ids
(written by shared/csv_export.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

from services.exhibitions.domain import iso
from services.exhibitions.handlers import ExhibitionsService

HEADER = ("exhibit", "field", "rating", "given_at", "source", "comment")
# Published comments of one exhibition held in memory for the export's join.
MAX_COMMENTS = 100_000


async def rating_rows(
    service: ExhibitionsService, exhibition_id: str
) -> AsyncIterator[Sequence[object]]:
    """Every rating of the exhibition in the order given: exhibit, field, rating, given_at,
    source (kiosk or phone) and the rating's comment if it is published."""
    stores = service.stores
    exhibits = {x["_id"]: x for x in await stores.exhibits.of_exhibition(exhibition_id)}
    published = {
        c["_id"]: c["body"]
        for c in await stores.comments.published_of_exhibition(exhibition_id, MAX_COMMENTS)
    }
    async for rating in stores.ratings.of_exhibition(exhibition_id):
        exhibit = exhibits.get(rating["exhibit_id"], {"title": "", "field": ""})
        yield (
            exhibit["title"],
            exhibit["field"],
            rating["rating"],
            iso(rating["given_at"]),
            rating["source"],
            published.get(rating.get("comment_id") or "", ""),
        )
