"""`cyp targets export` / `import` round trip through a spreadsheet-shaped CSV."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

from plancopy import ENGLAND, copy_plan


def cyp(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "cyp_cli", *args], capture_output=True,
                          text=True, timeout=60)
    assert "Traceback" not in done.stdout + done.stderr
    return done


def test_export_fill_in_import(tmp_path: Path) -> None:
    plan = copy_plan(ENGLAND, tmp_path / "plan")
    sheet = tmp_path / "register.csv"
    assert cyp("targets", "export", str(plan), "--plain", "-o", str(sheet)).returncode == 0
    rows = list(csv.DictReader(io.StringIO(sheet.read_text(encoding="utf-8"))))
    blank = next(r for r in rows if r["target"] == "repeat-cp-plans" and not r["value"])
    blank["value"] = "13.9"
    with sheet.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    before = {p: p.read_bytes() for p in plan.rglob("*.md")}
    done = cyp("targets", "import", str(sheet), str(plan))
    assert done.returncode == 0, done.stderr
    assert "added 1 figure" in done.stderr
    written = (plan / "data/actuals.csv").read_text()
    assert f"repeat-cp-plans,{blank['period']},13.9" in written
    assert {p: p.read_bytes() for p in plan.rglob("*.md")} == before  # sections untouched
    assert cyp("lint", str(plan)).returncode == 0


def test_bad_import_writes_nothing(tmp_path: Path) -> None:
    plan = copy_plan(ENGLAND, tmp_path / "plan")
    sheet = tmp_path / "bad.csv"
    sheet.write_text("target,period,value,source\nrepeat-cp-plans,2011-12,13.2,x\n"
                     "no-such-target,2011-12,4,x\n")
    done = cyp("targets", "import", str(sheet), str(plan))
    assert done.returncode == 1
    assert f"{sheet}:3:" in done.stdout and "no-such-target" in done.stdout
    assert not (plan / "data/actuals.csv").exists()
