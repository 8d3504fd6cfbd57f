"""Write the bad-input corpus: ``files/<case>`` plus ``manifest.json`` (case → expected outcome).

Run ``python -m tests.badinput.generate`` after changing a case. Two bases: the real VnExpress
page of ``tests/fixtures/extract/vn`` (title and date read off the page by people, see that
MANIFEST), re-encoded and damaged; and a short hand-written KCN article (``ARTICLE`` below) whose
title, text and date are written here, so every expectation is read from this file, never from
what the extractor printed. ``{{ago:…}}`` placeholders are rendered by the replay server (crawl
test) or by the extract test with a fixed start time, as for the replay sites.
"""

from __future__ import annotations

import codecs
import gzip
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
FILES = HERE / "files"
REAL = HERE.parent / "fixtures" / "extract" / "vn" / "pages" / "vnexpress_4672302_htmldate.html"
REAL_TITLE = "Ông Hồ Đức Phớc: Sẽ nâng mức giảm trừ gia cảnh tính thuế cá nhân khi sửa luật"
REAL_DATE = "2023-11-02T19:20:45+07:00"
TITLE = "KCN Nam Đình Vũ đón dự án FDI 300 triệu USD tại Hải Phòng"
TEXT = "Ban Quản lý Khu kinh tế Hải Phòng trao quyết định chủ trương đầu tư cho dự án FDI"
GOOD_DATE = "{{ago:2:0:iso}}"
ARTICLE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{title}</title>{head}</head><body>{before}<article><h1>{title}</h1>
<p>{text} vào khu công nghiệp Nam Đình Vũ, thành phố Hải Phòng.</p>
<p>Dự án xây dựng nhà máy linh kiện điện tử trên diện tích 20 ha trong khu công nghiệp.</p>
{body}</article>{after}</body></html>"""


CP1252_PAGE = """<html><head><meta charset="utf-8"><title>Café crème à Deep C</title></head>
<body><h1>Café crème à Deep C</h1><p>Café crème, déjà vu, naïve façade.</p></body></html>"""


def page(
    *, date: str | None = GOOD_DATE, head: str = "", body: str = "", before: str = "",
    after: str = "", title: str = TITLE,
) -> str:  # fmt: skip
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    return ARTICLE.format(
        title=title, text=TEXT, head=meta + head, body=body, before=before, after=after
    )


def article(published: str | None = "ago", title: str = TITLE, text: str = TEXT) -> dict[str, Any]:
    """Expected: an article with this title, text holding ``text``; ``published`` an ISO instant,
    ``"ago"`` (2 days before the render time), ``None`` (no date) or ``"any"``."""
    return {"outcome": "article", "title": title, "text_has": text, "published": published}


def rejected(says: str) -> dict[str, Any]:
    return {"outcome": "rejected", "says": says}


def nested(depth: int, open_: str, close: str) -> str:
    return open_ * depth + close * depth


def cases() -> dict[str, tuple[bytes, dict[str, Any]]]:
    real = REAL.read_bytes()
    real_text = real.decode("utf-8")
    real_ok = article(REAL_DATE, REAL_TITLE, "giảm trừ gia cảnh")
    utf8 = page().encode()
    found: dict[str, tuple[bytes, dict[str, Any]]] = {
        # -- healthy references --------------------------------------------------------------
        "ok_article.html": (utf8, article()),
        "ok_real_vnexpress.html": (real, real_ok),
        # -- encodings -----------------------------------------------------------------------
        **{
            f"enc_real_{codec}_nobom.html": (real_text.encode(codec), real_ok)
            for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
        },
        "enc_real_utf16_bom.html": (codecs.BOM_UTF16_LE + real_text.encode("utf-16-le"), real_ok),
        "enc_real_utf32_bom.html": (codecs.BOM_UTF32_BE + real_text.encode("utf-32-be"), real_ok),
        "enc_real_utf8_bom.html": (codecs.BOM_UTF8 + real, real_ok),
        "enc_cp1252_labelled_utf8.html": (
            CP1252_PAGE.encode("cp1252"),
            article(None, "Café crème à Deep C", "Café crème"),
        ),
        "enc_invalid_utf8_bytes.html": (
            utf8.replace("Ban Quản".encode(), b"Ban \xff\xfe Qu\xe1n"),
            article(text="Hải Phòng trao quyết định chủ trương đầu tư cho dự án FDI"),
        ),
        "enc_nul_between_words.html": (
            page(body="<p>khu\x00công\x00nghiệp Tràng Duệ</p>").encode(),
            article(text="khu công nghiệp Tràng Duệ"),
        ),
        "enc_control_chars.html": (
            page(body="<p>khu\x01công\x1fnghiệp\x0bĐình Vũ</p>").encode(),
            article(text="khu công nghiệp Đình Vũ"),
        ),
        "enc_utf16_label_on_utf8.html": (
            utf8.replace(b'charset="utf-8"', b'charset="utf-16"'),
            article(),
        ),
        "enc_lone_surrogate_entities.html": (
            page(body="<p>&#xD800;&#xDFFF;&#0;&#99999999999; khu công nghiệp</p>").encode(),
            article(),
        ),
        # -- dates ---------------------------------------------------------------------------
        "date_dotnet_min.html": (page(date="0001-01-01T00:00:00+07:00").encode(), article(None)),
        "date_dotnet_max.html": (page(date="9999-12-31T23:59:59-12:00").encode(), article(None)),
        "date_30_feb.html": (
            page(date=None, body="<p>Ngày 30/02/2026</p>").encode(),
            article(None),
        ),
        "date_32_13.html": (page(date=None, body="<p>Ngày 32/13/2026</p>").encode(), article(None)),
        "date_bare_year.html": (
            page(date=None, body="<p>KCN thành lập năm 1995.</p><footer>© 1995</footer>").encode(),
            article(None),
        ),
        "date_jsonld_min.html": (
            page(
                date=None,
                head=_ld({"@type": "NewsArticle", "datePublished": "0001-01-01T00:00:00+07:00"}),
            ).encode(),
            article(None),
        ),
        "date_time_tag_max.html": (
            page(date=None, body='<time datetime="9999-12-31T23:59:59Z">9999</time>').encode(),
            article(None),
        ),
        "date_absurd_ago.html": (
            page(date=None, body="<p>Đăng 99999999 năm trước</p>").encode(),
            article(None),
        ),
        "date_huge_digits.html": (
            page(date=None, body=f"<p>{'9' * 5000} ngày trước</p>").encode(),
            article(None),
        ),
        "date_future.html": (page(date="2099-01-01T00:00:00+07:00").encode(), article(None)),
        "date_bad_then_good.html": (
            page(date="0001-01-01T00:00:00+07:00", body=f"<p>Cập nhật {GOOD_DATE}</p>").encode(),
            article(),
        ),
        # -- nesting -------------------------------------------------------------------------
        "nest_jsonld_lists_100k.html": (
            page(head=_script(nested(100_000, "[", "]"))).encode(),
            article(),
        ),
        "nest_jsonld_objects_50k.html": (
            page(head=_script(nested(50_000, '{"a":', "}"))).encode(),
            article(),
        ),
        "nest_div_5k.html": (page(after=nested(5_000, "<div>", "</div>")).encode(), article()),
        "nest_div_unclosed_50k.html": (page(after="<div>" * 50_000).encode(), article()),
        "nest_table_2k.html": (
            page(after=nested(2_000, "<table><tr><td>", "</td></tr></table>")).encode(),
            article(),
        ),
        "nest_inline_10k.html": (
            page(after=nested(10_000, "<b><i>", "</i></b>")).encode(),
            article(),
        ),
        # -- sizes ---------------------------------------------------------------------------
        "size_40k_attributes.html": (
            page(
                before="<div " + " ".join(f'data-a{i}="v{i}"' for i in range(40_000)) + "></div>"
            ).encode(),
            article(),
        ),
        "size_10k_attributes_on_article.html": (
            page()
            .replace("<article>", "<article " + " ".join(f"x{i}" for i in range(10_000)) + ">")
            .encode(),
            article(),
        ),
        "size_500kb_one_line.html": (
            page(after="<p>" + "khu " * 125_000 + "</p>").encode(),
            article(),
        ),
        "size_50k_paragraphs.html": (
            page(after="<p>a</p>" * 50_000).encode(),
            {
                **article(),
                "known_gap": "superlinear in htmldate/trafilatura: ~30 s; no per-page budget yet",
            },
        ),
        "size_title_100k.html": (page(title="KCN " * 25_000).encode(), article(title="any")),
        "size_20k_links.html": (
            page(after="".join(f'<a href="/x{i}">x</a>' for i in range(20_000))).encode(),
            article(),
        ),
        "size_long_attribute_value.html": (
            page(before=f'<div title="{"x" * 300_000}"></div>').encode(),
            article(),
        ),
        # -- broken markup -------------------------------------------------------------------
        "markup_truncated_mid_tag.html": (
            utf8[: utf8.index("<p>Dự án".encode())] + b"<p cla",
            article(text=TEXT),
        ),
        "markup_no_closing_tags.html": (
            page()
            .replace("</p>", "")
            .replace("</article>", "")
            .replace("</body></html>", "")
            .encode(),
            article(),
        ),
        "markup_unclosed_comment.html": (page(after="<!-- never closed").encode(), article()),
        "markup_unclosed_script.html": (page(after="<script>var a = '").encode(), article()),
        "markup_cdata.html": (page(after="<![CDATA[ x ]]>").encode(), article()),
        "markup_xml_declaration.html": (
            b'<?xml version="1.0" encoding="utf-8"?>' + utf8,
            article(),
        ),
        "markup_doctype_garbage.html": (b"<!DOCTYPE \xff\x00 garbage>" + utf8, article()),
        "markup_attribute_quotes_unbalanced.html": (  # a browser, too, reads the rest as a value
            page(before="<div class=\"a title='b>x</div>").encode(),
            article(text=""),
        ),
        "markup_real_truncated_half.html": (real[: len(real) // 2], article("any", REAL_TITLE, "")),
        "markup_only_head.html": (
            b"<html><head><title></title></head></html>",
            rejected("no title and no body"),
        ),
        "markup_jsonld_garbage.html": (
            page(
                head='<script type="application/ld+json">{"@type": "NewsArticle", ,,, </script>'
            ).encode(),
            article(),
        ),
        # -- not pages -----------------------------------------------------------------------
        "not_empty.html": (b"", rejected("empty")),
        "not_whitespace.html": (b" \n\t " * 100, rejected("empty")),
        "not_pdf.html": (b"%PDF-1.7\n" + bytes(range(256)) * 10, rejected("PDF")),
        "not_png.html": (b"\x89PNG\r\n\x1a\n" + bytes(100), rejected("PNG")),
        "not_gzip.html": (gzip.compress(utf8), rejected("gzip")),
        "not_plain_text.html": (
            ("Khu công nghiệp Đình Vũ. " * 50).encode(),
            rejected("no HTML markup"),
        ),
        "not_json.html": (json.dumps({"title": TITLE}).encode(), rejected("no HTML markup")),
        "not_random_bytes.html": (bytes((i * 7919) % 256 for i in range(50_000)), rejected("")),
    }
    return found


def _script(text: str) -> str:
    return f'<script type="application/ld+json">{text}</script>'


def _ld(value: object) -> str:
    return _script(json.dumps(value))


def write(folder: Path) -> dict[str, dict[str, Any]]:
    """Write every case into ``folder``; return the manifest (case → expected outcome)."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {}
    for name, (data, expected) in sorted(cases().items()):
        (folder / name).write_bytes(data)
        manifest[name] = expected
    return manifest


def main() -> None:
    """Only the manifest is committed: the files (≈5 MB of junk) are written by the tests."""
    manifest = write(FILES)
    (HERE / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8"
    )


if __name__ == "__main__":
    main()
