"""One project as JSON (CLI ``--json``, the API) and as a spreadsheet row (CSV/XLSX export):
one column set, the way ``newswatch.export`` does it for search results."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook

from newswatch.core.errors import BadQuery
from search.projects import Project


def _day(when: datetime, tz: ZoneInfo) -> str:
    return when.astimezone(tz).date().isoformat()


def project_dict(project: Project, tz: ZoneInfo) -> dict[str, Any]:
    """Everything an entry says, dates as local calendar days, each figure with its articles."""
    articles = {m.article_id: m for m in project.mentions}
    return {
        "id": project.id,
        "investor": project.investor,
        "countries": list(project.countries),
        "zone": {"name": project.zone.name, "kind": project.zone.kind},
        "capital_usd": project.capital_usd,
        "area_hectares": project.area_hectares,
        "capital_history": [
            {
                "kind": f.kind,
                "date": _day(f.date, tz),
                "text": f.amount.text,
                "min": f.amount.min,
                "max": f.amount.max,
                "currency": f.amount.currency,
                "usd_max": f.amount.usd_max,
                "articles": list(f.article_ids),
            }
            for f in project.history
        ],
        "events": [
            {"event": e.event, "date": _day(e.date, tz), "articles": list(e.article_ids)}
            for e in project.events
        ],
        "first_seen": _day(project.first_seen, tz),
        "last_seen": _day(project.last_seen, tz),
        "stories": list(project.story_ids),
        "articles": [
            {
                "id": m.article_id,
                "story_id": m.story_id,
                "date": _day(m.date, tz),
                "source": m.source,
                "title": m.title,
                "url": m.url,
            }
            for m in articles.values()
        ],
    }


HEADER = [
    "Mã", "Nhà đầu tư", "Quốc gia", "Khu", "Loại khu", "Vốn (USD)", "Diện tích (ha)",
    "Lịch sử vốn", "Sự kiện", "Lần đầu", "Gần nhất", "Số bài", "Số câu chuyện", "Bài viết",
]  # fmt: skip


def row(project: Project, tz: ZoneInfo) -> list[Any]:
    data = project_dict(project, tz)
    history = "; ".join(f"{f['date']} {f['kind']} {f['text']}" for f in data["capital_history"])
    events = "; ".join(f"{e['date']} {e['event']}" for e in data["events"])
    return [
        project.id, project.investor, " ".join(project.countries), project.zone.name,
        project.zone.kind, project.capital_usd, project.area_hectares, history, events,
        data["first_seen"], data["last_seen"], len(project.article_ids),
        len(project.story_ids), " ".join(a["url"] for a in data["articles"]),
    ]  # fmt: skip


def export(projects: Iterable[Project], tz: ZoneInfo, fmt: str) -> bytes:
    """CSV (UTF-8 with BOM, for Excel) or XLSX of ``projects``."""
    rows = [row(p, tz) for p in projects]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(HEADER)
        writer.writerows(["" if v is None else v for v in r] for r in rows)
        return buffer.getvalue().encode("utf-8-sig")
    if fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        assert sheet is not None  # a new workbook has one sheet
        sheet.title = "Dự án"
        sheet.append(HEADER)
        for r in rows:
            sheet.append(r)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    raise BadQuery(f"format: {fmt!r} is not an export format; use csv or xlsx")
