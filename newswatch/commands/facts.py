"""``newswatch facts``: see which investment facts the extractor reads in a piece of text."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from crawler.facts import Facts, extract_facts


def _summary(facts: Facts) -> str:
    """One line per non-empty field, for people; ``--json`` is for programs."""
    data = facts.to_dict()
    lines = []
    for field, values in data.items():
        if not values:
            continue
        if field == "zones":
            shown = [f"{z['name']} ({z['kind']})" for z in values]
        elif field == "amounts":
            shown = [
                f"{a['text']} = {a['min']:,.0f}–{a['max']:,.0f} {a['currency']}" for a in values
            ]
        elif field == "areas":
            shown = [f"{a['text']} = {a['hectares']:g} ha" for a in values]
        else:
            shown = [str(v) for v in values]
        lines.append(f"{field}: " + "; ".join(shown))
    return "\n".join(lines) or "(no facts)"


def facts_command(
    texts: Annotated[
        list[str], typer.Argument(metavar="TEXT", help="Sentences or whole articles ('-': stdin).")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per TEXT, one per line.")
    ] = False,
) -> None:
    """Print the zones, amounts, areas, countries, companies and events found in each TEXT."""
    for index, text in enumerate(texts):
        facts = extract_facts(typer.get_text_stream("stdin").read() if text == "-" else text)
        if as_json:
            typer.echo(json.dumps(facts.to_dict(), ensure_ascii=False))
        else:
            typer.echo(("\n" if index else "") + _summary(facts))


def register(app: typer.Typer) -> None:
    """Add ``facts`` to ``app``."""
    app.command("facts")(facts_command)
