"""The public extraction benchmarks as committed fixtures: where they come from, how to read them.

Three sets, each stored gzipped under ``tests/fixtures/benchmarks/<name>/`` with a ``truth.json``
and a ``MANIFEST.md`` (origin repository, commit, licence):

- ``scrapinghub``: ScrapingHub's article-extraction-benchmark, all 181 pages (MIT).
- ``trafilatura``: a fixed sample of trafilatura's evaluation pages (``tests/evaldata.json``: chunks
  the body must and must not hold, plus title/author/date) (Apache-2.0).
- ``htmldate``: a fixed sample of htmldate's date evaluation pages (Apache-2.0).

The two large sets are sampled by a hash of the page URL, so the sample is the same on every
rebuild and unrelated to page content. ``python -m bench.public_data <mirror-root>`` rebuilds
the fixtures from local git mirrors of the three repositories. ``split`` puts each page in the
dev or holdout half by another fixed hash: tune on dev, report both.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "benchmarks"
SAMPLE_ONE_IN = {"trafilatura": 5, "htmldate": 6}  # ~190 and ~165 pages: a few MB gzipped
PUBLISHED_RUN = "trafilatura-2.0.0-output.json.gz"  # ScrapingHub's output/trafilatura.json
ORIGINS = {
    "scrapinghub": ("scrapinghub/article-extraction-benchmark", "MIT"),
    "trafilatura": ("adbar/trafilatura", "Apache-2.0"),
    "htmldate": ("adbar/htmldate", "Apache-2.0"),
}


@dataclass(frozen=True)
class BenchPage:
    """One benchmark page and what its authors say is on it."""

    key: str
    url: str
    html: bytes
    truth: dict[str, Any]

    @property
    def half(self) -> str:
        return split(self.key)


def _digest(text: str, salt: str) -> int:
    return int(hashlib.sha256(f"{salt}:{text}".encode()).hexdigest()[:8], 16)


def split(key: str) -> str:
    """ "dev" or "holdout", fixed by a hash of the page key (about half each)."""
    return "dev" if _digest(key, "split") % 2 == 0 else "holdout"


def available(name: str) -> bool:
    return (ROOT / name / "truth.json").is_file()


def pages(name: str) -> Iterator[BenchPage]:
    """The pages of one benchmark, in key order."""
    folder = ROOT / name
    truth: dict[str, dict[str, Any]] = json.loads((folder / "truth.json").read_text("utf-8"))
    for key in sorted(truth):
        item = truth[key]
        html = gzip.decompress((folder / "html" / f"{_stem(key)}.html.gz").read_bytes())
        yield BenchPage(key=key, url=item.get("url", key), html=html, truth=item)


def _stem(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def _git(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True).stdout


def _write(name: str, repo: Path, truth: dict[str, dict[str, Any]], files: dict[str, str]) -> None:
    """Store the pages (git paths in ``files``) and their truth, with a manifest."""
    folder = ROOT / name
    (folder / "html").mkdir(parents=True, exist_ok=True)
    for key, path in files.items():
        raw = _git(repo, "show", f"HEAD:{path}")
        html = gzip.decompress(raw) if path.endswith(".gz") else raw
        (folder / "html" / f"{_stem(key)}.html.gz").write_bytes(gzip.compress(html, mtime=0))
    (folder / "truth.json").write_text(
        json.dumps({k: truth[k] for k in files}, ensure_ascii=False, indent=1, sort_keys=True),
        "utf-8",
    )
    origin, licence = ORIGINS[name]
    commit = _git(repo, "rev-parse", "HEAD").decode().strip()
    date = _git(repo, "log", "-1", "--format=%cs").decode().strip()
    (folder / "MANIFEST.md").write_text(
        f"# {name} benchmark pages\n\n"
        f"- Origin: https://github.com/{origin} at commit {commit} ({date})\n"
        f"- Licence: {licence} (the upstream repository's licence; pages are the third-party web"
        " pages that project stores for evaluation)\n"
        f"- Pages: {len(files)}"
        + (
            f", every URL whose hash falls in 1 of {SAMPLE_ONE_IN[name]}"
            if name in SAMPLE_ONE_IN
            else ""
        )
        + "\n- Layout: `truth.json` maps each page key to its upstream ground-truth record"
        " (`url` added where the key is the URL); `html/<sha256(key)[:20]>.html.gz` is the page.\n"
        "- Built by `python -m bench.public_data <mirror-root>`.\n"
        + (
            f"- `{PUBLISHED_RUN}`: upstream `output/trafilatura.json`, the run behind the README"
            " table (F1 0.958, P 0.938, R 0.978, accuracy 0.293).\n"
            if name == "scrapinghub"
            else ""
        ),
        "utf-8",
    )


def _tree(repo: Path, folder: str) -> set[str]:
    return set(
        _git(repo, "ls-tree", "-r", "-z", "--name-only", "HEAD", folder).decode().split("\0")
    )


def _sampled(name: str, keys: list[str]) -> list[str]:
    return [k for k in keys if _digest(k, "sample") % SAMPLE_ONE_IN[name] == 0]


def build(mirrors: Path) -> None:
    """Rebuild all three sets from ``<mirrors>/<owner>+<name>/repo`` git directories."""
    sh = mirrors / "scrapinghub+article-extraction-benchmark" / "repo"
    truth = json.loads(_git(sh, "show", "HEAD:ground-truth.json"))
    _write("scrapinghub", sh, truth, {k: f"html/{k}.html.gz" for k in truth})
    # The benchmark's own published trafilatura 2.0.0 run: proves our scorer reproduces its table.
    (ROOT / "scrapinghub" / PUBLISHED_RUN).write_bytes(
        gzip.compress(_git(sh, "show", "HEAD:output/trafilatura.json"), mtime=0)
    )
    for name, spec in (
        ("trafilatura", "tests/evaldata.json"),
        ("htmldate", "tests/eval_default.json"),
    ):
        repo = mirrors / f"adbar+{name}" / "repo"
        truth = json.loads(_git(repo, "show", f"HEAD:{spec}"))
        stored = _tree(repo, "tests")
        found: dict[str, str] = {}
        for key in _sampled(name, sorted(truth)):
            for folder in ("tests/eval", "tests/cache", "tests/test_set"):
                if f"{folder}/{truth[key]['file']}" in stored:
                    found[key] = f"{folder}/{truth[key]['file']}"
                    break
        for key in found:
            truth[key]["url"] = key
        _write(name, repo, truth, found)


if __name__ == "__main__":
    build(Path(sys.argv[1]))
