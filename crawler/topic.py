"""The topic filter: keep articles about Hải Phòng's industrial/economic zones and investment.

An article is on topic when it names a Hải Phòng place AND an industrial-zone or investment
term close to it (within ``window`` characters, or either of them in the headline): a Hải Phòng
place in one paragraph and "FDI" in another about Bắc Ninh is not zone news. Three qualifiers,
all data in ``[topic]`` (``TopicSettings``; the bundled default.toml holds the defaults):

- ``neighbour_phrases`` ("cảng biển Hải Phòng", "giáp thành phố Hải Phòng") are blanked out
  first: another province's story names Hải Phòng as its port or its neighbour;
- ``merged_places`` (ex-Hải Dương parks) count as Hải Phòng places only in articles from
  ``merged_since`` on (by publication date, else fetch date) that do not speak of Hải Dương as
  a living province (``pre_merger_cues`` such as "tỉnh Hải Dương" without "cũ"); otherwise
  they, and ``merged_province``, are another province's;
- an article naming ``other_places`` (other provinces) more often than Hải Phòng places is
  about them.

Everything goes through ``core.text.fold``, so "Hải Phòng", "hai phong", "HAI PHONG" and
NFD-decomposed text all match; phrases match whole words only ("KCN" in "các KCN," but
"nomura" not inside a longer word). Sources marked ``always_relevant`` bypass this filter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from newswatch.core.article import Article
from newswatch.core.settings import TopicSettings
from newswatch.core.text import fold

Span = tuple[int, int]


def _words(phrase: str) -> str:
    """Its words with any spacing, hyphen or dash between them ("Hai Phong", "Haiphong",
    "Deep-C", "Hà Nội – Hải Phòng") and brackets kept optional ("Hải Dương (cũ)")."""
    tokens = re.findall(r"\w+", fold(phrase))
    return r"[\s\-\u2013\u2014(),]*".join(re.escape(token) for token in tokens)


def _whole_words(alternatives: Iterable[str], tail: str = "") -> re.Pattern[str]:
    """Any of them as whole words, with an optional English plural "s" ("industrial parks",
    "investors"). One look-behind in front of the alternation, not one per phrase: the engine
    then tests the alternatives only at word starts (17x faster on the replay pages)."""
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})s?(?!\w){tail}")


# "tỉnh Hải Dương (cũ)": the former province, post-merger wording.
_NOT_FORMER = r"(?![\s(]*cu(?!\w))"


@dataclass(frozen=True)
class _Vocabulary:
    """Phrases as configured (for logs) and their patterns, compiled on first use: one for them
    all (the per-article test: a single scan of the text instead of one per phrase) and one each
    (``explain``, for DEBUG logs only). A crawl that finds no new article compiles none: the
    bundled vocabularies took 57 ms to compile, 7 % of a nothing-new crawl child's CPU."""

    phrases: tuple[str, ...]
    words: tuple[str, ...]
    tail: str = ""

    @classmethod
    def of(cls, configured: Iterable[str], *, required: bool = True, tail: str = "") -> _Vocabulary:
        # A blank entry would match every article; none at all would match none.
        phrases = tuple(p.strip() for p in configured if p.strip() and _words(p))
        if not phrases and required:
            raise ValueError("a topic vocabulary needs at least one non-blank phrase")
        return cls(phrases, tuple(_words(p) for p in phrases), tail)

    @cached_property
    def anyone(self) -> re.Pattern[str] | None:
        return _whole_words(self.words, self.tail) if self.words else None

    @cached_property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(_whole_words([w], self.tail) for w in self.words)

    def hits(self, folded: str) -> list[str]:
        pairs = zip(self.phrases, self.patterns, strict=True)
        return [phrase for phrase, pattern in pairs if pattern.search(folded)]

    def spans(self, folded: str) -> list[Span]:
        return [m.span() for m in self.anyone.finditer(folded)] if self.anyone else []


class TopicFilter:
    """Decides whether an article is about the monitored topic."""

    def __init__(
        self,
        places: Iterable[str],
        terms: Iterable[str],
        *,
        merged_places: Iterable[str] = (),
        merged_since: date | None = None,
        merged_province: str = "",
        pre_merger_cues: Iterable[str] = (),
        neighbour_phrases: Iterable[str] = (),
        other_places: Iterable[str] = (),
        window: int = 250,
    ) -> None:
        self._places = _Vocabulary.of(places)
        self._terms = _Vocabulary.of(terms)
        self._merged = _Vocabulary.of(merged_places, required=False)
        self._merged_since = merged_since
        self._province = _Vocabulary.of([merged_province], required=False)
        self._cues = _Vocabulary.of(pre_merger_cues, required=False, tail=_NOT_FORMER)
        self._neighbours = _Vocabulary.of(neighbour_phrases, required=False)
        own = {fold(p) for p in self._places.phrases}
        self._others = _Vocabulary.of(
            [p for p in other_places if fold(p) not in own], required=False
        )
        self._window = window

    @classmethod
    def from_settings(cls, topic: TopicSettings) -> TopicFilter:
        return cls(
            topic.places,
            topic.terms,
            merged_places=topic.merged_places,
            merged_since=topic.merged_since,
            merged_province=topic.merged_province,
            pre_merger_cues=topic.pre_merger_cues,
            neighbour_phrases=topic.neighbour_phrases,
            other_places=topic.other_places,
            window=topic.window,
        )

    def matches(self, article: Article) -> bool:
        title, text = (self._blank_neighbours(fold(part)) for part in _parts(article))
        merged_counts = self._merged_counts(article, title + "\n" + text)
        places = [self._place_spans(part, merged_counts) for part in (title, text)]
        terms = [self._terms.spans(part) for part in (title, text)]
        if not (places[0] or places[1]) or not (terms[0] or terms[1]):
            return False
        if self._other_mentions(title + "\n" + text, merged_counts) > len(places[0] + places[1]):
            return False
        if (places[0] and (terms[0] or terms[1])) or (terms[0] and places[1]):
            return True  # the headline names the place or the kind of news
        return _near(places[1], terms[1], self._window)

    def explain(self, article: Article) -> tuple[list[str], list[str]]:
        """The configured places and terms the article mentions, for logs and debugging."""
        folded = fold("\n".join(_parts(article)))
        return self._places.hits(folded), self._terms.hits(folded)

    def _blank_neighbours(self, folded: str) -> str:
        """The text with neighbour phrases replaced by spaces (positions kept)."""
        if self._neighbours.anyone is None:
            return folded
        return self._neighbours.anyone.sub(lambda m: " " * len(m.group()), folded)

    def _merged_counts(self, article: Article, folded: str) -> bool:
        """Whether ex-Hải Dương places are Hải Phòng's in this article (see the module doc)."""
        when = (article.published_at or article.fetched_at).date()
        if self._merged_since is None or when < self._merged_since:
            return False
        return not self._cues.spans(folded)

    def _place_spans(self, folded: str, merged_counts: bool) -> list[Span]:
        merged = self._merged.spans(folded) if merged_counts else []
        return self._places.spans(folded) + merged

    def _other_mentions(self, folded: str, merged_counts: bool) -> int:
        others = len(self._others.spans(folded))
        if not merged_counts:  # before the merger Hải Dương is a province of its own
            others += len(self._merged.spans(folded)) + len(self._province.spans(folded))
        return others


def _parts(article: Article) -> tuple[str, str]:
    """The article itself, headline and lead + body: never tags or page chrome, which name
    places the article is not about (a related-news box, a "hot topics" tag list)."""
    return article.title, "\n".join([article.summary, article.text])


def _near(places: list[Span], terms: list[Span], window: int) -> bool:
    """Whether some place and some term are at most ``window`` characters apart."""
    return any(
        max(p_start, t_start) - min(p_end, t_end) <= window
        for p_start, p_end in places
        for t_start, t_end in terms
    )
