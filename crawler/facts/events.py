"""Event kinds, from cue phrases. The vocabulary is closed: storage, search and alerts rely on it.

The cue phrases are data, in ``events.toml`` (format described there): matched folded at word
boundaries, all events in one pass over the text.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources

from crawler.facts.text import Prepared, prepare, trie_pattern

EVENTS = (
    "new_project",
    "capital_increase",
    "groundbreaking",
    "inauguration",
    "land",
    "labour",
    "security",
    "planning",
)


def _load_cues() -> tuple[str, dict[str, tuple[str, ...]]]:
    data = tomllib.loads(
        resources.files("crawler.facts").joinpath("events.toml").read_text("utf-8")
    )
    version = data.pop("version")
    if tuple(data) != EVENTS:
        raise ValueError(f"events.toml must list exactly {EVENTS}, in that order")
    return version, {event: tuple(table["cues"]) for event, table in data.items()}


CUES_VERSION, _CUES = _load_cues()


def _tables() -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, str]]:
    """Folded cues, strict cues (each -> its events) and regular-expression cues (-> event)."""
    folded: dict[str, set[str]] = {}
    strict: dict[str, set[str]] = {}
    regexes: dict[str, str] = {}
    for event, cues in _CUES.items():
        for cue in cues:
            if cue.startswith("~"):
                regexes[event] = cue[1:]
            elif cue.startswith("="):
                strict.setdefault(cue[1:].lower(), set()).add(event)
            else:
                folded.setdefault(prepare(cue).folded, set()).add(event)
    return folded, strict, regexes


# A cue listed under several events ("đình công": labour and security) counts for all of them.
_EVENTS_OF, _STRICT_EVENTS_OF, _REGEX_CUES = _tables()
_REGEX_GROUPS = "".join(f"|(?P<{event}>{regex})" for event, regex in _REGEX_CUES.items())
_FOLDED = re.compile(rf"(?<![\w])(?:{trie_pattern(_EVENTS_OF)}{_REGEX_GROUPS})(?![\w])")
_STRICT = re.compile(rf"(?<![\w])(?:{trie_pattern(_STRICT_EVENTS_OF)})(?![\w])")


def find_events(prepared: Prepared) -> list[str]:
    """The event kinds the text speaks of, in vocabulary order."""
    found: set[str] = set()
    for pattern, text, table in (
        (_FOLDED, prepared.folded, _EVENTS_OF),
        (_STRICT, prepared.lower, _STRICT_EVENTS_OF),
    ):
        for match in pattern.finditer(text):
            found |= table.get(match.group()) or {match.lastgroup or ""}
            if len(found) == len(EVENTS):
                break
    return [event for event in EVENTS if event in found]
