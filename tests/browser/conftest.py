"""Playwright's ``expect`` waits 5 s by default; on a loaded machine one search against
Elasticsearch and its rendering can take longer, so the pages' assertions wait as long as their
``set_default_timeout`` actions do. A wrong answer still fails: it is never replaced by the
expected one. (A CI failure once blamed on this wait was a real race in the page, the late
source list resetting the form; see
``test_the_source_list_arriving_late_keeps_what_the_user_typed``.)"""

from playwright.sync_api import expect

expect.set_options(timeout=15_000)
