"""``python -m bench [--only NAME …]``: run the benchmarks, print tables, save JSON.

``bulk`` and ``latency`` need Elasticsearch: the test server is started like the tests do (or
$NEWSWATCH_TEST_ES_URL is used), and only when one of them runs. ``extraction`` and ``crawl``
run on the replay sites alone; ``workers`` (1 vs 2 crawl workers on one Redis frontier) also
starts the PostgreSQL and Redis test servers.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from typing import Any

from bench import crawl, extraction, indexing, search_latency, workers
from bench.report import save, table
from tests.servers.elasticsearch import running_elasticsearch

ES_BENCHES = ("bulk", "latency")
LOCAL_BENCHES = ("extraction", "crawl", "workers")
BENCHES = (*ES_BENCHES, *LOCAL_BENCHES)


def _bulk(url: str, docs: int) -> None:
    bulk = indexing.run(url, docs)
    print(
        table(
            "bulk indexing (docs/s)",
            [
                {"writer": "bare, prebuilt docs", "docs_per_s": bulk["bare_prebuilt_docs_per_s"]},
                {"writer": "bare helpers.bulk", "docs_per_s": bulk["bare_docs_per_s"]},
                {"writer": "newswatch BulkIndexer", "docs_per_s": bulk["project_docs_per_s"]},
            ],
        )
    )
    verdict = "OK" if bulk["ratio"] >= bulk["target_ratio"] else "BELOW TARGET"
    print(
        f"ratio {bulk['ratio']:.3f} (target ≥ {bulk['target_ratio']}) {verdict}; "
        f"vs prebuilt {bulk['ratio_vs_prebuilt']:.3f}",
        flush=True,
    )
    print(f"→ {save('bulk-indexing', bulk)}\n", flush=True)


def _latency(url: str, articles: int, queries: int, backends: tuple[str, ...]) -> None:
    latency = search_latency.run(url, articles, queries, backends)
    print(table(f"keyword + time-range search, {articles:,} articles", latency["results"]))
    print(f"→ {save('search-latency', latency)}\n", flush=True)


def _extraction(rounds: int) -> None:
    result = extraction.run(rounds)
    title = f"extraction, {result['pages']} pages ({result['replay_pages']} from replay sites)"
    print(table(title, result["speed"]))
    print(f"ratio (ours / trafilatura) {result['ratio']:.3f}")
    print(table("quality on pages with known truth", result["quality"]))
    print(f"→ {save('extraction', result)}\n", flush=True)


def _crawl(rounds: int) -> None:
    result: dict[str, Any] = crawl.run(rounds)
    title = f"crawl of {len(result['sites'])} replay sites, {result['urls']} URLs"
    print(table(title, result["results"]))
    print(
        f"ratio (ours / bare Scrapy) wall {result['ratio_wall']:.3f}, "
        f"crawl span {result['ratio_crawl']:.3f}"
    )
    print(f"→ {save('crawl', result)}\n", flush=True)


def _workers(rounds: int) -> None:
    result: dict[str, Any] = workers.run(rounds)
    print(table("crawl workers on one Redis frontier (replay sites)", result["results"]))
    ratios = f"wall {result['ratio_wall']:.3f}, crawl span {result['ratio_crawl']:.3f}"
    print(f"ratio (2 / 1 workers) {ratios}")
    print(f"→ {save('workers', result)}\n", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--articles", type=int, default=100_000, help="corpus for latency")
    parser.add_argument("--index-docs", type=int, default=20_000, help="documents per bulk run")
    parser.add_argument("--queries", type=int, default=300, help="timed searches per backend")
    parser.add_argument("--extraction-rounds", type=int, default=5)
    parser.add_argument("--crawl-rounds", type=int, default=5)
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help=f"a benchmark ({', '.join(BENCHES)}; default all) or a word naming the backends "
        "latency runs for",
    )
    args = parser.parse_args()
    chosen = [word for word in args.only if word in BENCHES] or list(BENCHES)
    backends = tuple(word for word in args.only if word not in BENCHES)
    logging.basicConfig(level=logging.WARNING)
    # A plain SIGTERM would skip the finally that stops the Elasticsearch server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if "extraction" in chosen:
        _extraction(args.extraction_rounds)
    if "crawl" in chosen:
        _crawl(args.crawl_rounds)
    if "workers" in chosen:
        _workers(args.crawl_rounds)
    if not any(name in chosen for name in ES_BENCHES):
        return
    with running_elasticsearch() as url:
        if "bulk" in chosen:
            _bulk(url, args.index_docs)
        if "latency" in chosen:
            _latency(url, args.articles, args.queries, backends)


if __name__ == "__main__":
    main()
