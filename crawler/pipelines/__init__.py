"""Item pipelines, one stage per file, run in the order set in ``crawler.settings``:
extract (with normalise and the facts, in one call per page: ``page``) → filter → dedupe →
store.

Nothing is imported here: the extraction workers import ``page`` and ``normalise`` from this
package, and a package body that imported Scrapy and Twisted would cost each of them 21 MiB
(issue 14). The helper the stages share is ``awaitable``.
"""
