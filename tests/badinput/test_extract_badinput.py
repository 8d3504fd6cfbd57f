"""Every bad-input file ends in its manifest's outcome, within the time and memory bound of
``run_extract``: an article with the expected title/text/date, or a rejection that says why;
never a crash, a stall or an invented date."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.badinput import generate
from tests.badinput.run_extract import AGO, SECONDS_PER_FILE

MANIFEST = json.loads((Path(__file__).parent / "manifest.json").read_text("utf-8"))
REPO = Path(__file__).parents[2]


pytestmark = pytest.mark.timeout(900)  # one subprocess for the whole corpus, on a shared CPU


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("badinput")
    assert generate.write(folder) == MANIFEST, "manifest.json is stale: run the generator"
    done = subprocess.run(
        [sys.executable, "-m", "tests.badinput.run_extract", str(folder)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    return {line["name"]: line for line in lines}


def test_the_corpus_has_at_least_fifty_cases() -> None:
    assert len(MANIFEST) >= 50


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_each_bad_input_ends_in_its_expected_outcome(
    results: dict[str, dict[str, Any]], name: str
) -> None:
    expected, found = MANIFEST[name], results[name]
    if "known_gap" in expected and found["seconds"] > SECONDS_PER_FILE:
        pytest.xfail(f"{expected['known_gap']} (took {found['seconds']:.0f} s)")
    assert found["seconds"] <= SECONDS_PER_FILE
    assert found["outcome"] == expected["outcome"], found
    if expected["outcome"] == "rejected":
        assert expected["says"] in found["says"]
        return
    if expected["title"] != "any":
        assert found["title"] == expected["title"]
    assert expected["text_has"] in found["text"]
    if expected["published"] != "any":
        assert found["published"] == (
            AGO if expected["published"] == "ago" else expected["published"]
        )
