"""Markup that would make parsing quadratic, cut down before lxml sees it.

libxml2's HTML parser checks each new attribute of a tag against the ones before it, so one tag
with n attributes costs n²: 10k attributes take seconds, 40k over a minute, and htmldate and
justext then walk the same attribute list again. No real page needs more than a few dozen
attributes on one tag, so tags over ``MAX_ATTRIBUTES`` keep their first ones and lose the rest.
The scan is linear: only start tags longer than ``LONG_TAG_CHARS`` are looked at closely.
"""

from __future__ import annotations

import itertools
import re

MAX_ATTRIBUTES = 256
LONG_TAG_CHARS = 4096  # MAX_ATTRIBUTES short attributes fit in far less; shorter tags pass as is
# A start tag, quoted values read whole (they may hold ">"); alternatives start on distinct
# characters, so matching never backtracks.
_START_TAG = re.compile(r"""<[A-Za-z][\w:-]*(?:"[^"]*"|'[^']*'|[^<>"'])*>""")
_ATTRIBUTE = re.compile(r"""\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""")


def cap_attributes(html: str) -> tuple[str, int]:
    """``html`` with every tag cut to ``MAX_ATTRIBUTES`` attributes, and how many tags were cut."""
    cut = 0

    def trim(match: re.Match[str]) -> str:
        nonlocal cut
        tag = match.group(0)
        if len(tag) < LONG_TAG_CHARS:
            return tag
        attributes = list(itertools.islice(_ATTRIBUTE.finditer(tag), MAX_ATTRIBUTES + 1))
        if len(attributes) <= MAX_ATTRIBUTES:
            return tag
        cut += 1
        return tag[: attributes[MAX_ATTRIBUTES - 1].end()] + ">"

    return _START_TAG.sub(trim, html), cut
