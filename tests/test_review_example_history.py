"""scripts/make-example-history.py: a two-commit history that cyp review can read."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from test_review_fixtures import action, git, section, status, target, write_plan

from cyp_cli import gitio
from cyp_cli.review import Review, compare

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "make-example-history.py"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True,
                          text=True, check=False)


def _check_history(dest: Path, plan_name: str) -> Review:
    assert git(dest, "tag") == "v2011"
    assert git(dest, "rev-list", "--count", "HEAD") == "2"
    assert status(dest) == ""
    plan = dest / plan_name
    assert gitio.default_from(plan) == "v2011"
    old = gitio.read_revision(plan, "v2011")
    new = gitio.read_revision(plan, "HEAD")
    assert not [d for d in old.loaded.diagnostics + new.loaded.diagnostics
                if d.level.value == "error"]
    r = compare(old.plan, new.plan, as_of=dt.date(2012, 5, 1))
    [moved] = r.moved
    [change] = moved.changes
    assert change.field == "target.value" and change.easier is True
    done = [a for p in r.actions for a in p.actions if a.status_changed]
    assert [(a.old_status, a.status) for a in done] in ([("in-progress", "done")],
                                                        [("planned", "done")])
    [changed] = r.sections_changed
    assert changed.inserted > 0
    assert not r.sections_added and not r.sections_removed
    return r


def test_tiny_plan_history(tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "src" / "tiny-plan", {
        "10-a": section("A", targets=[target("t1", actuals=[("2010-11", 52)])],
                        actions=[action("a1", status="in-progress")],
                        body="First sentence here. Second sentence here.\n\nMore.\n"),
    }, actuals_csv="target,period,value,source\nt1,2011-12,55,Survey\n")
    dest = tmp_path / "history"
    result = _run(str(dest), "--plan", str(plan))
    assert result.returncode == 0, result.stderr
    assert "target 't1' moved from 60 to 55.0" in result.stdout
    r = _check_history(dest, "tiny-plan")
    t1 = r.target("t1")
    assert [a.period for a in t1.actuals] == ["2010-11", "2011-12"]
    assert ("delete", " Second sentence here.") in r.sections_changed[0].runs
    # The old version had no 2011-12 figure: the CSV rows arrived in commit 2.
    assert "2011-12" not in git(dest, "show", "v2011:tiny-plan/data/actuals.csv")
    # The source plan was only read.
    assert (plan / "data" / "actuals.csv").read_text().count("\n") == 2


@pytest.mark.skipif(not (ROOT / "example-plan" / "plan.yaml").is_file(),
                    reason="example-plan not present")
def test_example_plan_history(tmp_path: Path) -> None:
    dest = tmp_path / "history"
    result = _run(str(dest))
    assert result.returncode == 0, result.stderr
    _check_history(dest, "example-plan")
    assert not (dest / "example-plan" / "dist").exists()


def test_refuses_a_non_empty_destination(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("keep me")
    result = _run(str(tmp_path))
    assert result.returncode != 0 and "is not empty" in result.stderr
    assert (tmp_path / "x").read_text() == "keep me"
