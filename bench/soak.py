"""The long fault-injection soak: the seeded crawl-kill scenario of ``tests/faults`` run many
times (``--kills N``, default 30) at fresh random moments; prints kills tried, lost and
duplicated ids, and exits 1 on any loss, duplicate or failed integrity check.

    python -m bench.soak --kills 30 --seed 7
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from crawler.replay_config import replay_settings_for

from tests.faults.test_crawl_kills import SOURCE, crawl_argv, kill_then_finish, stored_ids
from tests.servers.child import REPO
from tests.servers.replay_server import default_sites_root, serve_sites


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    draw = random.Random(args.seed)
    sites = serve_sites(default_sites_root(), [SOURCE])
    lost = doubled = broken = 0
    try:
        with tempfile.TemporaryDirectory() as tmp:
            clean = replay_settings_for(sites, Path(tmp) / "clean", [SOURCE])
            (Path(tmp) / "clean").mkdir()
            argv, env = crawl_argv(clean, Path(tmp) / "clean")
            subprocess.run(argv, cwd=REPO, env=env, check=True, capture_output=True, timeout=300)
            reference = set(stored_ids(clean))
            for kill in range(args.kills):
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
                print(f"kill {kill + 1}/{args.kills} after {after:.2f} s: {len(ids)} stored")
    finally:
        sites.stop()
    print(
        f"kills tried {args.kills}, lost {lost}, duplicated {doubled}, integrity failures {broken}"
    )
    return 1 if lost or doubled or broken else 0


if __name__ == "__main__":
    sys.exit(main())
