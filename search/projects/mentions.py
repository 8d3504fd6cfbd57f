"""What one article says about one project: a ``Mention`` per investor it can place in one zone.

An article is placed conservatively, from its stored facts:
- its zone is the one most specific zone it names (a park before the economic zone around it,
  "DEEP C Hải Phòng I (Đình Vũ)" before the umbrella "DEEP C"); an article naming several
  parks (a licensing round across zones) cannot say which investor is where: no mention;
- one investor: the article's figures are that investor's; its headline figure is the first
  amount it names (the title and lead come first and state the capital);
- several investors (a licensing round): each investor's own evidence is the text from each
  of its names to the next investor's name or the sentence end ("… of Thinking Electronics
  Industrial Co., Ltd in Nam Cau Kien Industrial Park."), and a sentence's opening goes to the
  first investor it names ("Tại KCN Đình Vũ, Công ty Ecovance …"); it is placed only where that text
  names one zone (``ZoneLocator``, handed in by the shell from the gazetteer), gets only the
  figures written there, and no countries (the article's list cannot be shared out).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from newswatch.core.article import Article
from newswatch.core.facts import Amount, Area, Zone
from newswatch.core.text import nfc
from search.projects.investors import investor_key, investor_name

_SPECIFIC_KINDS = ("KCN", "CCN")
_SENTENCE_END = re.compile(r"(?<=[.!?;])(?<!TP\.)(?<!Tp\.)(?<!Co\.)\s+(?=[^\s\d])|\n+")

ZoneLocator = Callable[[str], Sequence[Zone]]
"""The zones a piece of an article names (the gazetteer's matcher, which search cannot import)."""


@dataclass(frozen=True)
class Mention:
    """One article's evidence for one (investor, zone) project."""

    article_id: str
    story_id: str
    date: datetime  # published (else fetched), UTC: the date of every figure and event it gives
    source: str
    title: str
    url: str
    investor: str
    investor_key: str
    zone: Zone
    countries: tuple[str, ...]
    amounts: tuple[Amount, ...]
    """The figures this article gives this investor; the first is its headline figure."""
    area: Area | None
    events: tuple[str, ...]

    @property
    def figure(self) -> Amount | None:
        """The headline figure: the first named, or for a capital increase the largest (the
        new total: "adjusted up from $96.5 million to $170.2 million")."""
        if not self.amounts:
            return None
        if "capital_increase" in self.events:
            return max(self.amounts, key=lambda a: a.usd_max or 0.0)
        return self.amounts[0]


def project_zone(zones: tuple[Zone, ...]) -> Zone | None:
    """The one most specific zone named, or ``None`` when there is none or several."""
    specific = [z for z in zones if z.kind in _SPECIFIC_KINDS] or list(zones)
    names = [z.name for z in specific]
    narrowest = [
        z for z in specific if not any(o != z.name and o.startswith(z.name) for o in names)
    ]
    return narrowest[0] if len(narrowest) == 1 else None


def sentences(text: str) -> list[str]:
    """``text`` cut at sentence ends and line breaks (decimal points, "Co., Ltd" and "TP. Hải
    Phòng" stay whole)."""
    return [part for part in _SENTENCE_END.split(text) if part.strip()]


def _article_date(article: Article) -> datetime:
    when = article.published_at or article.fetched_at
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


def evidence(names: dict[str, str], text: str) -> dict[str, str]:
    """Each investor's own text (key → the pieces from each of its names to the next name of
    any investor or the sentence end, and a sentence's opening before its first name), for an
    article naming several."""
    found: dict[str, list[str]] = {key: [] for key in names}
    for sentence in sentences(text):
        starts = sorted(
            (match.start(), key)
            for key, raw in names.items()
            for match in re.finditer(re.escape(raw), sentence)
        )
        if not starts:
            continue
        found[starts[0][1]].append(sentence[: starts[0][0]])  # "Tại KCN X, công ty Y …"
        ends = [start for start, _ in starts[1:]] + [len(sentence)]
        for (start, key), end in zip(starts, ends, strict=True):
            found[key].append(sentence[start:end])
    return {key: "\n".join(parts) for key, parts in found.items()}


def _mention(
    article: Article,
    investor: tuple[str, str],
    zone: Zone,
    countries: tuple[str, ...],
    amounts: tuple[Amount, ...],
    areas: Sequence[Area],
) -> Mention:
    key, raw = investor
    return Mention(
        article_id=article.id,
        story_id=article.story_id or article.id,
        date=_article_date(article),
        source=article.source,
        title=article.title,
        url=article.url,
        investor=investor_name(raw),
        investor_key=key,
        zone=zone,
        countries=countries,
        amounts=amounts,
        area=areas[0] if areas else None,
        events=article.facts.events if article.facts else (),
    )


def investors_of(companies: Sequence[str]) -> dict[str, str]:
    """Normalised investor key → the first raw name written for it."""
    investors: dict[str, str] = {}
    for raw in companies:
        key = investor_key(raw)
        if key:
            investors.setdefault(key, raw)
    return investors


def mentions_of(article: Article, locate: ZoneLocator | None = None) -> list[Mention]:
    """Every (investor, zone) mention ``article``'s facts support; ``[]`` when it places none.
    Without ``locate`` an article naming several investors places none of them."""
    facts = article.facts
    if facts is None or not facts.zones:
        return []
    investors = investors_of(facts.companies)
    if len(investors) == 1:
        zone = project_zone(facts.zones)
        if zone is None:
            return []
        (investor,) = investors.items()
        return [_mention(article, investor, zone, facts.countries, facts.amounts, facts.areas)]
    if not investors or locate is None:
        return []
    text = nfc("\n".join((article.title, article.summary, article.text)))
    found = []
    for key, own in evidence(investors, text).items():
        named = {z.name for z in locate(own)}
        zone = project_zone(tuple(z for z in facts.zones if z.name in named))
        if zone is None:
            continue
        amounts = tuple(a for a in facts.amounts if a.text in own)
        areas = [a for a in facts.areas if a.text in own]
        found.append(_mention(article, (key, investors[key]), zone, (), amounts, areas))
    return found
