"""Regenerate the replay sites: ``.venv/bin/python -m tests.sites.generate`` from the repo root.

Writes tests/sites/<site>/{routes.json,expected.json,files/} from the story data in
_gen/stories/*.toml and the per-site templates in _gen/<site>.py. Commit the output. The sites
``newswatch demo`` ships are served from the package (newswatch/demo/sites/<site>/{routes.json,
files/}, their one home); only their expected.json stays here.
"""

from __future__ import annotations

from pathlib import Path

from newswatch.demo.server import demo_sites_root
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
        shipped = (demo_sites_root() / site.name / "routes.json").is_file()
        site.write(ROOT, demo_sites_root() if shipped else None)
        print(f"{site.name}: {len(site.routes)} routes, {len(site.files)} files")


if __name__ == "__main__":
    main()
