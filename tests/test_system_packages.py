"""``make test`` installs the system packages its tests need, or says clearly what is missing:
``tests/servers/system_packages.sh`` run as a user who is neither root nor a sudoer, on a PATH
where none of the tools exist, names them and the apt-get line, and fails."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.servers.child import REPO
from tests.servers.elasticsearch import ES_USER, ensure_user

SCRIPT = REPO / "tests" / "servers" / "system_packages.sh"


@pytest.mark.skipif(shutil.which("runuser") is None, reason="needs runuser (util-linux)")
def test_without_root_or_sudo_the_missing_packages_are_named() -> None:
    ensure_user()
    folder = Path(tempfile.mkdtemp(prefix="newswatch-path-"))
    folder.chmod(0o755)  # the other user must read it (pytest's tmp_path is private to root)
    empty_path = folder / "bin"
    empty_path.mkdir(mode=0o755)
    for tool in ("bash", "id", "env"):  # what the script itself runs; nothing it looks for
        (empty_path / tool).symlink_to(shutil.which(tool) or f"/usr/bin/{tool}")
    done = subprocess.run(
        ["runuser", "-u", ES_USER, "--", "/usr/bin/env", f"PATH={empty_path}", "bash", str(SCRIPT)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    shutil.rmtree(folder)
    assert done.returncode == 1
    assert "missing system packages: chromium unzip maven" in done.stderr
    assert "install them as root: apt-get install --no-install-recommends chromium" in done.stderr


def test_make_test_runs_the_script_before_the_suite() -> None:
    recipe = subprocess.run(
        ["make", "-n", "test"], cwd=REPO, capture_output=True, text=True, timeout=30
    ).stdout
    assert "bash tests/servers/system_packages.sh" in recipe
    assert recipe.index("system_packages.sh") < recipe.index("pytest")
