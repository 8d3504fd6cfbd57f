"""The article body as a reader sees it: selectors, known body containers, then trafilatura.

trafilatura is good at telling the main text from navigation, but on a whole page it may pick
a long comment thread, and its cost grows with page size. So when the page has a container
that news CMSs use for the body (``BODY_CONTAINERS``), only that subtree is handed over.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Callable

import lxml.html
from lxml import etree

from newswatch.core.selectors import select

# Containers news CMSs use for the article body, most specific first.
# Generic only: a bundled site's own container is its catalogue entry's ``body`` selector.
BODY_CONTAINERS = (
    ".detail-content[itemprop=articleBody], .detail-cmain",  # Tuổi Trẻ
    ".article__body",  # a CMS several provincial papers share (Nghệ An, Đà Nẵng)
    "[itemprop=articleBody]",  # schema.org microdata, any site
)
# Elements that are never article text: code, widgets, form controls, and the site's
# navigation and asides (on a near-empty page trafilatura would otherwise return a menu as the
# "main text"). Not ``form`` itself: ASP.NET WebForms pages (many Vietnamese government portals,
# Al Jazeera in 2019) wrap the whole page, article included, in one ``<form>``.
# Nor a ``<noscript>`` holding text: some sites serve their whole no-JavaScript page in one
# (parcoabruzzo.it); the usual short ones (tracking pixels, "enable JavaScript") are dropped.
NON_TEXT_TAGS = (
    "script", "style", "template", "svg", "iframe", "button", "input", "select",
    "textarea", "nav", "aside",
)  # fmt: skip
# Block elements whose text is one paragraph when reading a selector's match directly.
BLOCK_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "pre", "td")
# A container holding less text than this is a teaser or an empty shell: use the whole page.
MIN_CONTAINER_CHARS = 200
# Markup handed to trafilatura is cut here (after scripts and styles are removed). A news body
# is far below 100 KB of markup; multi-megabyte pages are bloated by comment threads, inline
# state and related-article lists further down, which cost trafilatura time (~0.5 s/MB) and
# can mislead it into taking a comment thread for the article.
MAX_MARKUP_CHARS = 1_000_000
LEAD_PROBE_CHARS = 60  # enough letters to recognise the lead inside the body's first lines
# A closing line crediting the desk, not the text: "Hà Thu (tổng hợp)", "Minh Anh (TH)",
# "Lan Hương (theo Reuters)", "PV (t/h)". Short, and ends with the parenthesis.
SIGNOFF = re.compile(
    r"^[^\W\d][\w .,\-–]{0,60}\((?:tổng hợp|th|t/h|tổng hợp/\w+|theo [^)]{1,40})\)\.?$",
    re.IGNORECASE,
)
# Site furniture that trafilatura sometimes keeps after the text: app links, copyright and
# licence lines ("Tải ứng dụng:", "Bản quyền thuộc Báo Điện tử Chính phủ", "© 2024 …").
FOOTER = re.compile(
    r"^(?:tải ứng dụng|download (?:the|our) app|bản quyền|copyright|©|\(c\) \d{4}"
    r"|giấy phép (?:số|hoạt động)|tổng biên tập\b|(?:báo|tạp chí) điện tử [^.!?]{0,60}$)",
    re.IGNORECASE,
)
MAX_FOOTER_CHARS = 200  # a longer closing paragraph is text, whatever it starts with
MAX_MASTHEAD_CHARS = 60  # the site's name alone on the last line; longer ones only mention it


def text_of(node: etree._Element | str) -> str:
    """The visible text of one selector match, on one line."""
    if isinstance(node, str):
        return node
    return " ".join(" ".join(node.itertext()).split())


def block_text(nodes: list[etree._Element | str]) -> str:
    """Paragraphs of the matched nodes, one per block element, separated by blank lines."""
    paragraphs: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            paragraphs.append(node)
            continue
        node = _without_non_text(node)
        blocks = [b for b in node.iter(*BLOCK_TAGS) if not _has_block_ancestor(b, node)]
        paragraphs.extend(text_of(b) for b in blocks or [node])
    return "\n\n".join(p for p in paragraphs if p.strip())


def visible_text(tree: etree._Element) -> str:
    """All text a reader can see in the page's ``<body>``, on one line."""
    body = tree.find(".//body")
    return text_of(_without_non_text(body)) if body is not None else ""


def body_text(tree: etree._Element) -> str:
    """The main text of a page, paragraphs separated by blank lines ("" when none is found)."""
    container = _body_container(tree)
    text = _trafilatura_text(container, whole_page=False) if container is not None else ""
    return text or _trafilatura_text(tree, whole_page=True)


def _trafilatura_text(scope: etree._Element, whole_page: bool) -> str:
    """A body container goes to trafilatura as the parsed subtree it is (the same text as its
    serialised markup on every fixture and replay page, without a second parse); a whole page
    goes as markup, cut at ``MAX_MARKUP_CHARS``."""
    import trafilatura  # here: a crawl that finds nothing new never imports it (0.4 s)

    scope = _without_non_text(scope)
    body = scope.find(".//body")
    if not "".join((scope if body is None else body).itertext()).strip():
        return ""  # nothing to find (a head-only page); trafilatura would only log a warning
    bare = body is None and scope.tag != "html"  # trafilatura rejects bare fragments
    document: etree._Element | str
    if whole_page:
        markup = lxml.html.tostring(scope, encoding="unicode", with_tail=False)[:MAX_MARKUP_CHARS]
        document = f"<html><body>{markup}</body></html>" if bare else markup
    else:
        document = _in_a_page(scope) if bare else scope
    # fast: no second opinion from readability and justext. On the public benchmarks
    # (bench.extraction_public) it scores as well (body F1 0.966 / 0.923 against 0.965 / 0.923
    # with them), and it saves a quarter of a worker's CPU: justext rebuilds a frozenset of
    # every language's stopwords (154,484 words) on each call (issue 14).
    text = trafilatura.extract(
        document, include_comments=False, include_tables=True, with_metadata=False, fast=True
    )
    return "\n\n".join(line for line in (text or "").splitlines() if line.strip())


def _in_a_page(fragment: etree._Element) -> etree._Element:
    page = lxml.html.Element("html")
    etree.SubElement(page, "body").append(fragment)
    return page


def _body_container(tree: etree._Element) -> etree._Element | None:
    for query in BODY_CONTAINERS:
        for node in select(tree, query):
            if not isinstance(node, str) and len(text_of(node)) >= MIN_CONTAINER_CHARS:
                return node
    return None


def _without_non_text(node: etree._Element) -> etree._Element:
    """A copy of ``node`` without scripts, styles and other never-text elements or comments."""
    clean = copy.deepcopy(node)
    for fallback in clean.iter("noscript"):
        if len(text_of(fallback)) < MIN_CONTAINER_CHARS:
            fallback.tag = "template"  # a pixel or "enable JavaScript": stripped below
    etree.strip_elements(clean, *NON_TEXT_TAGS, etree.Comment, with_tail=False)
    return clean


def _has_block_ancestor(element: etree._Element, root: etree._Element) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not root:
        if parent.tag in BLOCK_TAGS:
            return True
        parent = parent.getparent()
    return False


def letters(text: str) -> str:
    """Letters and digits only, case-folded: for comparing texts whatever their punctuation."""
    return re.sub(r"\W+", "", unicodedata.normalize("NFC", text)).casefold()


def _probe(lead: str) -> str:
    """A chunk from inside the lead: a description is often the body's first lines with a
    byline glued in front, so its start is no good for finding it."""
    found = letters(lead)
    return found[len(found) // 3 :][:LEAD_PROBE_CHARS]


def shown_lead(sapo: str, summary: str, tree: etree._Element) -> str:
    """The lead a reader sees above the text: the visible sapo, else the summary if the page
    shows it. A description only in ``<meta>`` or JSON-LD that the page never displays is not
    part of the article."""
    if sapo.strip():
        return sapo.strip()
    return summary if summary and _probe(summary) in letters(visible_text(tree)) else ""


def with_lead(lead: str, body: str) -> str:
    """The body with the lead (sapo) on top, unless the body already opens with it."""
    if not lead or _probe(lead) in letters(body[: 2 * len(lead) + 1000]):
        return body
    return f"{lead}\n\n{body}" if body else lead


def tidied(body: str, *, title: str, authors: list[str], is_site: Callable[[str], bool]) -> str:
    """The body without the page furniture around the text: the headline repeated as the first
    paragraph, and at the end the site's footer (app links, copyright, the site's name alone)
    and a sign-off that repeats the byline or credits the desk ("Hà Thu (tổng hợp)")."""
    paragraphs = body.split("\n\n")
    if len(paragraphs) > 1 and title and letters(paragraphs[0]) == letters(title):
        paragraphs = paragraphs[1:]
    byline = letters("".join(authors))
    while len(paragraphs) > 1 and _is_closing_furniture(paragraphs[-1], byline, is_site):
        paragraphs.pop()
    return "\n\n".join(paragraphs)


def _is_closing_furniture(paragraph: str, byline: str, is_site: Callable[[str], bool]) -> bool:
    line = paragraph.strip()
    if len(line) > MAX_FOOTER_CHARS:
        return False
    return bool(
        (byline and letters(line) == byline)
        or SIGNOFF.match(line)
        or FOOTER.match(line)
        or (len(line) <= MAX_MASTHEAD_CHARS and is_site(line))
    )
