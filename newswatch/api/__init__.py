"""The HTTP API and the built-in search page (``newswatch serve``)."""
