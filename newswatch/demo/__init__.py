"""``newswatch demo``: three bundled news sites replayed on 127.0.0.1, so the tour needs no
internet and works from an installed wheel (the test replay corpus stays in tests/sites)."""
