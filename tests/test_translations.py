"""Bilingual plans: missing, disagreeing and stale twins (E001-E003), and
``cyp translate-status``, with the stale case in a real temporary git repository."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from plancopy import ENGLAND, copy_plan, edit, findings, line_of

SAFE = "sections/11-stay-safe.md"
TWIN = "sections/11-stay-safe.cy.md"
GIT = ["git", "-c", "user.name=cyp", "-c", "user.email=cyp@example.invalid"]

TWIN_TEXT = """---
title: Cadw'n ddiogel
tier: [2, 3, 4]
targets:
  - id: repeat-cp-plans
    indicator: Cynlluniau amddiffyn plant sy'n dechrau o fewn dwy flynedd
    direction: decrease
    baseline: {value: 16.4, period: "2009-10"}
    target: {value: 11.0, period: "2013-14"}
---

## Trefniadau diogelu

Bydd partneriaid yn cadw plant yn ddiogel.
"""


# The twins' rules: the English fixture's data has no Welsh fields (E005), which is
# not what these tests are about.
TWIN_RULES = "E001,E002,E003,E004"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """The England fixture made bilingual for one section (the rules are the nation's
    data; twins work the same in any plan)."""
    root = copy_plan(ENGLAND, tmp_path / "plan")
    edit(root / "plan.yaml", "languages: [en]", "languages: [en, cy]")
    # The glossary's Welsh (E004) is not what these tests are about.
    yaml = (root / "plan.yaml").read_text(encoding="utf-8")
    (root / "plan.yaml").write_text(yaml.split("\nglossary:")[0] + "\n", encoding="utf-8")
    for p in (root / "sections").glob("*.md"):
        if p.name != "11-stay-safe.md":
            p.with_name(p.stem + ".cy.md").write_text(
                p.read_text(encoding="utf-8"), encoding="utf-8")
    (root / TWIN).write_text(TWIN_TEXT, encoding="utf-8")
    return root


def test_complete_twins_lint_clean(plan: Path) -> None:
    assert findings(plan, TWIN_RULES) == []


def test_missing_twin_names_the_source(plan: Path) -> None:
    (plan / TWIN).unlink()
    assert findings(plan, TWIN_RULES) == [f"{SAFE}:2 E001"]  # its front matter


def test_twin_disagreeing_names_the_twin_line(plan: Path) -> None:
    edit(plan / TWIN, "target: {value: 11.0,", "target: {value: 12.0,")
    edit(plan / TWIN, "tier: [2, 3, 4]", "tier: [2, 3]")
    got = findings(plan, TWIN_RULES)
    assert f"{TWIN}:{line_of(plan / TWIN, 'tier:')} E002" in got
    assert f"{TWIN}:{line_of(plan / TWIN, 'target: {value: 12.0')} E002" in got


def git(cwd: Path, *args: str, date: str = "2011-01-01T12:00:00") -> None:
    env = {"GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date, "PATH": "/usr/bin:/bin"}
    subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True, env=env)


def test_stale_twin_by_git_history(plan: Path) -> None:
    git(plan, "init", "-q")
    git(plan, "add", ".")
    git(plan, "commit", "-qm", "plan as translated")
    assert findings(plan, "E003") == []
    edit(plan / SAFE, "Partners will keep children safe", "Partners will keep every child safe")
    git(plan, "commit", "-qam", "English edited", date="2011-06-01T12:00:00")
    assert findings(plan, "E003") == [f"{TWIN}:2 E003"]
    done = subprocess.run([sys.executable, "-m", "cyp_cli", "translate-status", "--csv",
                           str(plan)], capture_output=True, text=True)
    assert done.returncode == 1
    rows = [r.split(",") for r in done.stdout.strip().splitlines()]
    assert rows[0][:3] == ["section", "language", "state"]
    states = {r[0]: r[2] for r in rows[1:]}
    assert states[SAFE] == "stale"
    assert set(states.values()) == {"stale", "current"}


def test_a_front_matter_only_change_keeps_the_twin_current(plan: Path) -> None:
    git(plan, "init", "-q")
    git(plan, "add", ".")
    git(plan, "commit", "-qm", "plan as translated")
    edit(plan / SAFE, "    source: \"SSDA903 return\"\n",
         "    source: \"SSDA903 return\"\n    source_cy: \"Ffurflen SSDA903\"\n")
    git(plan, "commit", "-qam", "Welsh source name", date="2011-06-01T12:00:00")
    assert findings(plan, "E003") == []
    edit(plan / SAFE, "Partners will keep children safe", "Partners keep children safe")
    git(plan, "commit", "-qam", "prose edited", date="2011-07-01T12:00:00")
    assert findings(plan, "E003") == [f"{TWIN}:2 E003"]


def test_history_is_asked_once_per_head(plan: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from cyp_cli import gitio
    from cyp_cli.model.load import load_plan
    from cyp_cli.translations import twin_states

    monkeypatch.setenv("CYP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CYP_NO_CACHE", raising=False)
    git(plan, "init", "-q")
    git(plan, "add", ".")
    git(plan, "commit", "-qm", "plan as translated")
    calls = []
    real = gitio.last_changes
    monkeypatch.setattr(gitio, "last_changes",
                        lambda files, top=None: calls.append(1) or real(files, top))
    first = [s.state for s in twin_states(load_plan(plan).plan)]
    again = [s.state for s in twin_states(load_plan(plan).plan)]
    assert first == again and len(calls) == 1  # the second run asked git nothing
    edit(plan / SAFE, "Partners will keep children safe", "Partners keep children safe")
    git(plan, "commit", "-qam", "prose edited", date="2011-07-01T12:00:00")
    assert "stale" in [s.state for s in twin_states(load_plan(plan).plan)]
    assert len(calls) == 2  # a new HEAD: history asked again


def test_history_is_asked_once_per_head_in_a_linked_worktree(
        plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worktree's ``.git`` is a file naming its git folder; HEAD is still read from
    files (not from git), so a second lint in a worktree runs no git either."""
    from cyp_cli import gitio
    from cyp_cli.model.load import load_plan
    from cyp_cli.translations import twin_states

    monkeypatch.setenv("CYP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CYP_NO_CACHE", raising=False)
    git(plan, "init", "-q")
    git(plan, "add", ".")
    git(plan, "commit", "-qm", "plan as translated")
    git(plan, "pack-refs", "--all")  # the branch's ref only in the shared packed-refs
    linked = tmp_path / "linked"
    git(plan, "worktree", "add", "-q", str(linked), "-b", "other")
    calls = []
    real = gitio.last_changes
    monkeypatch.setattr(gitio, "last_changes",
                        lambda files, top=None: calls.append(1) or real(files, top))
    first = [s.state for s in twin_states(load_plan(linked).plan)]
    again = [s.state for s in twin_states(load_plan(linked).plan)]
    assert first == again and len(calls) == 1
    edit(linked / SAFE, "Partners will keep children safe", "Partners keep children safe")
    git(linked, "commit", "-qam", "prose edited", date="2011-07-01T12:00:00")
    assert "stale" in [s.state for s in twin_states(load_plan(linked).plan)]
    assert len(calls) == 2

