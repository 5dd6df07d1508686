"""CSV exports for spreadsheets: UTF-8 with a BOM and semicolons, which spreadsheet programs with
German settings open without an import wizard, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterable, AsyncIterator, Sequence

from aiohttp import web

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_BYTES = 32_000


def safe_cell(value: object) -> object:
    """Text someone typed, made inert: a leading formula character is quoted (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


async def csv_chunks(
    header: Sequence[str], rows: AsyncIterable[Sequence[object]]
) -> AsyncIterator[bytes]:
    """The CSV document in chunks of about CHUNK_BYTES, starting with the BOM and `header`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    buffer.write("\ufeff")
    writer.writerow(header)
    async for row in rows:
        writer.writerow([safe_cell(v) for v in row])
        if buffer.tell() >= CHUNK_BYTES:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


async def stream_csv(
    request: web.Request,
    filename: str,
    header: Sequence[str],
    rows: AsyncIterable[Sequence[object]],
) -> web.StreamResponse:
    """Answer `request` with the CSV as a download named `filename`, streamed in chunks."""
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{filename}"',
        }
    )
    await response.prepare(request)
    async for chunk in csv_chunks(header, rows):
        await response.write(chunk)
    await response.write_eof()
    return response
