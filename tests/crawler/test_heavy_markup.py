"""Tags with absurd attribute counts are cut before parsing; everything else passes untouched."""

from __future__ import annotations

from crawler.extract.heavy_markup import MAX_ATTRIBUTES, cap_attributes


def _tag(count: int) -> str:
    return "<div " + " ".join(f'data-a{i}="v>{i}"' for i in range(count)) + ">"


def test_a_tag_over_the_limit_keeps_its_first_attributes() -> None:
    html, cut = cap_attributes(f"<html><body>{_tag(40_000)}<p>Khu công nghiệp</p></div></body>")
    assert cut == 1
    kept = html.split("<p>")[0]
    assert f'data-a{MAX_ATTRIBUTES - 1}="v>{MAX_ATTRIBUTES - 1}"' in kept
    assert f"data-a{MAX_ATTRIBUTES}=" not in kept
    assert html.endswith("<p>Khu công nghiệp</p></div></body>")


def test_ordinary_markup_is_returned_unchanged() -> None:
    page = f'<html><body>{_tag(MAX_ATTRIBUTES)}<a href="/x?a=1&b=2">x</a></div></body></html>'
    assert cap_attributes(page) == (page, 0)
