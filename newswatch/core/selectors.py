"""Per-source CSS/XPath selectors: compiled once, and light enough to check at config load.

Kept apart from ``crawler.extract.body`` so that validating a config does not import
trafilatura (most of a CLI command's start-up time).
"""

from __future__ import annotations

from functools import lru_cache

from cssselect import HTMLTranslator, SelectorError
from lxml import etree

from newswatch.core.errors import InputError

XPATH_PREFIX = "xpath:"


class BadSelector(InputError):
    """A configured CSS/XPath selector does not compile."""


@lru_cache(maxsize=512)
def compile_selector(query: str) -> etree.XPath:
    """Compile a CSS selector, or XPath after an ``xpath:`` prefix, once per distinct string."""
    try:
        if query.startswith(XPATH_PREFIX):
            return etree.XPath(query[len(XPATH_PREFIX) :].strip())
        return etree.XPath(HTMLTranslator().css_to_xpath(query))
    except (etree.XPathSyntaxError, SelectorError) as exc:
        raise BadSelector(f"invalid selector {query!r}: {exc}") from exc


def select(tree: etree._Element, query: str) -> list[etree._Element | str]:
    """Elements or strings (``@attr``, ``text()``) matching a selector."""
    try:
        result = compile_selector(query)(tree)
    except etree.XPathEvalError as exc:  # e.g. an undefined namespace prefix
        raise BadSelector(f"selector {query!r} cannot be evaluated: {exc}") from exc
    return list(result) if isinstance(result, list) else [str(result)]
