"""Item pipelines, one stage per file, run in the order set in ``crawler.settings``:
normalise → filter → dedupe → store."""
