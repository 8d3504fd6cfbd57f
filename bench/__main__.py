"""``python -m bench [--articles N] [--index-docs N]``: run both benchmarks on a real server.

Starts the Elasticsearch test server like the tests do (or uses $NEWSWATCH_TEST_ES_URL).
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys

from bench import indexing, search_latency
from bench.report import save, table
from tests.servers.elasticsearch import running_elasticsearch


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--articles", type=int, default=100_000, help="corpus for latency")
    parser.add_argument("--index-docs", type=int, default=20_000, help="documents per bulk run")
    parser.add_argument("--queries", type=int, default=300, help="timed searches per backend")
    parser.add_argument(
        "--only", action="append", default=[], help="latency for matching backends only"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    # A plain SIGTERM would skip the finally that stops the Elasticsearch server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with running_elasticsearch() as url:
        bulk = indexing.run(url, args.index_docs)
        print(
            table(
                "bulk indexing (docs/s)",
                [
                    {
                        "writer": "bare, prebuilt docs",
                        "docs_per_s": bulk["bare_prebuilt_docs_per_s"],
                    },
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
        latency = search_latency.run(url, args.articles, args.queries, tuple(args.only))
        print(table(f"keyword + time-range search, {args.articles:,} articles", latency["results"]))
        print(f"→ {save('search-latency', latency)}")


if __name__ == "__main__":
    main()
