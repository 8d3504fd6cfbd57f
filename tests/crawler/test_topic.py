"""crawler.topic: keep Hải Phòng industrial-zone / investment news, drop the rest."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from crawler.topic import TopicFilter
from newswatch.core.article import Article
from newswatch.core.settings import ConfigError, TopicSettings, load_settings, read_toml

DEFAULT = TopicFilter.from_settings(TopicSettings())

SECURITY_CONFERENCE = (
    "Sáng 16/1, tại Hải Phòng đã diễn ra Hội nghị ký kết Quy chế phối hợp đảm bảo an ninh trật tự "
    "tại các Khu công nghiệp, Khu kinh tế trên địa bàn thành phố."
)
FOOTBALL = (
    "Hải Phòng thắng ngược Hà Nội 2-1 trên sân Lạch Tray, vươn lên vị trí thứ ba V-League. "
    "Hàng nghìn cổ động viên đã có mặt từ sớm."
)
BAC_NINH_FDI = (
    "Bắc Ninh dẫn đầu cả nước về thu hút FDI trong năm 2023 với hơn 4,6 tỷ USD vốn đầu tư "
    "vào các khu công nghiệp Yên Phong, Quế Võ."
)


def article(
    title: str = "", summary: str = "", text: str = "", tags: list[str] | None = None
) -> Article:
    return Article(
        id="a1",
        url="https://example.vn/a1.html",
        canonical_url="https://example.vn/a1.html",
        source="test",
        title=title,
        summary=summary,
        text=text,
        tags=tags or [],
        fetched_at=datetime(2021, 1, 16, tzinfo=UTC),
    )


def test_hai_phong_industrial_zone_news_is_kept() -> None:
    assert DEFAULT.matches(article(text=SECURITY_CONFERENCE))


def test_hai_phong_football_story_is_dropped() -> None:
    assert not DEFAULT.matches(article(title="Hải Phòng FC thắng Hà Nội", text=FOOTBALL))


def test_fdi_story_about_another_province_is_dropped() -> None:
    assert not DEFAULT.matches(article(title="Bắc Ninh hút FDI", text=BAC_NINH_FDI))


def test_decomposed_unicode_is_kept() -> None:
    assert DEFAULT.matches(article(text=unicodedata.normalize("NFD", SECURITY_CONFERENCE)))


def test_text_without_diacritics_is_kept() -> None:
    assert DEFAULT.matches(article(title="hai phong khu cong nghiep"))


@pytest.mark.parametrize(
    "title",
    [
        "Haiphong industrial park draws new tenants",
        "Hai Phong approves two new industrial parks",
        "Foreign investors eye Hai Phong",
        "DEEP C expands its industrial zones",
        "Deep-C welcomes a Japanese investor",
    ],
)
def test_english_headlines_are_kept(title: str) -> None:
    assert DEFAULT.matches(article(title=title))


def test_a_zone_name_counts_as_the_place() -> None:
    text = "KKT Đình Vũ – Cát Hải thu hút thêm 3 dự án mới trong quý I."
    assert DEFAULT.explain(article(text=text)) == (["Đình Vũ", "Cát Hải"], ["KKT"])


def test_acronyms_match_on_word_boundaries_in_any_case() -> None:
    assert DEFAULT.explain(article(text="Hải Phòng: các KCN, kkt và cảng biển")) == (
        ["Hải Phòng"],
        ["KCN", "KKT"],
    )


def test_a_place_inside_another_word_is_no_hit() -> None:
    text = "Tập đoàn Nomurasoft rót vốn đầu tư vào KCN Nomurasoft ở Long An."
    assert DEFAULT.explain(article(text=text)) == ([], ["KCN", "vốn đầu tư"])


def test_a_term_inside_another_word_is_no_hit() -> None:
    assert not DEFAULT.matches(article(title="Hải Phòng", text="The FDIC closed a bank."))


def test_place_and_term_may_sit_in_different_fields() -> None:
    kept = article(title="KCN Nomura mở rộng", summary="Thêm vốn đầu tư Nhật Bản", tags=[])
    assert DEFAULT.explain(kept) == (["KCN Nomura"], ["KCN", "vốn đầu tư"])
    assert DEFAULT.matches(kept)


def test_only_title_lead_and_body_are_judged_never_tags() -> None:
    # Tags are page furniture as often as not ("hot topics" lists on every page).
    assert not DEFAULT.matches(article(title="Thu hút FDI quý I", tags=["Hải Phòng"]))
    assert DEFAULT.matches(article(title="Thu hút FDI quý I", text="Hải Phòng dẫn đầu."))


def test_explain_reports_nothing_for_an_off_topic_article() -> None:
    assert DEFAULT.explain(article(title="Giá vàng hôm nay")) == ([], [])


@pytest.mark.parametrize(
    "text",
    [
        "Vinh quang thuộc về những nhà đầu tư kiên nhẫn giữ cổ phiếu qua khủng hoảng.",
        "Nomura Holdings investment bank cuts its forecast for Asian equities.",
        "Đông Hải: nhà đầu tư chứng khoán bán ròng phiên thứ ba liên tiếp.",
        "Cảng Hải Phòng tăng sản lượng hàng qua cảng nhờ dịch vụ logistics mới.",
        "Khu an dưỡng cao cấp kêu gọi nhà đầu tư góp vốn.",
        "Tiền thanh toán cho nhà đầu tư trái phiếu bị chậm hai tháng.",
    ],
    ids=["glory", "nomura-bank", "dong-hai-stocks", "port-logistics", "rest-home", "payment"],
)
def test_look_alike_places_and_plain_logistics_are_dropped(text: str) -> None:
    assert not DEFAULT.matches(article(text=text))


@pytest.mark.parametrize(
    "text",
    [
        "Khu công nghiệp Nomura đón thêm nhà đầu tư Nhật Bản.",
        "Xã Vinh Quang, huyện Tiên Lãng thu hút dự án đầu tư khu công nghiệp.",
        "Phường Đông Hải kêu gọi nhà đầu tư xây trung tâm logistics.",
    ],
    ids=["kcn-nomura", "xa-vinh-quang", "phuong-dong-hai"],
)
def test_qualified_place_names_are_kept(text: str) -> None:
    assert DEFAULT.matches(article(text=text))


def test_configured_lists_replace_the_defaults() -> None:
    bac_ninh = TopicFilter.from_settings(TopicSettings(places=["Bắc Ninh"], terms=["FDI"]))
    assert bac_ninh.matches(article(text=BAC_NINH_FDI))
    assert not bac_ninh.matches(article(text=SECURITY_CONFERENCE))


def test_a_list_left_out_takes_the_bundled_default() -> None:
    only_places = TopicSettings(places=["Bắc Ninh"])
    assert only_places.terms == read_toml(None)["topic"]["terms"]


def test_blank_entries_are_ignored() -> None:
    assert TopicSettings(places=["Bắc Ninh", "  ", ""]).places == ["Bắc Ninh"]


@pytest.mark.parametrize("field", ["places", "terms"])
@pytest.mark.parametrize("value", [[], ["", "  "]], ids=["empty", "blank"])
def test_an_empty_list_is_a_config_error(field: str, value: list[str]) -> None:
    with pytest.raises(ValidationError, match=f"topic\\] {field} is empty"):
        TopicSettings.model_validate({field: value})


def test_an_empty_list_in_a_config_file_names_the_file(tmp_path: Path) -> None:
    config = tmp_path / "newswatch.toml"
    config.write_text("[topic]\nterms = []\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"newswatch\.toml(.|\n)*\[topic\] terms is empty"):
        load_settings(config)


def test_the_filter_refuses_an_empty_vocabulary() -> None:
    with pytest.raises(ValueError, match="at least one"):
        TopicFilter(places=["Hải Phòng"], terms=[" "])


def test_defaults_are_the_bundled_topic_section() -> None:
    bundled = read_toml(None)["topic"]
    defaults = TopicSettings()
    assert (defaults.places, defaults.terms) == (bundled["places"], bundled["terms"])
    assert DEFAULT.explain(article(title=" ".join(bundled["places"] + bundled["terms"]))) == (
        bundled["places"],
        bundled["terms"],
    )


def test_hai_phong_as_another_provinces_port_is_no_place() -> None:
    text = (
        "Bắc Ninh hoàn thiện hạ tầng các KCN, nối với cảng biển Hải Phòng và sân bay Nội Bài "
        "để thu hút đầu tư vào các khu công nghiệp Yên Phong, Quế Võ."
    )
    assert not DEFAULT.matches(article(text=text))


def test_an_article_naming_another_province_more_often_is_about_it() -> None:
    text = (
        "Khu công nghiệp Liên Hà Thái của tỉnh Thái Bình thu hút FDI nhờ gần Hải Phòng. "
        "Ban Quản lý Khu kinh tế Thái Bình cấp phép 8 dự án."
    )
    assert not DEFAULT.matches(article(text=text))


def test_a_place_and_a_term_far_apart_in_the_body_are_no_match() -> None:
    filler = " Người dân đi lễ hội, xem pháo hoa bên bờ biển." * 8
    text = "Du khách đổ về Đồ Sơn dịp lễ." + filler + " Cả nước thu hút FDI tăng 10%."
    assert not DEFAULT.matches(article(text=text))
    assert DEFAULT.matches(article(title="Đồ Sơn", text=filler + " Thu hút FDI vào KCN."))
