"""Attach investment facts (zones, amounts, countries, events…) to every article kept.

Runs after filter and dedupe so dropped pages cost nothing, and before the store so both
backends receive the same facts with the article.
"""

from __future__ import annotations

from crawler.facts.article import with_facts
from newswatch.core.article import Article


class FactsPipeline:
    def process_item(self, item: Article) -> Article:
        return with_facts(item)
