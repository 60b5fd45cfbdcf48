"""Real plans' incomplete tables: actions without an owner, a date or a status,
figures to be confirmed, dates to the month or year. Each is read, warned about once
(naming what is missing) and published, never a type error that blocks the build."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from plancopy import FIXTURES, copy_plan, edit

from cyp_cli.check import check_plan
from cyp_cli.model.load import load_plan
from cyp_cli.model.spec import PartialDate

MINI = FIXTURES / "build-mini"
HEALTH = "sections/02-health.md"


def partial_plan(dest: Path) -> Path:
    plan = copy_plan(MINI, dest)
    health = plan / HEALTH
    edit(health, '    baseline: {value: 93.4, period: "2009-10"}',
         "    baseline: {value: tbc, note: first survey in autumn 2011}")
    edit(health, "    partner: health-board\n    due: 2011-12-31\n    status: done\n", "")
    edit(plan / "plan.yaml", "when: 2010-12-02", "when: 2010-12")
    return plan


def codes(report: object) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in report.diagnostics]  # type: ignore[attr-defined]


def test_partial_items_are_one_warning_each_naming_what_is_missing(tmp_path: Path) -> None:
    report = check_plan(load_plan(partial_plan(tmp_path / "plan")))
    found = codes(report)
    assert [c for c, _ in found if c.startswith(("F", "A", "T", "P"))] == ["T009", "A004"]
    messages = dict(found)
    assert messages["A004"] == ("action 'mmr-catch-up' has no owner ('partner'), "
                                "date ('due') or 'status'")
    assert messages["T009"] == ("target 'mmr-by-two' has no baseline value, baseline "
                                "period yet (first survey in autumn 2011)")
    assert not any(d.level.value == "error" for d in report.diagnostics)


def test_month_and_year_dates_mean_by_the_end_of_them(tmp_path: Path) -> None:
    plan = load_plan(partial_plan(tmp_path / "plan")).plan
    when = plan.file.consultation[0].when
    assert isinstance(when, PartialDate)
    assert when == dt.date(2010, 12, 31) and str(when) == "2010-12"
    assert PartialDate(2012, precision="year").isoformat() == "2012"
    target = plan.targets[0]
    assert target.baseline.tbc and target.baseline.value is None
    assert target.missing == ["baseline value", "baseline period"]
    action = plan.actions[0]
    assert action.missing == ["partner", "due", "status"] and not action.complete


def test_a_wrong_value_is_one_finding_not_also_missing(tmp_path: Path) -> None:
    plan = copy_plan(MINI, tmp_path / "plan")
    edit(plan / "plan.yaml", "when: 2010-12-02", "when: last winter")
    edit(plan / HEALTH, "due: 2011-12-31", "due: soon")
    found = [c for c, _ in codes(check_plan(load_plan(plan)))]
    assert found.count("F004") == 2
    assert "P004" not in found and "A004" not in found


def test_consultation_draft_reports_statutory_gaps_as_warnings(tmp_path: Path) -> None:
    plan = copy_plan(MINI, tmp_path / "plan")
    edit(plan / "plan.yaml", "published: 2011-03-28",
         "status: consultation\nconsultation_closes: 2011-02-28")
    (plan / "sections/03-child-poverty.md").unlink()
    report = check_plan(load_plan(plan))
    statutory = [d for d in report.diagnostics if d.code == "S100"]
    assert statutory and all(d.level.value == "warning" for d in statutory)
    assert all("consultation draft" in d.message for d in statutory)
    edit(plan / "plan.yaml", "status: consultation", "status: final")
    final = check_plan(load_plan(plan))
    assert any(d.code == "S100" and d.level.value == "error" for d in final.diagnostics)


def test_consultation_draft_without_closing_date_is_named(tmp_path: Path) -> None:
    plan = copy_plan(MINI, tmp_path / "plan")
    edit(plan / "plan.yaml", "published: 2011-03-28", "status: consultation")
    assert "P007" in [c for c, _ in codes(check_plan(load_plan(plan)))]


@pytest.mark.parametrize("command", [["targets", "export"], ["lint"]])
def test_commands_read_a_partial_plan(tmp_path: Path, command: list[str]) -> None:
    plan = partial_plan(tmp_path / "plan")
    done = subprocess.run([sys.executable, "-m", "cyp_cli", *command, str(plan)],
                          capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr and done.returncode == 0, done.stderr


def test_a_plan_whose_actions_lack_dates_and_owners_builds(tmp_path: Path) -> None:
    plan = partial_plan(tmp_path / "plan")
    done = subprocess.run([sys.executable, "-m", "cyp_cli", "build", str(plan), "--format",
                           "html"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    page = (plan / "dist" / "plan.html").read_text(encoding="utf-8")
    assert "<td>to be confirmed</td>" in page and 'class="draft-banner"' not in page


def test_targets_register_exports_tbc_and_imports_back(tmp_path: Path) -> None:
    plan = partial_plan(tmp_path / "plan")
    run = [sys.executable, "-m", "cyp_cli", "targets"]
    out = subprocess.run([*run, "export", str(plan)], capture_output=True, text=True,
                         timeout=120)
    row = next(r for r in out.stdout.splitlines() if r.startswith("mmr-by-two,"))
    assert ",,tbc,2013-14," in row  # no baseline period, value to be confirmed
    (tmp_path / "register.csv").write_text(out.stdout, encoding="utf-8")
    back = subprocess.run([*run, "import", str(tmp_path / "register.csv"), str(plan)],
                          capture_output=True, text=True, timeout=120)
    assert back.returncode == 0, back.stderr
