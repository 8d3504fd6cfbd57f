"""The register of investment projects, built from the facts stored with every article.

Pure logic over ``Article`` values; no backend is imported. ``mentions`` places an article's
facts (investor, zone, figures, events), ``grouping`` keys them into entries incrementally,
``entries`` builds one entry (capital history, events), ``corrections`` applies stored merges
and splits. The shell (``newswatch.projects``) reads the articles and stores the corrections.
"""

from search.projects.corrections import Correction, Merge, Split, apply, split_id
from search.projects.entries import EventDate, Figure, Project
from search.projects.grouping import Register, register_of
from search.projects.mentions import Mention, mentions_of

__all__ = [
    "Correction",
    "EventDate",
    "Figure",
    "Mention",
    "Merge",
    "Project",
    "Register",
    "Split",
    "apply",
    "mentions_of",
    "register_of",
    "split_id",
]
