"""Both backends give the register the articles themselves give, and a corrected amount (a newer
version of the same article) replaces the old figure in it; through a real store each time.
The register is incremental: a refresh places only new and changed articles, a second process
takes every unchanged article from the cache file, an article gone from the store leaves it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from crawler.facts.article import with_facts
from newswatch.core.settings import Settings
from newswatch.projects import service
from newswatch.projects.cache import MentionCache
from newswatch.projects.corrections_db import CorrectionStore
from newswatch.projects.live import LiveRegister
from newswatch.projects.shape import project_dict
from newswatch.projects.zones import locate_zones
from search.backend import Backend
from search.factory import open_backend
from search.projects import register_of
from search.sqlite.store import SqliteBackend
from tests.projects.pages import page_articles
from tests.servers.backends import BACKENDS, backend_settings, drop_elasticsearch_store


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Backend, Settings]]:
    settings = backend_settings(request.param, request, tmp_path)
    backend = open_backend(settings)
    backend.ensure_ready()
    yield backend, settings
    backend.close()
    if settings.storage.backend == "elasticsearch":
        drop_elasticsearch_store(settings.storage)


def test_the_store_gives_the_register_of_its_articles(
    store: tuple[Backend, Settings], tmp_path: Path
) -> None:
    backend, settings = store
    articles = page_articles()
    assert backend.upsert(articles).new == len(articles)
    tz = settings.crawl.tz
    stored = [backend.get(a.id) for a in articles]  # as filed: the store assigns their stories
    assert all(a is not None and a.story_id for a in stored)
    expected = [project_dict(p, tz) for p in register_of(stored, locate_zones).projects()]  # type: ignore[arg-type]
    view = service.compute(backend, CorrectionStore(tmp_path / "projects.db"), _live(tmp_path))
    assert [project_dict(p, tz) for p in view.projects] == expected
    assert len(expected) >= 5
    # A1 (kinhtetieudung) and A4 (bizhub, English) report the same licence handover to SK for
    # 500 million USD on the same day (read): one story, one line of the entry's history.
    (ecovance,) = [p for p in expected if any(a["id"] == "A1" for a in p["articles"])]
    (licence,) = [f for f in ecovance["capital_history"] if "A1" in f["articles"]]
    assert "A4" in licence["articles"]


@pytest.mark.elasticsearch
def test_both_backends_give_the_same_register(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """The same pages through SQLite and real Elasticsearch: the same entries, figures and
    stories (story ids are each store's own, so they are compared as groupings)."""
    registers = []
    for kind in ("sqlite", "elasticsearch"):
        settings = backend_settings(kind, request, tmp_path / kind)
        backend = open_backend(settings)
        backend.ensure_ready()
        try:
            backend.upsert(page_articles())
            live = _live(tmp_path / kind)
            view = service.compute(backend, CorrectionStore(tmp_path / kind / "p.db"), live)
            registers.append(
                [_comparable(project_dict(p, settings.crawl.tz)) for p in view.projects]
            )
        finally:
            backend.close()
            if kind == "elasticsearch":
                drop_elasticsearch_store(settings.storage)
    assert registers[0] == registers[-1] and len(registers[0]) >= 5


def _comparable(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry with each story named by its sorted articles, not by its store's id."""
    members: dict[str, list[str]] = {}
    for article in entry["articles"]:
        members.setdefault(article["story_id"], []).append(article["id"])
    name = {story: "+".join(sorted(ids)) for story, ids in members.items()}
    for article in entry["articles"]:
        article["story_id"] = name[article["story_id"]]
    entry["stories"] = sorted(name[s] for s in entry["stories"])
    return entry


def _live(tmp_path: Path) -> LiveRegister:
    return LiveRegister(MentionCache(tmp_path / "projects-cache.db"))


def test_a_refresh_places_only_new_and_changed_articles_and_a_new_process_none(
    store: tuple[Backend, Settings], tmp_path: Path
) -> None:
    backend, settings = store
    articles = page_articles()
    first, later = articles[:-3], articles[-3:]
    backend.upsert(first)
    live = _live(tmp_path)
    assert live.refresh(backend).placed == len(first)
    assert live.refresh(backend).placed == 0  # nothing changed: nothing placed, nothing read
    backend.upsert(later)
    assert live.refresh(backend).placed == len(later)
    (a1,) = [a for a in articles if a.id == "A1"]
    backend.upsert([with_facts(a1.model_copy(update={"text": a1.text + "\nThêm một câu."}))])
    assert live.refresh(backend).placed == 1
    again = _live(tmp_path)  # another process: the same register, all from the cache file
    done = again.refresh(backend)
    assert (done.placed, done.cached) == (0, len(articles))
    tz = settings.crawl.tz
    assert [project_dict(p, tz) for p in again.projects()] == [
        project_dict(p, tz) for p in live.projects()
    ]


def test_between_sweeps_new_articles_are_seen_at_once_edits_at_the_next_sweep(
    store: tuple[Backend, Settings], tmp_path: Path
) -> None:
    backend, _ = store
    articles = page_articles()
    (h2,) = [a for a in articles if a.id == "H2"]
    backend.upsert([a for a in articles if a.id != "H2"])
    live = _live(tmp_path)
    assert live.refresh(backend, sweep_every=3600).swept
    backend.upsert([h2])
    done = live.refresh(backend, sweep_every=3600)
    assert (done.swept, done.placed) == (False, 1)  # only what was stored after: H2
    assert "H2" in {a for p in live.projects() for a in p.article_ids}
    (a1,) = [a for a in articles if a.id == "A1"]
    fixed = a1.model_copy(update={"text": a1.text.replace("500 triệu USD", "550 triệu USD")})
    backend.upsert([with_facts(fixed)])
    assert live.refresh(backend, sweep_every=3600).placed == 0  # an edit keeps its place
    done = live.refresh(backend, sweep_every=0)
    assert (done.swept, done.placed) == (True, 1)
    (ecovance,) = [p for p in live.projects() if "A1" in p.article_ids]
    assert 550e6 in [f.amount.usd_max for f in ecovance.history]


def test_an_article_gone_from_the_store_leaves_the_register(tmp_path: Path) -> None:
    """No backend deletes yet: two real SQLite stores, the second one without H2, read in turn
    through the same register."""
    articles = page_articles()
    fuller, smaller = (SqliteBackend(tmp_path / name, ZoneInfo("UTC")) for name in ("a", "b"))
    fuller.upsert(articles)
    smaller.upsert([a for a in articles if a.id != "H2"])  # Chilisin and Emergent: H2 alone
    live = _live(tmp_path)
    live.refresh(fuller)
    assert "H2" in {a for p in live.projects() for a in p.article_ids}
    done = live.refresh(smaller)
    assert (done.placed, done.removed) == (0, 1)
    assert "H2" not in {a for p in live.projects() for a in p.article_ids}
    assert "H2" not in MentionCache(tmp_path / "projects-cache.db").load()
    fuller.close()
    smaller.close()


def test_a_corrected_amount_replaces_the_figure_not_adds_to_it(
    store: tuple[Backend, Settings], tmp_path: Path
) -> None:
    backend, _ = store
    (a1,) = [a for a in page_articles() if a.id == "A1"]
    backend.upsert([a1])
    corrections = CorrectionStore(tmp_path / "projects.db")
    live = _live(tmp_path)
    (before,) = service.compute(backend, corrections, live).projects
    assert before.capital_usd == 500e6
    fixed = with_facts(
        a1.model_copy(update={"text": a1.text.replace("500 triệu USD", "550 triệu USD")})
    )
    assert backend.upsert([fixed]).updated == 1
    (after,) = service.compute(backend, corrections, live).projects
    assert after.id == before.id
    assert [f.amount.usd_max for f in after.history] == [550e6]
    assert after.capital_usd == 550e6
