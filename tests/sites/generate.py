"""Regenerate the replay sites: ``.venv/bin/python -m tests.sites.generate`` from the repo root.

Writes tests/sites/<site>/{routes.json,expected.json,files/} from the story data in
_gen/stories/*.toml and the per-site templates in _gen/<site>.py. Commit the output.
"""

from __future__ import annotations

from pathlib import Path

from tests.sites._gen import (
    baochinhphu,
    baodautu,
    baohaiphong,
    cafef,
    haiphong_gov,
    heza,
    vietnamplus,
    vir,
    vneconomy,
    vnexpress,
)

ROOT = Path(__file__).parent
BUILDERS = (vnexpress, baohaiphong, baodautu, vir, heza, haiphong_gov, vneconomy, cafef,
            vietnamplus, baochinhphu)


def main() -> None:
    for module in BUILDERS:
        site = module.build()
        site.write(ROOT)
        print(f"{site.name}: {len(site.routes)} routes, {len(site.files)} files")


if __name__ == "__main__":
    main()
