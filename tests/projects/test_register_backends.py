"""Both backends give the register the articles themselves give, and a corrected amount (a newer
version of the same article) replaces the old figure in it; through a real store each time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.facts.article import with_facts
from newswatch.core.settings import Settings
from newswatch.projects import service
from newswatch.projects.corrections_db import CorrectionStore
from newswatch.projects.shape import project_dict
from newswatch.projects.zones import locate_zones
from search.backend import Backend
from search.factory import open_backend
from search.projects import register_of
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
    expected = [project_dict(p, tz) for p in register_of(articles, locate_zones).projects()]
    view = service.compute(backend, CorrectionStore(tmp_path / "projects.db"))
    assert [project_dict(p, tz) for p in view.projects] == expected
    assert len(expected) >= 5


def test_a_corrected_amount_replaces_the_figure_not_adds_to_it(
    store: tuple[Backend, Settings], tmp_path: Path
) -> None:
    backend, _ = store
    (a1,) = [a for a in page_articles() if a.id == "A1"]
    backend.upsert([a1])
    corrections = CorrectionStore(tmp_path / "projects.db")
    (before,) = service.compute(backend, corrections).projects
    assert before.capital_usd == 500e6
    fixed = with_facts(
        a1.model_copy(update={"text": a1.text.replace("500 triệu USD", "550 triệu USD")})
    )
    assert backend.upsert([fixed]).updated == 1
    (after,) = service.compute(backend, corrections).projects
    assert after.id == before.id
    assert [f.amount.usd_max for f in after.history] == [550e6]
    assert after.capital_usd == 550e6
