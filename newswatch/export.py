"""A search's results as a spreadsheet: CSV (UTF-8 with BOM, so Excel reads Vietnamese right)
or XLSX (openpyxl). One column set for the CLI (``--format``), the API (``/api/export``) and the
page's buttons; times are local, the header names the zone.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Literal
from zoneinfo import ZoneInfo

from newswatch.core.errors import BadQuery
from search.backend import Backend, Hit, SearchRequest

Format = Literal["csv", "xlsx"]
MEDIA_TYPES: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAX_ROWS = 10_000
"""An export is a working copy for an analyst, not a dump of the store."""
PAGE = 500
_TAG = re.compile(r"<[^>]+>")


def header(tz: ZoneInfo) -> list[str]:
    return [f"Thời gian đăng ({tz.key})", "Nguồn", "Tiêu đề", "Địa chỉ", "Trích đoạn", "Mã"]


def row(hit: Hit, tz: ZoneInfo) -> list[str]:
    when = hit.published_at.astimezone(tz).strftime("%Y-%m-%d %H:%M") if hit.published_at else ""
    snippet = html.unescape(_TAG.sub("", hit.snippet))
    return [when, hit.source, hit.title, hit.url, snippet, hit.id]


def all_hits(backend: Backend, request: SearchRequest, limit: int = MAX_ROWS) -> Iterator[Hit]:
    """Every hit of ``request`` (page after page), at most ``limit``."""
    page = replace(request, size=min(PAGE, limit), with_facets=False)
    given = 0
    while given < limit:
        result = backend.search(page)
        for hit in result.hits[: limit - given]:
            yield hit
            given += 1
        if not result.next_page_token or not result.hits:
            return
        page = replace(page, page_token=result.next_page_token)


def to_csv(hits: Iterable[Hit], tz: ZoneInfo) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header(tz))
    writer.writerows(row(hit, tz) for hit in hits)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(hits: Iterable[Hit], tz: ZoneInfo) -> bytes:
    # Imported here: every crawl child imports this module (through the search command's
    # columns) and openpyxl alone was 0.47 s of its start-up (issue 14).
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = "Kết quả"
    sheet.append(header(tz))
    for hit in hits:
        sheet.append(row(hit, tz))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export(hits: Iterable[Hit], tz: ZoneInfo, fmt: str) -> bytes:
    if fmt == "csv":
        return to_csv(hits, tz)
    if fmt == "xlsx":
        return to_xlsx(hits, tz)
    raise BadQuery(f"format: {fmt!r} is not an export format; use csv or xlsx")
