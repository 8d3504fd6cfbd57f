"""A fresh story index must not join unrelated news on the words every article of this store
shares ("các khu công nghiệp … Hải Phòng"): found on the Báo Hải Phòng replay site, where four
different events (a security agreement, 146 nghìn tỷ of investment, 12 FDI licences, 20,000 jobs)
became one story before the topic words were treated as common from the first article on."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from crawler.run import run_crawl
from search.factory import open_backend
from tests.servers.replay_config import replay_settings_for
from tests.servers.replay_server import ReplaySites

DIFFERENT_EVENTS = (  # read off the site's pages: four events, four stories
    "Ký kết quy chế phối hợp bảo đảm an ninh trật tự",
    "Vốn đầu tư vào các khu công nghiệp Hải Phòng đạt 146 nghìn tỷ đồng",
    "Hải Phòng cấp phép 12 dự án FDI mới vào khu kinh tế",
    "Các khu công nghiệp cần tuyển hơn 20.000 lao động",
)


def test_unrelated_same_topic_articles_stay_apart_on_a_fresh_index(
    replay_sites: ReplaySites, tmp_path: Path
) -> None:
    settings = replay_settings_for(replay_sites, tmp_path, ["baohaiphong"])
    run_crawl(settings, ["baohaiphong"], open_store=open_backend)
    backend = open_backend(settings)
    try:
        stored = [backend.get(a.id) for a in backend.stored_after(None, limit=100).articles]
    finally:
        backend.close()
    story_of = {
        prefix: article.story_id
        for article in stored
        if article is not None
        for prefix in DIFFERENT_EVENTS
        if article.title.startswith(prefix)
    }
    assert set(story_of) == set(DIFFERENT_EVENTS), "the site serves all four"
    assert all(story_of.values())
    assert Counter(story_of.values()).most_common(1)[0][1] == 1, story_of
