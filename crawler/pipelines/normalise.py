"""Last normalisation before filtering: the invariants every later stage relies on.

Extraction already cleans text; this stage guarantees them whatever produced the item: NFC
text, the canonical URL and the id derived from it, and aware timestamps.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from crawler.dedupe import article_id
from crawler.normalise import canonical_url, clean_line, clean_text
from newswatch.core.article import Article

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler


class NormalisePipeline:
    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(ZoneInfo(crawler.settings["NEWSWATCH_TIMEZONE"]))

    def process_item(self, item: Article) -> Article:
        return normalised(item, self.tz)


def normalised(item: Article, tz: ZoneInfo) -> Article:
    """The article with the invariants; idempotent, so the extraction workers may apply it first
    (facts are computed on normalised text) and this stage again on whatever reaches it."""
    canonical = canonical_url(item.canonical_url or item.url)
    return item.model_copy(
        update={
            "id": article_id(canonical),
            "canonical_url": canonical,
            "title": clean_line(item.title),
            "summary": clean_text(item.summary),
            "text": clean_text(item.text),
            "authors": [a for a in map(clean_line, item.authors) if a],
            "tags": [t for t in map(clean_line, item.tags) if t],
            "published_at": _aware(item.published_at, tz),
            "modified_at": _aware(item.modified_at, tz),
        }
    )


def _aware(moment: datetime | None, tz: ZoneInfo) -> datetime | None:
    """A naive time from a page is local time at the source, not UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=tz)
