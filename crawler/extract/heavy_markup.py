"""Markup that would make parsing quadratic, cut down before lxml sees it.

libxml2's HTML parser checks each new attribute of a tag against the ones before it, so one tag
with n attributes costs n²: 10k attributes take seconds, 40k over a minute, and htmldate and
justext then walk the same attribute list again. No real page needs more than a few dozen
attributes on one tag, so tags over ``MAX_ATTRIBUTES`` keep their first ones and lose the rest.

The scan is one regular expression that matches only a start tag with more than
``MAX_ATTRIBUTES`` attributes, so an ordinary page is read once in C and no Python runs per
tag. It is linear and never backtracks: every part is possessive or atomic (Python 3.11), so a
tag that fails to match is given up where it fails. With backtracking the same scan was a
quarter of an extraction's CPU (4 ms of a 190 KB page; 0.3 ms now, issue 14).
"""

from __future__ import annotations

import re

MAX_ATTRIBUTES = 256
_ATTRIBUTE = r"""(?>\s++[^\s=>/]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>]++))?+)"""
# The tag name and its first MAX_ATTRIBUTES attributes (group 1), then at least one more.
_HEAVY_TAG = re.compile(
    rf"(<[A-Za-z][\w:-]*+(?:{_ATTRIBUTE}){{{MAX_ATTRIBUTES}}})(?:{_ATTRIBUTE})++"
)


def cap_attributes(html: str) -> tuple[str, int]:
    """``html`` with every tag cut to ``MAX_ATTRIBUTES`` attributes, and how many tags were cut."""
    return _HEAVY_TAG.subn(r"\1", html)
