"""Facts of a whole article: the one place that says which text they come from and when stored
facts are stale, shared by the crawl pipeline, ``newswatch index refacts`` and the benchmark."""

from __future__ import annotations

from crawler.facts import extract_facts, facts_version
from newswatch.core.article import Article


def facts_input(article: Article) -> str:
    """Title, lead and body, one per line: the input ``extract_facts`` is tuned for."""
    return "\n".join(part for part in (article.title, article.summary, article.text) if part)


def with_facts(article: Article) -> Article:
    """``article`` carrying the facts of its text and the version of the data behind them."""
    facts = extract_facts(facts_input(article))
    return article.model_copy(update={"facts": facts, "facts_version": facts_version()})


def stale_facts(article: Article) -> bool:
    """Never computed, or computed with an older gazetteer or event cue list."""
    return article.facts is None or article.facts_version != facts_version()
