"""Stories: copies and rewrites of one event grouped under one stable id, and article revisions.

Pure logic (``signature``, ``grouping``, ``revisions``) knows nothing of the search backends;
``index.StoryIndex`` keeps its own SQLite file. The store pipeline calls ``StoryIndex.add`` and
writes the returned ``story_id`` into whichever backend it uses.
"""

from search.stories.grouping import NewArticle, similarity
from search.stories.index import Story, StoryIndex
from search.stories.revisions import Revision, Version, revision

__all__ = ["NewArticle", "Revision", "Story", "StoryIndex", "Version", "revision", "similarity"]
