"""``python -m newswatch`` — same as the ``newswatch`` console script (used for child processes)."""

from newswatch.cli import app

app(prog_name="newswatch")
