"""A rule as an Atom feed (RFC 4287): its newest matching articles, for any feed reader.

The document is a pure function of the rule and its articles (no "now" inside), so the same
store gives the same bytes and the API can answer conditional GETs with an ETag over them.
Ids are ``urn:uuid`` names derived from the article id (UUID version 5): a reader that saw an
entry once never sees it again as new, whatever the feed's URL or host.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from urllib.parse import urlencode

from feedgen.feed import FeedGenerator

from newswatch.alerts.delivery import AlertArticle, facts_line, plain_snippet
from newswatch.alerts.rules import AlertRule
from newswatch.core.article import Article
from newswatch.core.settings import Settings
from search.backend import Backend, SearchRequest

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://newswatch.invalid/atom")
"""Fixed forever: changing it would make every reader see every entry again as new."""
SUMMARY_CHARS = 400
SCHEME = "urn:newswatch:"
"""Category schemes: ``urn:newswatch:source``, ``…:zone``, ``…:country``, ``…:event``."""


@dataclass(frozen=True)
class FeedItem:
    """One entry: the stored article (summary, dates) and its search hit's facts."""

    article: Article
    matched: AlertArticle

    @property
    def updated(self) -> datetime:
        """When it last changed as far as we know: edited, else published, else fetched."""
        article = self.article
        return article.modified_at or article.published_at or article.fetched_at


def feed_key(settings: Settings, rule: str) -> str | None:
    """The key that opens one rule's feed and nothing else (``None``: no API key is set).

    An HMAC of the rule's name under the API key: it can be handed to a feed reader (which
    can only put it in the URL) without handing over the key that writes; nothing is stored,
    and changing the API key changes every feed key.
    """
    configured = settings.api.api_key
    if configured is None:
        return None
    secret = configured.get_secret_value().encode("utf-8")
    message = b"newswatch-feed\0" + rule.encode("utf-8")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


def feed_path(settings: Settings, rule: AlertRule) -> str:
    """The feed's path and query as a reader needs it: with the key unless the rule is public."""
    path = f"/feeds/{rule.name}.atom"
    key = None if rule.public_feed else feed_key(settings, rule.name)
    return f"{path}?key={key}" if key else path


def entry_id(article_id: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, 'article:' + article_id)}"


def feed_id(rule_name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, 'rule:' + rule_name)}"


def feed_request(rule: AlertRule, limit: int) -> SearchRequest:
    """The rule as a search for its newest matches: query, sources and fact filters as in
    alert evaluation; ``max_age_days`` is left out (a feed shows the latest, however old)."""
    return SearchRequest(
        query=rule.query,
        sources=tuple(rule.sources),
        sort="date",
        size=limit,
        **asdict(rule.fact_filters()),
    )


def newest_items(backend: Backend, rule: AlertRule, limit: int) -> list[FeedItem]:
    """The rule's ``limit`` newest matches, each with its stored article (one deleted since the
    search is left out)."""
    items = []
    for hit in backend.search(feed_request(rule, limit)).hits:
        article = backend.get(hit.id)
        if article is not None:
            items.append(FeedItem(article, AlertArticle.from_hit(hit)))
    return items


def summary_text(item: FeedItem) -> str:
    """The article's lead (else the search snippet), then its facts line, as plain text."""
    lead = item.article.summary.strip() or plain_snippet(item.matched.snippet, mark="")
    if len(lead) > SUMMARY_CHARS:
        lead = lead[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"
    facts = facts_line(item.matched)
    return f"{lead}\n\n{facts}" if facts else lead


def feed_updated(rule: AlertRule, items: list[FeedItem]) -> datetime:
    """The newest entry's time; an empty feed changed last when its rule was made."""
    return max((item.updated for item in items), default=rule.created_at)


def _categories(item: FeedItem) -> list[dict[str, str]]:
    terms = [("source", item.article.source)]
    facts = item.matched.facts
    if facts is not None:
        terms += [("zone", zone.name) for zone in facts.zones]
        terms += [("country", code) for code in facts.countries]
        terms += [("event", event) for event in facts.events]
    return [{"term": term, "scheme": SCHEME + kind} for kind, term in dict.fromkeys(terms)]


def _add_entry(feed: FeedGenerator, item: FeedItem) -> None:
    article = item.article
    entry = feed.add_entry(order="append")
    entry.id(entry_id(article.id))
    entry.title(article.title)
    # The canonical address: no tracking parameters, the same for every reader.
    entry.link(href=article.canonical_url or article.url, rel="alternate")
    entry.summary(summary_text(item))
    entry.updated(item.updated)
    if article.published_at is not None:
        entry.published(article.published_at)
    entry.author([{"name": name} for name in article.authors or [article.source]])
    entry.category(_categories(item))


def render(rule: AlertRule, items: list[FeedItem], self_url: str, page_url: str) -> bytes:
    """The Atom document, UTF-8. ``self_url`` is the feed's own address (without its key);
    ``page_url`` the search page, to which the rule's query is added."""
    feed = FeedGenerator()
    feed.id(feed_id(rule.name))
    feed.title(f"newswatch — {rule.name}")
    feed.subtitle(_describe(rule))
    feed.author({"name": "newswatch"})
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    alternate = f"{page_url}?{urlencode({'q': rule.query})}" if rule.query else page_url
    feed.link(href=alternate, rel="alternate", type="text/html")
    feed.updated(feed_updated(rule, items))
    for item in items:
        _add_entry(feed, item)
    document: bytes = feed.atom_str(pretty=True)
    return document


def _describe(rule: AlertRule) -> str:
    """What the rule watches, in the words a reader typed (query, then its filters)."""
    parts = [f"«{rule.query}»"] if rule.query else []
    for label, values in (
        ("nguồn", rule.sources),
        ("khu", rule.zones),
        ("nhà đầu tư từ", rule.countries),
        ("sự kiện", rule.events),
    ):
        if values:
            parts.append(f"{label}: {', '.join(values)}")
    if rule.min_usd is not None:
        parts.append(f"từ {rule.min_usd:,.0f} USD")
    return "Bài mới khớp " + " · ".join(parts)
