"""The story index: incremental, stable ids, representative, persistence, four-source event."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from search.stories import NewArticle, StoryIndex
from search.stories.index import CANDIDATES
from tests.stories.conftest import as_article

# Real articles from pairs.jsonl, keyed by their baomoi id.
NOKIA_EFINANCE = "12279049.epi"  # Nokia inaugurates its VSIP Bac Ninh factory, 28/10/2013
NOKIA_DDDN = "Nokia-chinh-thuc-san-xuat-dien-thoai-tai-Viet-Nam/12276005.epi"
UNRELATED = ("12310903.epi", "11401973.epi", "12243195.epi", "12313357.epi")
FACTS = {"zone": "VSIP Bắc Ninh", "amount": 302_000_000, "company": "Nokia"}

# Written for this test: an English translation of the first paragraph and the investment
# sentence of the eFinance article (NOKIA_EFINANCE), as VIR-style English copies are.
ENGLISH_TITLE = "Nokia inaugurates its mobile phone factory in Vietnam"
ENGLISH_BODY = (
    "Nokia on Monday (October 28) officially inaugurated its factory in Vietnam at the "
    "Vietnam - Singapore Industrial Park (VSIP) in Bac Ninh province, a milestone in Nokia's "
    "history in Vietnam. The factory covers 65,400 square metres with a total investment of "
    "US$302 million; its first phase is worth US$140 million."
)


def _side(by_url: dict[str, dict[str, Any]], key: str) -> dict[str, Any]:
    return next(side for url, side in by_url.items() if key.endswith(url) or url.endswith(key))


def _article(by_url: dict[str, dict[str, Any]], key: str, **extra: Any) -> NewArticle:
    return as_article(_side(by_url, key), key.rsplit("/", 1)[-1], **extra)


@pytest.fixture
def index(tmp_path: Path) -> StoryIndex:
    with StoryIndex(tmp_path / "stories.db") as opened:
        yield opened


def _syndicated(original: NewArticle, article_id: str, source: str, head: str, tail: str):
    return replace(original, id=article_id, source=source, body=f"{head}{original.body}{tail}")


def test_four_sources_one_story_unrelated_alone(index: StoryIndex, by_url: dict) -> None:
    original = _article(by_url, NOKIA_EFINANCE, facts=FACTS)
    copies = [
        _syndicated(original, "copy-ttxvn", "Báo Hải Phòng", "", "\n\nTheo TTXVN"),
        _syndicated(
            original,
            "copy-bdt",
            "Báo Đầu tư",
            "(Báo Đầu tư) - ",
            "\n\nNguồn: eFinance Online\nMINH ANH",
        ),
        _article(by_url, NOKIA_DDDN),
        replace(
            original,
            id="copy-en",
            source="VIR",
            language="en",
            title=ENGLISH_TITLE,
            body=ENGLISH_BODY,
        ),
    ]
    unrelated = [_article(by_url, key) for key in UNRELATED]
    ids = [
        index.add(a)
        for a in [
            copies[0],
            unrelated[0],
            copies[1],
            unrelated[1],
            copies[2],
            unrelated[2],
            copies[3],
            unrelated[3],
        ]
    ]
    event = {ids[0], ids[2], ids[4], ids[6]}
    assert event == {"copy-ttxvn"}
    assert ids[1::2] == [a.id for a in unrelated]
    story = index.story("copy-ttxvn")
    assert set(story.sources) == {"Báo Hải Phòng", "Báo Đầu tư", "dddn.com.vn", "VIR"}
    # a later crawl brings a fifth copy: the rewrite, reprinted with another site's wrapping
    fifth = _syndicated(copies[2], "copy-later", "VnEconomy", "VNE - ", "\n\n(Theo DĐDN)")
    assert index.add(fifth) == "copy-ttxvn"


def test_story_ids_do_not_change_when_unrelated_articles_arrive(index, by_url) -> None:
    first = _article(by_url, NOKIA_EFINANCE)
    story_id = index.add(first)
    for key in UNRELATED:
        index.add(_article(by_url, key))
    assert index.story_of(first.id) == story_id == first.id
    copy = _syndicated(first, "copy", "Báo Hải Phòng", "TTO - ", "\nTheo TTXVN")
    assert index.add(copy) == story_id
    assert index.story(story_id).members == (first.id, "copy")


def test_adding_an_article_twice_is_idempotent(index, by_url) -> None:
    article = _article(by_url, NOKIA_EFINANCE)
    assert index.add(article) == index.add(article)
    assert len(index) == 1


def test_representative_is_the_earliest_then_the_longest(index, by_url) -> None:
    first = _article(by_url, NOKIA_EFINANCE)
    index.add(first)
    earlier = _syndicated(first, "earlier", "VIR", "", "")
    earlier = replace(earlier, published_at=first.published_at - timedelta(hours=2))
    longer = _syndicated(first, "longer", "CafeF", "", "\n\nThêm một đoạn văn dài hơn.")
    index.add(longer)
    assert index.story(first.id).representative == "longer"
    index.add(earlier)
    story = index.story(first.id)
    assert story.id == first.id and story.representative == "earlier"


def test_index_survives_reopening(tmp_path: Path, by_url) -> None:
    first = _article(by_url, NOKIA_EFINANCE)
    seen = datetime(2013, 10, 28, 4, 0, tzinfo=UTC)
    with StoryIndex(tmp_path / "s.db") as index:
        index.add(first, seen_at=seen)
    with StoryIndex(tmp_path / "s.db") as index:
        copy = _syndicated(first, "copy", "Báo Hải Phòng", "", "\nNguồn: Báo Hải Phòng")
        assert index.add(copy) == first.id
        assert index.story(first.id).first_seen == seen


def test_unknown_story_is_a_clear_error(index) -> None:
    with pytest.raises(KeyError, match="no story"):
        index.story("nope")


def test_a_week_apart_is_another_story(index, by_url) -> None:
    first = _article(by_url, NOKIA_EFINANCE)
    index.add(first)
    late = replace(first, id="late", published_at=first.published_at + timedelta(days=8))
    assert index.add(late) == "late"


def test_different_amount_in_the_facts_is_another_story(index, by_url) -> None:
    first = _article(by_url, NOKIA_EFINANCE, facts=FACTS)
    index.add(first)
    other = replace(first, id="other", facts={**FACTS, "amount": 500_000_000})
    assert index.add(other) == "other"


def _page(pairs: list[dict[str, Any]], url_part: str, article_id: str) -> NewArticle:
    side = next(s for p in pairs for s in (p["a"], p["b"]) if url_part in s["url"])
    return as_article(side, article_id)


def test_hai_phong_groundbreaking_from_four_sources_is_one_story(index, pairs) -> None:
    """Real pages on the Ecovance groundbreaking (11/5/2024) plus the same project's licence."""
    vietnamplus = _page(pairs, "post946877", "vietnamplus")
    copies = [
        _syndicated(vietnamplus, "copy-hp", "Báo Hải Phòng", "", "\n\nTheo TTXVN"),
        _syndicated(vietnamplus, "copy-bdt", "Báo Đầu tư", "(BĐT) - ", "\n\nNguồn: TTXVN\nPV"),
        _page(pairs, "vneconomy.vn/hai-phong-khoi-cong", "vneconomy"),
        _page(pairs, "theinvestor.vn", "theinvestor-en"),
    ]
    unrelated = [
        _page(pairs, "kinhtetieudung.vn", "licence-vi"),  # same project, its licence in 2023
        _page(pairs, "vir.com.vn/sk-group", "licence-en"),
        _page(pairs, "hai-phong-licenses-4-new", "heza-may-2023"),
        _page(pairs, "hai-phong-seeks-to-lure", "deep-c-workshop"),
    ]
    event = {index.add(article) for pair in zip(copies, unrelated, strict=True) for article in pair}
    assert {index.story_of(a.id) for a in copies} == {"copy-hp"}
    assert [index.story_of(a.id) for a in unrelated] == [
        "licence-vi",
        "licence-vi",
        "heza-may-2023",
        "deep-c-workshop",
    ]
    assert len(event) == 4
    later = _page(pairs, "laodong.vn", "laodong")  # a fifth report, crawled later
    assert index.add(later) == "copy-hp"


def test_old_copies_outside_the_window_do_not_crowd_out_a_recent_match(index, by_url) -> None:
    original = _article(by_url, NOKIA_EFINANCE)
    month_ago = original.published_at - timedelta(days=30)
    index.add_many(
        replace(original, id=f"old-{i}", published_at=month_ago) for i in range(CANDIDATES * 5)
    )
    index.add(original)
    copy = _syndicated(original, "copy", "Báo Hải Phòng", "", "\nTheo TTXVN")
    assert index.add(copy) == original.id


def test_an_article_matching_two_stories_makes_them_one(index, pairs) -> None:
    """The English report arrives before any Vietnamese copy giving the amount, so it opens a
    story of its own; VnEconomy's rewrite (which has the amount) matches both and joins them,
    under the id of the story opened first."""
    vietnamplus = _page(pairs, "post946877", "vietnamplus")
    english = _page(pairs, "theinvestor.vn", "theinvestor-en")
    assert index.add(vietnamplus) == "vietnamplus"
    assert index.add(english) == "theinvestor-en"
    assert index.take_moved() == {}
    assert index.add(_page(pairs, "vneconomy.vn/hai-phong-khoi-cong", "vneconomy")) == "vietnamplus"
    assert index.story_of("theinvestor-en") == "vietnamplus"
    assert index.take_moved() == {"theinvestor-en": "vietnamplus"}
    assert index.take_moved() == {}
    assert set(index.story("vietnamplus").members) == {"vietnamplus", "theinvestor-en", "vneconomy"}
