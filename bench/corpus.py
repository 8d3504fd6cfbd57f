"""A reproducible corpus of realistic Vietnamese news articles about Hải Phòng's zones.

Sentences are assembled from phrases as they appear in VnExpress / Báo Hải Phòng coverage of
industrial zones, so word frequencies, accents and lengths resemble the real stream; a seed
makes every run index the same documents. Those phrases alone make every word common (each is
in 8–100 % of articles), so most articles also carry sentences of the replay sites' stories
drawn with Zipf's law: a real stream's long tail, where a query matches 0.01–30 % of articles
(``bench.search_queries`` picks its terms by measured document frequency).
"""

from __future__ import annotations

import random
import re
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from crawler.dedupe import article_id
from newswatch.core.article import Article

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SOURCES = ("baohaiphong", "vnexpress", "tuoitre", "thanhnien", "vietnamplus", "haiphong-gov")
ZONES = (
    "KCN Đình Vũ",
    "KCN Tràng Duệ",
    "KCN Nam Đình Vũ",
    "KCN VSIP Hải Phòng",
    "KCN Deep C",
    "KKT Đình Vũ – Cát Hải",
    "KCN An Dương",
    "KCN Tiên Thanh",
    "KCN Nomura",
    "KCN Đồ Sơn",
    "KCN Nam Tràng Cát",
    "KCN Xuân Cầu",
)
INVESTORS = (
    "LG Innotek",
    "Pegatron",
    "Bridgestone",
    "Kyocera",
    "Fuji Xerox",
    "Vinfast",
    "Heesung",
    "Usi",
    "Haiphong Gas",
    "Regina Miracle",
)
SUBJECTS = (
    "Ban Quản lý Khu kinh tế Hải Phòng",
    "UBND thành phố Hải Phòng",
    "Nhà đầu tư {investor}",
    "Chủ đầu tư hạ tầng {zone}",
    "Sở Kế hoạch và Đầu tư",
)
ACTIONS = (
    "trao giấy chứng nhận đăng ký đầu tư cho dự án mới tại {zone}",
    "điều chỉnh tăng vốn đầu tư thêm {money} USD tại {zone}",
    "khởi công nhà máy sản xuất linh kiện điện tử ở {zone}",
    "đề xuất mở rộng {zone} thêm {area} ha",
    "công bố tỷ lệ lấp đầy của {zone} đạt {percent}%",
    "tổ chức hội nghị xúc tiến đầu tư vào {zone}",
    "giải ngân vốn cho hạ tầng giao thông kết nối {zone}",
)
CONTEXT = (
    "Theo báo cáo, vốn FDI thu hút vào các khu công nghiệp trong quý vừa qua tăng mạnh.",
    "Lãnh đạo thành phố yêu cầu đẩy nhanh giải phóng mặt bằng và hoàn thiện hạ tầng.",
    "Doanh nghiệp kiến nghị cải cách thủ tục hành chính, rút ngắn thời gian cấp phép.",
    "Nhu cầu lao động có tay nghề tại các khu công nghiệp dự kiến tăng trong năm tới.",
    "Cảng Lạch Huyện và đường cao tốc Hà Nội – Hải Phòng là lợi thế thu hút đầu tư.",
    "Giá thuê đất công nghiệp tại Hải Phòng ở mức cạnh tranh so với các tỉnh lân cận.",
    "Dự án dự kiến tạo việc làm cho hàng nghìn lao động địa phương.",
)


STORIES = Path(__file__).resolve().parents[1] / "tests" / "sites" / "_gen" / "stories"
ZIPF_S = 1.1
TAIL_SENTENCES = (0, 3)  # per article, uniformly


@cache
def tail_sentences() -> tuple[str, ...]:
    """The replay stories' sentences (real prose about the zones and beyond), in file order."""
    found: list[str] = []
    for path in sorted(STORIES.glob("*.toml")):
        for entry in tomllib.loads(path.read_text("utf-8"))["article"]:
            for paragraph in entry["body"]:
                text = re.sub(r"\{\{[^}]*\}\}", "20/11", paragraph)
                found += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    unique = list(dict.fromkeys(found))
    random.Random(14).shuffle(unique)  # Zipf ranks across sources, not by file order
    return tuple(unique)


@cache
def _zipf_weights(n: int) -> tuple[float, ...]:
    return tuple(1 / (rank**ZIPF_S) for rank in range(1, n + 1))


def _tail(rng: random.Random) -> list[str]:
    pool = tail_sentences()
    return rng.choices(pool, weights=_zipf_weights(len(pool)), k=rng.randint(*TAIL_SENTENCES))


def _fill(rng: random.Random, template: str) -> str:
    return template.format(
        zone=rng.choice(ZONES),
        investor=rng.choice(INVESTORS),
        money=f"{rng.randint(5, 900)} triệu",
        area=rng.randint(50, 900),
        percent=rng.randint(40, 99),
    )


def _sentence(rng: random.Random) -> str:
    return f"{_fill(rng, rng.choice(SUBJECTS))} {_fill(rng, rng.choice(ACTIONS))}."


def make_article(n: int, rng: random.Random, start: datetime) -> Article:
    url = f"https://{SOURCES[n % len(SOURCES)]}.vn/tin-kinh-te/bai-{n}.html"
    body = [
        _sentence(rng) if rng.random() < 0.6 else rng.choice(CONTEXT)
        for _ in range(rng.randint(8, 30))
    ] + _tail(rng)
    published = start + timedelta(minutes=rng.randint(0, 60 * 24 * 365))
    return Article(
        id=article_id(url),
        url=url,
        canonical_url=url,
        source=SOURCES[n % len(SOURCES)],
        title=_sentence(rng),
        summary=body[0],
        text="\n\n".join(body),
        section="Kinh tế",
        tags=[rng.choice(ZONES), "đầu tư"],
        language="vi",
        published_at=published,
        fetched_at=datetime(2025, 6, 1, tzinfo=UTC),
    )


def articles(count: int, seed: int = 20250601) -> Iterator[Article]:
    rng = random.Random(seed)
    start = datetime(2024, 6, 1, tzinfo=TZ)
    for n in range(count):
        yield make_article(n, rng, start)


CRAWL_LAG_MINUTES = 2 * 24 * 60


def crawl_ordered(count: int, seed: int = 20250601) -> list[Article]:
    """The same articles in the order daily crawls store them: by publication plus a lag of up
    to two days (seeded). ``articles`` yields them in shuffled date order, which no crawl
    produces: the SQLite store's ``seq`` follows insertion, and its search reads only the
    ``seq`` range of a date range, so the two orders are that optimisation's best and worst."""
    rng = random.Random(seed + 1)
    stored: list[tuple[datetime, str, Article]] = []
    for a in articles(count, seed):
        assert a.published_at is not None  # every bench article is dated
        lag = timedelta(minutes=rng.randint(0, CRAWL_LAG_MINUTES))
        stored.append((a.published_at + lag, a.id, a))
    stored.sort(key=lambda row: row[:2])
    return [a for _, _, a in stored]
