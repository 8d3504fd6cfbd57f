"""Benchmarks: bulk indexing throughput and search latency, embedded store vs Elasticsearch."""
