"""``python -m bench.crawl_baseline --config FILE --urls FILE``: the crawl bench's baseline.

A bare Scrapy spider with our Scrapy settings (``crawler.settings.scrapy_settings``: same
delay, concurrency, timeouts, retries, robots.txt) minus our pipelines and middlewares, that
fetches the given URLs and does nothing with them. Its own process, because Twisted's reactor
cannot be restarted.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import AsyncCrawlerProcess
from scrapy.http import Response

from crawler.settings import scrapy_settings
from newswatch.core.settings import Settings, load_settings

OURS_ONLY = ("ITEM_PIPELINES", "DOWNLOADER_MIDDLEWARES", "NEWSWATCH_STATE_DIR")


class FetchOnly(scrapy.Spider):
    name = "fetch-only"

    def __init__(self, urls: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = urls

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse)

    def parse(self, response: Response, **kwargs: Any) -> None:
        """Fetched is all the baseline does."""


def bare_settings(settings: Settings) -> dict[str, Any]:
    ours = scrapy_settings(settings)
    return {**{k: v for k, v in ours.items() if k not in OURS_ONLY}, "LOG_LEVEL": "WARNING"}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.crawl_baseline")
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--urls", type=Path, required=True, help="one URL a line")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    urls = args.urls.read_text("utf-8").split()
    process = AsyncCrawlerProcess(bare_settings(load_settings(args.config)))
    process.crawl(FetchOnly, urls=urls)
    process.start()


if __name__ == "__main__":
    main()
