"""Playwright's ``expect`` waits 5 s by default. On a loaded machine one search against
Elasticsearch and its rendering took longer (a run failed with the previous search's hits still
shown, which is what the page shows while the next one is on its way), so the pages' assertions
wait as long as their ``set_default_timeout`` actions do. A wrong answer still fails: it is
never replaced by the expected one."""

from playwright.sync_api import expect

expect.set_options(timeout=15_000)
