"""Elasticsearch backend: mapping, bulk indexer, durable queue, migrations, Kibana objects."""
