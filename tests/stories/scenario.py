"""The story scenario's replay sites, built from real text (``pages_transcribed.json``).

The event: the groundbreaking of the Ecovance biodegradable-materials factory at Đình Vũ,
Hải Phòng, on 11/5/2024 (pages B2, B3, B8 and, later, B4; see MANIFEST.md). Four sources print
it in the first crawl:

* vietnamplus: VietnamPlus's TTXVN report (B2), credited "Theo TTXVN" (credit **added by us**);
* baodautu: the same report syndicated, credited "Nguồn: Báo Hải Phòng" (**added by us**);
* vneconomy: VnEconomy's own rewrite (B3);
* vir: The Investor's English report (B8), served as VIR (an English source of ours).

Unrelated, also real: the same factory's investment licence in 2023 (A1, Vietnamese, same
investor and zone: the hard case), HEZA's May 2023 licensing round (H1) and DEEP C II's opening
(D1), both English. A second crawl adds baohaiphong serving Lao Động's report of the event
(B4): the fifth copy. Every page is dated a few hours to days before the crawl (the replay
server renders ``{{ago:…}}``), the unrelated ones inside the grouping window too, so that what
keeps them apart is their content, not their real dates years away.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from tests.sites._gen import baodautu, baohaiphong, vietnamplus, vir, vneconomy
from tests.sites._gen.common import Site, Story
from tests.sites._gen.pages import rss

PAGES = Path(__file__).with_name("pages_transcribed.json")
FEED = "/scenario.rss"
FIRST_CRAWL = ["vietnamplus", "baodautu", "vneconomy", "vir"]
SECOND_CRAWL = [*FIRST_CRAWL, "baohaiphong"]

EVENT = {
    "vietnamplus": "/khoi-cong-nha-may-vat-lieu-phan-huy-sinh-hoc-post946877.vnp",
    "baodautu": "/khoi-cong-nha-may-vat-lieu-phan-huy-sinh-hoc-d946877.html",
    "vneconomy": "/hai-phong-khoi-cong-nha-may-nhua-phan-huy-sinh-hoc.htm",
    "vir": "/work-starts-on-biodegradable-materials-project-in-hai-phong-110027.html",
}
"""Where each source prints the event in the first crawl."""
FIFTH = ("baohaiphong", "/xay-nha-may-vat-lieu-phan-huy-sinh-hoc-o-hai-phong-338815.html")
LICENCE = ("baodautu", "/tap-doan-sk-han-quoc-rot-500-trieu-usd-vao-hai-phong-d7435.html")
HEZA_ROUND = ("vir", "/hai-phong-licenses-4-new-investment-projects-252779.html")
DEEP_C_II = ("vir", "/deep-c-hp-ii-industrial-zone-welcomes-first-three-investors-59236.html")

# (site, path, page key, hours before the crawl, credit line appended to the body)
ARTICLES = [
    ("vietnamplus", EVENT["vietnamplus"], "B2", 30, "Theo TTXVN"),
    ("baodautu", EVENT["baodautu"], "B2", 28, "Nguồn: Báo Hải Phòng"),
    ("vneconomy", EVENT["vneconomy"], "B3", 26, ""),
    ("vir", EVENT["vir"], "B8", 20, ""),
    (*LICENCE, "A1", 40, ""),
    (*HEZA_ROUND, "H1", 34, ""),
    (*DEEP_C_II, "D1", 50, ""),
    (*FIFTH, "B4", 3, ""),
]
TEMPLATES: dict[str, ModuleType] = {
    "vietnamplus": vietnamplus,
    "baodautu": baodautu,
    "vneconomy": vneconomy,
    "vir": vir,
    "baohaiphong": baohaiphong,
}
CRAWL = """[crawl]
timezone = "Asia/Ho_Chi_Minh"
obey_robots_txt = true
download_delay = 0
autothrottle = false
download_timeout = 5.0
retry_times = 1
max_age_days = 30
"""


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n\n", "\n").split("\n") if part.strip()]


def story(key: str, path: str, hours: int, credit: str) -> Story:
    """Page ``key`` as a replay story: its first paragraph the lead, the rest the body."""
    page = json.loads(PAGES.read_text("utf-8"))["pages"][key]
    lead, *body = _paragraphs(page["text"])
    return Story(
        key=key,
        path=path,
        title=page["title"],
        summary=lead,
        body=[*body, *([credit] if credit else [])],
        expect="stored",
        via=["feed"],
        days=hours // 24,
        hours=hours % 24,
        section="Kinh tế",
    )


def build_sites(root: Path) -> None:
    """Write the five sites and their ``replay.toml`` under ``root``."""
    by_site: dict[str, list[Story]] = {name: [] for name in TEMPLATES}
    for site, path, key, hours, credit in ARTICLES:
        by_site[site].append(story(key, path, hours, credit))
    sources = []
    for name, stories in by_site.items():
        site = Site(name)
        render: Callable[[Story], str] = TEMPLATES[name].article
        for s in stories:
            site.page(s.path, render(s))
        site.page(FEED, rss(name, stories), "application/rss+xml; charset=utf-8")
        site.page("/robots.txt", "User-agent: *\nAllow: /\n", "text/plain; charset=utf-8")
        site.write(root)
        sources.append(f'[[sources]]\nname = "{name}"\nfeeds = ["{{base:{name}}}{FEED}"]\n')
    (root / "replay.toml").write_text(CRAWL + "\n" + "\n".join(sources), "utf-8")
