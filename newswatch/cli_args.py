"""Global options anywhere on the command line: ``newswatch search x --config f.toml`` is read
as ``newswatch --config f.toml search x`` (Click only takes a group's options before its
subcommand)."""

from __future__ import annotations

GLOBAL_VALUED = ("--config", "-c")
GLOBAL_FLAGS = ("--verbose", "-v")


def globals_first(args: list[str]) -> list[str]:
    """The global options moved to the front, in order; nothing after ``--`` is moved."""
    front: list[str] = []
    rest: list[str] = []
    position = 0
    while position < len(args):
        arg = args[position]
        if arg == "--":
            rest += args[position:]
            break
        if arg.split("=", 1)[0] in GLOBAL_VALUED and "=" in arg:
            front.append(arg)
        elif arg in GLOBAL_VALUED and position + 1 < len(args):
            front += args[position : position + 2]
            position += 1
        elif arg in GLOBAL_FLAGS:
            front.append(arg)
        else:
            rest.append(arg)
        position += 1
    return front + rest
