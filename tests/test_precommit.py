"""The hook as plan repositories use it: pre-commit itself, in a real temporary git
repository, running this repository's `.pre-commit-hooks.yaml` (via `try-repo`, which
also picks up uncommitted changes to this checkout)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from plancopy import ENGLAND, edit

REPO = Path(__file__).resolve().parent.parent
GIT = ["git", "-c", "user.name=cyp", "-c", "user.email=cyp@example.invalid"]

pytestmark = [pytest.mark.slow, pytest.mark.precommit]


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def test_pre_commit_hook_blocks_a_bad_section(tmp_path: Path) -> None:
    work = tmp_path / "council-plans"
    shutil.copytree(ENGLAND, work / "cypp")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache")}
    assert run([*GIT, "init", "-q"], work, env).returncode == 0
    assert run([*GIT, "add", "."], work, env).returncode == 0
    pre_commit = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "cyp-lint"]

    ok = run([*pre_commit, "--all-files"], work, env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "cyp lint" in ok.stdout and "Passed" in ok.stdout

    edit(work / "cypp/sections/11-stay-safe.md", "tier: [2, 3, 4]", "tier: two")
    run([*GIT, "add", "."], work, env)
    bad = run([*pre_commit, "--files", "cypp/sections/11-stay-safe.md"], work, env)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "cypp/sections/11-stay-safe.md:6:7: F008" in bad.stdout
    assert "allowed: 1, 2, 3, 4" in bad.stdout
    assert "Traceback" not in bad.stdout + bad.stderr
