"""Copies of fixture plans with small edits, and lint results as comparable strings.

Expected positions are found in the edited text (``line_of``), never copied from lint's
output, so a test fails if lint points at the wrong place.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

from cyp_cli.check import Selection, check_plan
from cyp_cli.model.load import load_plan

FIXTURES = Path(__file__).parent / "fixtures"
ENGLAND = FIXTURES / "england-plan"
EXAMPLE = Path(__file__).parent.parent / "example-plan"


def copy_plan(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("dist"))
    return dest


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")


def findings(root: Path, select: str = "", as_of: dt.date | None = None) -> list[str]:
    """``file:line CODE`` for every finding (all levels)."""
    selection = Selection(select.split(",") if select else [])
    report = check_plan(load_plan(root), selection, as_of)
    return [f"{d.file}:{d.line} {d.code}" for d in report.diagnostics]


def report(root: Path, select: str = "", as_of: dt.date | None = None):
    selection = Selection(select.split(",") if select else [])
    return check_plan(load_plan(root), selection, as_of)


def build(root: Path, out: Path, fmt: str, *extra: str) -> Path:
    """``cyp build ROOT --format FMT --out OUT`` in a real process; the file it wrote.
    For a bilingual plan (the example) that is the English edition: the Welsh ones are
    tested in test_editions*.py."""
    done = subprocess.run(
        [sys.executable, "-m", "cyp_cli", "build", str(root), "--format", fmt,
         "--out", str(out), *extra], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in done.stderr + done.stdout
    assert done.returncode == 0, done.stderr
    single = out / f"plan.{fmt}"
    return single if single.exists() else out / f"plan.en.{fmt}"


def outline_titles(plan: object, depth: int | None = None) -> list[str]:
    """The sections' headings as the built plan prints them ("5.1 Title", "Appendix
    A: Title"), in order; ``depth`` 1 or 2 keeps that level only."""
    out = []
    for e in plan.outline():  # type: ignore[attr-defined]
        if depth is not None and e.depth != depth:
            continue
        if e.appendix and e.depth == 1:
            out.append(f"Appendix {e.number}: {e.section.title}")
        else:
            out.append(f"{e.number} {e.section.title}")
    return out


def cyp(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m cyp_cli ARGS`` as a user runs it; never a traceback."""
    done = subprocess.run([sys.executable, "-m", "cyp_cli", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)
    assert "Traceback" not in done.stderr + done.stdout
    return done
