"""Rich consoles for the CLI: whole lines when the output is a pipe or a file.

Rich falls back to 80 columns when its stream is not a terminal, which folds table cells and
log lines mid-word in logs, CI output and ``| grep``; a generous width keeps each row one line.
"""

from __future__ import annotations

import sys

from rich.console import Console

PIPE_WIDTH = 400


def console(*, stderr: bool = False) -> Console:
    """A console on stdout (results) or stderr (progress, errors), terminal-aware."""
    stream = sys.stderr if stderr else sys.stdout
    return Console(stderr=stderr, width=None if stream.isatty() else PIPE_WIDTH)
