"""The replay server: fresh dates, real-site quirks and scripted misbehaviour, on 127.0.0.1.

Needs the replay-site plugin: ``pytest -p tests.servers.sites`` (or tests/conftest.py).
"""

from __future__ import annotations

import email.utils
import json
import logging
import re
import socket
import struct
import time
import unicodedata
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from pathlib import Path

import feedparser
import httpx
import pytest

from newswatch.demo.render import SITE_TZ, format_moment, render
from tests.servers.replay_server import ReplaySites, default_sites_root, serve_sites, served_from
from tests.sites.generate import BUILDERS

ROOT = default_sites_root()
SITES = [
    "baochinhphu",
    "baodautu",
    "baohaiphong",
    "cafef",
    "haiphong-gov",
    "heza",
    "vietnamplus",
    "vir",
    "vneconomy",
    "vnexpress",
]
VNE_V2 = "/deep-c-khoi-cong-mo-rong-khu-cong-nghiep-270-ha-o-dinh-vu-4899102.html"
FLAKY = "/hai-phong-cap-phep-12-du-an-fdi-moi-vao-khu-kinh-te-560110.html"
BIG = "/bao-cao-toan-van-quy-hoach-khu-kinh-te-560201.html"
SLOW = "/trang-cham-khu-cong-nghiep-an-duong-560207.html"


def expected(site: str) -> dict:
    return json.loads((ROOT / site / "expected.json").read_text("utf-8"))


def get(sites: ReplaySites, site: str, path: str, **kwargs: object) -> httpx.Response:
    return httpx.get(sites[site].url(path), timeout=5, **kwargs)  # type: ignore[arg-type]


def test_format_moment_reproduces_the_real_vnexpress_date_line() -> None:
    moment = datetime(2023, 11, 2, 19, 20, 45, tzinfo=SITE_TZ)
    assert format_moment(moment, "%A_vi, %-d/%-m/%Y, %H:%M (GMT+7)") == (
        "Thứ năm, 2/11/2023, 19:20 (GMT+7)"
    )
    assert format_moment(moment, "rfc822") == "Thu, 02 Nov 2023 19:20:45 +0700"
    assert format_moment(moment, "iso") == "2023-11-02T19:20:45+07:00"
    assert format_moment(moment, "%d/%m/%Y %H:%M%:z") == "02/11/2023 19:20+07:00"
    assert format_moment(moment + timedelta(days=3), "%A_vi") == "Chủ nhật"


def test_render_fills_base_and_offsets_from_the_start_time() -> None:
    started = datetime(2024, 1, 16, 10, 0, tzinfo=SITE_TZ)
    out = render(b"{{base}}/a {{ago:1:2:%d/%m %H:%M}} {{ago:0:%H}}", "http://h:1", started)
    assert out == b"http://h:1/a 15/01 08:00 10"


def test_render_rejects_a_malformed_placeholder() -> None:
    with pytest.raises(ValueError, match="bad placeholder"):
        render(b"{{ago:yesterday}}", "http://h", datetime.now(SITE_TZ))


def test_unknown_site_name_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no replay site"):
        serve_sites(ROOT, ["no-such-site"])


@pytest.mark.parametrize("site", SITES)
def test_each_site_runs_on_its_own_loopback_port(replay_sites: ReplaySites, site: str) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", replay_sites[site].base_url)
    assert len(set(replay_sites.base_urls().values())) == len(replay_sites.sites)


@pytest.mark.parametrize("site", SITES)
def test_robots_txt_disallows_something_and_names_its_own_sitemap(
    replay_sites: ReplaySites, site: str
) -> None:
    text = get(replay_sites, site, "/robots.txt").text
    assert re.search(r"^Disallow: /\S+", text, re.M)
    assert f"Sitemap: {replay_sites[site].base_url}/" in text


@pytest.mark.parametrize("site", SITES)
def test_no_placeholder_survives_in_any_served_text(replay_sites: ReplaySites, site: str) -> None:
    routes = replay_sites[site].routes
    for path, spec in routes.items():
        if "file" in spec and spec.get("render", True) and "slow" not in spec:
            assert b"{{" not in get(replay_sites, site, path).content, path


def test_vnexpress_feed_is_malformed_like_the_real_one_but_readable(
    replay_sites: ReplaySites,
) -> None:
    body = get(replay_sites, "vnexpress", "/rss/kinh-doanh.rss").content
    with pytest.raises(ET.ParseError):
        ET.fromstring(body)  # raw '&' in the enclosure url, as on vnexpress.net
    feed = feedparser.parse(body)
    links = [entry.link for entry in feed.entries]
    assert links and all(link.startswith(replay_sites["vnexpress"].base_url) for link in links)


def test_feed_dates_are_relative_to_server_start(replay_sites: ReplaySites) -> None:
    feed = feedparser.parse(get(replay_sites, "vnexpress", "/rss/kinh-doanh.rss").content)
    first = next(e for e in feed.entries if e.link.endswith("-4899101.html"))
    published = email.utils.parsedate_to_datetime(first.published)
    assert published == replay_sites["vnexpress"].started - timedelta(hours=5)


def test_article_shows_vietnamese_weekday_and_spaced_offset_quirk(
    replay_sites: ReplaySites,
) -> None:
    html = get(replay_sites, "vnexpress", VNE_V2).text
    moment = replay_sites["vnexpress"].started - timedelta(days=1, hours=2)
    assert f'<span class="date">{format_moment(moment, "%A_vi, %-d/%-m/%Y, %H:%M")}' in html
    assert format_moment(moment, "%Y-%m-%d %H:%M") + " + 07:00" in html
    assert '<meta name="dc.created" content="2001-02-26"/>' in html


def test_sitemap_index_leads_to_a_google_news_sitemap(replay_sites: ReplaySites) -> None:
    index = get(replay_sites, "baodautu", "/sitemap.xml").text
    base = replay_sites["baodautu"].base_url
    children = re.findall(r"<loc>([^<]+)</loc>", index)
    assert children and all(child.startswith(base) for child in children)
    news = httpx.get(next(c for c in children if "news" in c)).text
    assert "<news:publication_date>" in news and "12,5 – 15 tỷ USD" in news


def test_tracking_copy_serves_the_same_article(replay_sites: ReplaySites) -> None:
    duplicate = expected("vnexpress")["duplicates"][0]
    copy = get(replay_sites, "vnexpress", duplicate["path"])
    original = get(replay_sites, "vnexpress", duplicate["duplicate_of"])
    assert copy.status_code == 200 and copy.content == original.content


def test_query_routes_pick_the_listing_page(replay_sites: ReplaySites) -> None:
    first = get(replay_sites, "baohaiphong", "/kinh-te").text
    second = get(replay_sites, "baohaiphong", "/kinh-te?page=2").text
    assert "Trang sau" in first and "Trang trước" in second


def test_search_routes_answer_any_query(replay_sites: ReplaySites) -> None:
    page = get(replay_sites, "heza", "/?s=%C4%91%E1%BA%A7u+t%C6%B0").text
    assert "Cấp mới Giấy chứng nhận đăng ký đầu tư cho 5 dự án FDI" in page


def test_nfd_page_is_served_decomposed(replay_sites: ReplaySites) -> None:
    path = "/kcn-nam-cau-kien-thu-hut-them-3-du-an-moi-560105.html"
    text = get(replay_sites, "baohaiphong", path).text
    assert "Nam Cầu Kiền" not in text
    assert unicodedata.normalize("NFD", "Nam Cầu Kiền") in text


def test_wrong_charset_page_is_windows_1258_declared_utf8(replay_sites: ReplaySites) -> None:
    response = get(
        replay_sites,
        "baohaiphong",
        "/doanh-nghiep-nhat-ban-tim-hieu-dau-tu-tai-kcn-nomura-560108.html",
    )
    assert "charset=utf-8" in response.headers["content-type"]
    with pytest.raises(UnicodeDecodeError):
        response.content.decode("utf-8")
    decoded = unicodedata.normalize("NFC", response.content.decode("cp1258"))
    assert '<h1 class="sc-longform-header-title block-sc-title">Doanh nghiệp Nhật Bản' in decoded


def test_missing_charset_page_has_no_charset_anywhere(replay_sites: ReplaySites) -> None:
    response = get(
        replay_sites,
        "baohaiphong",
        "/cat-hai-day-nhanh-ha-tang-khu-cong-nghiep-va-logistics-560107.html",
    )
    assert response.headers["content-type"] == "text/html"
    assert b"charset" not in response.content.lower()


def test_truncated_page_stops_mid_body(replay_sites: ReplaySites) -> None:
    html = get(replay_sites, "baohaiphong", "/dinh-vu-cat-hai-don-dong-von-moi-560111.html").text
    assert "</head>" in html and "</body>" not in html
    assert html.rstrip().endswith("Thành phố đặt mục")


@pytest.mark.parametrize(
    ("kind", "check"),
    [
        ("big", lambda r: r.status_code == 200 and len(r.content) >= 5_000_000),
        (
            "pdf",
            lambda r: (
                r.headers["content-type"] == "application/pdf" and r.content.startswith(b"%PDF")
            ),
        ),
        (
            "png",
            lambda r: r.headers["content-type"] == "image/png" and r.content.startswith(b"\x89PNG"),
        ),
        ("404", lambda r: r.status_code == 404),
        ("500", lambda r: r.status_code == 500),
    ],
)
def test_bad_routes_misbehave_as_documented(replay_sites: ReplaySites, kind: str, check) -> None:  # type: ignore[no-untyped-def]
    path = next(b["path"] for b in expected("baohaiphong")["bad_inputs"] if b["kind"] == kind)
    assert check(get(replay_sites, "baohaiphong", path))


def test_redirect_loop_never_ends(replay_sites: ReplaySites) -> None:
    path = next(
        b["path"] for b in expected("baohaiphong")["bad_inputs"] if b["kind"] == "redirect_loop"
    )
    with pytest.raises(httpx.TooManyRedirects):
        get(replay_sites, "baohaiphong", path, follow_redirects=True)


def test_flaky_page_fails_once_then_succeeds_and_reset_rearms_it() -> None:
    with serve_sites(ROOT, ["baohaiphong"]) as sites:
        site = sites["baohaiphong"]
        first, second = (httpx.get(site.url(FLAKY)).status_code for _ in range(2))
        site.reset()
        third = httpx.get(site.url(FLAKY)).status_code
    assert (first, second, third) == (503, 200, 503)


def test_slow_page_outlasts_a_short_timeout_and_stop_does_not_wait() -> None:
    sites = serve_sites(ROOT, ["baohaiphong"], slow_seconds=30)
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(sites["baohaiphong"].url(SLOW), timeout=0.5)
    began = time.monotonic()
    sites.stop()
    assert time.monotonic() - began < 5


def hang_up(port: int, request: bytes, read_first: bool) -> None:
    """Send ``request``, optionally read the start of the answer, then reset the connection."""
    with socket.create_connection(("127.0.0.1", port)) as client:
        client.sendall(request)
        if read_first:
            client.recv(1024)
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


@pytest.mark.parametrize(
    ("request_bytes", "read_first"),
    [(f"GET {BIG} HTTP/1.1\r\nHost: x\r\n\r\n".encode(), True), (b"GET /kinh-te HT", False)],
    ids=["mid-answer", "mid-request"],
)
def test_a_client_hanging_up_is_logged_at_debug_without_a_traceback(
    request_bytes: bytes,
    read_first: bool,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="tests.servers.replay_server")
    with serve_sites(ROOT, ["baohaiphong"]) as sites:
        hang_up(int(sites["baohaiphong"].base_url.rsplit(":", 1)[1]), request_bytes, read_first)
        deadline = time.monotonic() + 5
        while not caplog.records and time.monotonic() < deadline:
            time.sleep(0.02)
    assert "client hung up" in caplog.text
    assert "Traceback" not in capfd.readouterr().err


def test_conditional_requests_get_304_and_are_logged() -> None:
    with serve_sites(ROOT, ["vnexpress"]) as sites:
        site = sites["vnexpress"]
        for path in expected("vnexpress")["conditional_on_recrawl"]:
            first = httpx.get(site.url(path))
            by_etag = httpx.get(site.url(path), headers={"If-None-Match": first.headers["etag"]})
            by_date = httpx.get(
                site.url(path), headers={"If-Modified-Since": first.headers["last-modified"]}
            )
            stale = httpx.get(site.url(path), headers={"If-None-Match": '"old"'})
            assert (
                first.status_code,
                by_etag.status_code,
                by_date.status_code,
                stale.status_code,
            ) == (200, 304, 304, 200)
            assert [r.conditional for r in site.requested(path)] == [False, True, True, True]


def test_request_log_records_path_and_status() -> None:
    with serve_sites(ROOT, ["vir"]) as sites:
        httpx.get(sites["vir"].url("/investing.html?utm_source=x"))
        httpx.get(sites["vir"].url("/missing"))
        log = [(r.path, r.status) for r in sites["vir"].log]
    assert log == [("/investing.html?utm_source=x", 200), ("/missing", 404)]


@pytest.mark.parametrize("site", SITES)
def test_every_expected_article_is_served(replay_sites: ReplaySites, site: str) -> None:
    for article in expected(site)["articles"]:
        response = get(replay_sites, site, article["path"])
        assert response.status_code in (200, 503), article["path"]


@pytest.mark.parametrize("module", BUILDERS)
def test_committed_sites_match_their_generator(module, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = module.build()
    site.write(tmp_path)
    for produced in (tmp_path / site.name).rglob("*"):
        if produced.is_file():
            relative = produced.relative_to(tmp_path / site.name)
            home = (
                ROOT / site.name
                if relative.name == "expected.json"
                else served_from(ROOT / site.name)
            )
            committed = home / relative
            assert committed.read_bytes() == produced.read_bytes(), f"rerun generate: {committed}"
