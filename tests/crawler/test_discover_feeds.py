"""Feeds → links: real VnExpress RSS (one of them not well-formed XML) and small Atom/RSS cases."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from crawler.discover.feeds import feed_links

FIXTURES = Path(__file__).parents[1] / "fixtures" / "discover"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def test_malformed_vnexpress_feed_still_gives_its_entry_with_an_aware_date() -> None:
    body = (FIXTURES / "vnexpress_the-gioi_2025-02-06.xml").read_bytes()

    links = feed_links(body, "https://vnexpress.net/rss/the-gioi.rss", tz=TZ)

    assert [link.url for link in links] == [
        "https://vnexpress.net/israel-noi-got-my-roi-hoi-dong-nhan-quyen-lhq-4846612.html"
    ]
    assert links[0].published_at == datetime(2025, 2, 6, 13, 30, 48, tzinfo=UTC)
    assert links[0].published_at.utcoffset() is not None


def test_feed_entries_keep_feed_order_and_dates() -> None:
    body = (FIXTURES / "vnexpress_mixed_2019-02-14_excerpt.xml").read_bytes()

    links = feed_links(body, "https://vnexpress.net/rss/tin-moi-nhat.rss", tz=TZ)

    assert [link.url.rsplit("-", 1)[-1] for link in links] == ["3880956.html", "3880870.html"]
    assert [link.published_at for link in links] == [
        datetime(2019, 2, 14, 6, 34, 15, tzinfo=UTC),
        datetime(2019, 2, 14, 6, 30, tzinfo=UTC),
    ]


def test_relative_links_and_guid_only_entries_become_absolute_urls() -> None:
    body = b"""<?xml version="1.0"?><rss version="2.0"><channel>
      <item><link>/kinh-te/kcn-dinh-vu-12345.html</link></item>
      <item><guid>https://baohaiphong.vn/fdi-hai-phong-67890.html</guid></item>
      <item><title>no link at all</title></item>
    </channel></rss>"""

    links = feed_links(body, "https://baohaiphong.vn/rss/kinh-te.rss", tz=TZ)

    assert [link.url for link in links] == [
        "https://baohaiphong.vn/kinh-te/kcn-dinh-vu-12345.html",
        "https://baohaiphong.vn/fdi-hai-phong-67890.html",
    ]
    assert all(link.published_at is None for link in links)


def test_atom_feed_uses_the_updated_date_when_published_is_missing() -> None:
    body = b"""<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
      <entry><title>a</title><link href="https://vir.com.vn/a-111111.html"/>
        <updated>2025-03-01T08:00:00+07:00</updated></entry>
    </feed>"""

    links = feed_links(body, "https://vir.com.vn/atom.xml", tz=TZ)

    assert links[0].url == "https://vir.com.vn/a-111111.html"
    assert links[0].published_at == datetime(2025, 3, 1, 1, 0, tzinfo=UTC)


def test_a_page_that_is_not_a_feed_gives_no_links() -> None:
    assert (
        feed_links(b"<html><body>Service unavailable</body></html>", "https://x.vn/rss", tz=TZ)
        == []
    )
    assert feed_links(b"", "https://x.vn/rss", tz=TZ) == []
