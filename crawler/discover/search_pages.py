"""Site-search URLs: each ``Source.search_urls`` template filled with each search keyword.

The result pages are read like listings (``crawler.discover.listings``).
"""

from __future__ import annotations

from urllib.parse import quote_plus

from newswatch.core.settings import Source


def search_page_urls(source: Source) -> list[str]:
    """One URL per (template, keyword); ``{query}`` is URL-encoded UTF-8 (Vietnamese safe)."""
    return [
        template.replace("{query}", quote_plus(keyword))
        for template in source.search_urls
        for keyword in source.search_keywords
    ]
