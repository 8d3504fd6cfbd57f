"""Stories: copies and rewrites of one event grouped under one stable id, and article revisions.

Pure logic (``signature``, ``grouping``, ``revisions``) knows nothing of the search backends;
``index.StoryIndex`` keeps its own SQLite file. ``store.StoryStore`` (the backend decorator
``search.factory`` wraps every backend in) calls ``StoryIndex.add`` and writes the returned
``story_id`` into whichever backend it wraps.

The names below are loaded on first use: grouping needs numpy (``minhash``), and a search or an
API start never groups.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from search.stories.grouping import NewArticle, similarity
    from search.stories.index import Story, StoryIndex
    from search.stories.revisions import Revision, Version, revision

_HOMES = {
    "NewArticle": "grouping",
    "similarity": "grouping",
    "Story": "index",
    "StoryIndex": "index",
    "Revision": "revisions",
    "Version": "revisions",
    "revision": "revisions",
}
__all__ = ["NewArticle", "Revision", "Story", "StoryIndex", "Version", "revision", "similarity"]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
