"""The cross-language rule and the vetoes, on the real Ecovance licence reports."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from search.stories.grouping import NewArticle, sign, similarity
from tests.stories.conftest import as_article


def _page(pairs: list[dict[str, Any]], url_part: str) -> NewArticle:
    side = next(s for p in pairs for s in (p["a"], p["b"]) if url_part in s["url"])
    return as_article(side, url_part)


def test_english_report_with_same_amount_and_names_within_two_days_joins(pairs) -> None:
    vietnamese, english = _page(pairs, "kinhtetieudung.vn"), _page(pairs, "vir.com.vn/sk-group")
    assert similarity(sign(vietnamese), sign(english)) is not None


def test_english_report_three_days_apart_does_not_join(pairs) -> None:
    vietnamese, english = _page(pairs, "kinhtetieudung.vn"), _page(pairs, "vir.com.vn/sk-group")
    later = replace(english, published_at=vietnamese.published_at + timedelta(days=3))
    assert similarity(sign(vietnamese), sign(later)) is None


def test_english_report_without_the_amount_does_not_join(pairs) -> None:
    vietnamese, english = _page(pairs, "kinhtetieudung.vn"), _page(pairs, "vir.com.vn/sk-group")
    no_amount = replace(
        english,
        title="SK Group invests in Haiphong",
        body=english.body.replace("$500 million", "a large sum"),
    )
    assert similarity(sign(vietnamese), sign(no_amount)) is None


def test_facts_naming_another_zone_veto_a_copy(pairs) -> None:
    article = _page(pairs, "kinhtetieudung.vn")
    copy = replace(article, id="copy", facts={"zone": "VSIP Hải Phòng"})
    original = replace(article, facts={"zone": "DEEP C Hải Phòng I"})
    assert similarity(sign(original), sign(replace(copy, facts=None))) is not None
    assert similarity(sign(original), sign(copy)) is None


def test_licence_and_groundbreaking_of_one_plant_are_two_stories(pairs) -> None:
    licence, groundbreaking = (
        _page(pairs, "kinhtetieudung.vn"),
        _page(pairs, "vneconomy.vn/hai-phong-khoi-cong"),
    )
    same_day = replace(groundbreaking, published_at=licence.published_at)
    assert sign(licence).event == "licence" and sign(same_day).event == "groundbreaking"
    assert similarity(sign(licence), sign(same_day)) is None
