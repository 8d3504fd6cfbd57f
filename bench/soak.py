"""The long fault-injection soak: the seeded crawl-kill scenario of ``tests/faults`` run many
times (``--kills N``, default 30) at fresh random moments, then the alert-delivery kill
(``--delivery-kills N``, default 10); prints kills tried, lost and duplicated ids (for alerts:
copies beyond the documented one per kill), and exits 1 on any loss, duplicate beyond that
bound or failed integrity check.

    python -m bench.soak --kills 30 --delivery-kills 10 --seed 7
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.faults.test_crawl_kills import SOURCE, crawl_argv, kill_then_finish, stored_ids
from tests.faults.test_delivery_kills import ARTICLES, DELAY, kill_mid_delivery
from tests.servers.child import REPO
from tests.servers.replay_config import replay_settings_for
from tests.servers.replay_server import default_sites_root, serve_sites


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--delivery-kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    draw = random.Random(args.seed)
    failed = crawl_kills(args.kills, draw) + delivery_kills(args.delivery_kills, draw)
    return 1 if failed else 0


def crawl_kills(kills: int, draw: random.Random) -> int:
    """The crawl-kill soak; the number of losses, duplicates and integrity failures."""
    sites = serve_sites(default_sites_root(), [SOURCE])
    lost = doubled = broken = 0
    try:
        with tempfile.TemporaryDirectory() as tmp:
            clean = replay_settings_for(sites, Path(tmp) / "clean", [SOURCE])
            (Path(tmp) / "clean").mkdir()
            argv, env = crawl_argv(clean, Path(tmp) / "clean")
            subprocess.run(argv, cwd=REPO, env=env, check=True, capture_output=True, timeout=300)
            reference = set(stored_ids(clean))
            for kill in range(kills):
                work = Path(tmp) / f"kill-{kill}"
                settings = replay_settings_for(sites, work, [SOURCE])
                work.mkdir()
                after = draw.uniform(0.2, 10.0)
                kill_then_finish(settings, work, after)
                ids = stored_ids(settings)
                lost += len(reference - set(ids))
                doubled += len(ids) - len(set(ids))
                with sqlite3.connect(settings.storage.path) as db:
                    broken += db.execute("PRAGMA integrity_check").fetchone() != ("ok",)
                print(f"kill {kill + 1}/{kills} after {after:.2f} s: {len(ids)} stored")
    finally:
        sites.stop()
    print(f"kills tried {kills}, lost {lost}, duplicated {doubled}, integrity failures {broken}")
    return lost + doubled + broken


def delivery_kills(kills: int, draw: random.Random) -> int:
    """The delivery-kill soak; the number of lost alerts and copies beyond the bound."""
    lost = beyond = copies = 0
    with tempfile.TemporaryDirectory() as tmp:
        for kill in range(kills):
            work = Path(tmp) / f"delivery-{kill}"
            work.mkdir()
            after = draw.uniform(0.0, ARTICLES * DELAY)
            got = kill_mid_delivery(work, after)
            lost += got.lost
            copies += got.extra
            beyond += max(0, got.extra - 1) + (got.statuses != {"sent"})
            print(f"delivery kill {kill + 1}/{kills} after {after:.2f} s: {got.extra} extra")
    print(
        f"delivery kills tried {kills}, lost {lost}, extra copies {copies} (beyond bound {beyond})"
    )
    return lost + beyond


if __name__ == "__main__":
    sys.exit(main())
