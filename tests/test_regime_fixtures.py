"""A fixture plan per regime, each clean under its own regime, and the same plans
moved across the regimes' boundaries (by their period, or by --as-of inside it)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from plancopy import ENGLAND, EXAMPLE, FIXTURES, copy_plan, edit, report

from cyp_cli.check import Report, Selection, check_plan
from cyp_cli.diagnostics import Level
from cyp_cli.model.load import load_plan

ENGLAND_2006 = FIXTURES / "england-2006-plan"
ENGLAND_2010 = FIXTURES / "england-2010-plan"
WALES_2008 = FIXTURES / "wales-2008-plan"

REGIMES = {  # fixture -> the regime it is judged by
    ENGLAND_2006: "england-cypp-2005",
    ENGLAND_2010: "england-cypp-2010",
    ENGLAND: "england-voluntary-2010",
    WALES_2008: "wales-cypp-2008",
    EXAMPLE: "wales-cypp-2011",
}


def everything(root: Path, as_of: dt.date | None = None) -> Report:
    """Lint with every rule on, the advisory S300 too."""
    return check_plan(load_plan(root), Selection(["A", "C", "E", "F", "L", "M", "P", "S",
                                                  "T"]), as_of)


@pytest.mark.parametrize("root", list(REGIMES), ids=lambda p: p.name)
def test_each_fixture_is_clean_under_its_own_regime(root: Path) -> None:
    rep = report(root)
    assert rep.regime is not None and rep.regime.id == REGIMES[root]
    assert [str(d) for d in rep.diagnostics] == []
    assert rep.context is not None and rep.context.coverage  # something was checked


def test_a_2006_english_plan_is_judged_by_the_2005_regulations() -> None:
    rep = everything(ENGLAND_2006)
    assert rep.regime.id == "england-cypp-2005"
    line = rep.regime_line
    assert "2005 Regulations (2006-04-01 to 2010-03-31)" in line
    assert "built from secondary sources" in line
    sources = {r.requirement.source for r in rep.context.coverage}
    assert sources == {"regs-2005", "act-2004-notes"}
    # no finding, not even an advisory one, cites a 2010 duty
    assert not [d for d in rep.diagnostics if "2010" in d.message]


def test_moving_the_2006_plan_into_2010_applies_the_2010_duties(tmp_path: Path) -> None:
    plan = copy_plan(ENGLAND_2006, tmp_path / "plan")
    edit(plan / "plan.yaml", "  start: 2006-04-01", "  start: 2010-04-01")
    (plan / "sections/12-enjoy-and-achieve.md").unlink()
    rep = report(plan)
    assert rep.regime.id == "england-cypp-2010"
    assert {r.requirement.source for r in rep.context.coverage} == {
        "regs-2010", "guidance-2010"}
    errors = [d for d in rep.diagnostics if d.code == "S100"]
    assert errors and all(d.level is Level.ERROR for d in errors)
    assert {dict(d.data)["source"] for d in errors} <= {"regs-2010", "guidance-2010"}
    assert not [d for d in rep.diagnostics if "england.la-plan" in d.message]


def test_before_any_duty_a_plan_gets_a_sentence_not_failures(tmp_path: Path) -> None:
    plan = copy_plan(ENGLAND_2006, tmp_path / "plan")
    edit(plan / "plan.yaml", "  start: 2006-04-01", "  start: 2005-04-01")
    rep = report(plan)
    assert rep.regime.duty == "none"
    assert not [d for d in rep.diagnostics if d.code.startswith("S")]
    assert rep.context.coverage == []
    assert "no statutory checklist" in rep.regime_line
    done = subprocess.run([sys.executable, "-m", "cyp_cli", "lint", str(plan)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout
    assert "No Children and Young People's Plan was required in England" in done.stdout


def test_a_2010_plan_judged_after_revocation_is_voluntary(tmp_path: Path) -> None:
    plan = copy_plan(ENGLAND_2010, tmp_path / "plan")
    (plan / "sections/12-enjoy-and-achieve.md").unlink()
    during = report(plan, "S100")
    assert during.regime.id == "england-cypp-2010"
    assert during.diagnostics and all(d.level is Level.ERROR for d in during.diagnostics)
    # --as-of moves the day inside the plan's period, past the revocation
    later = report(plan, "S100", as_of=dt.date(2011, 1, 1))
    assert later.regime.id == "england-voluntary-2010"
    assert {d.message.split(":")[0] for d in later.diagnostics} == {
        d.message.split(":")[0] for d in during.diagnostics}
    assert all(d.level is Level.WARNING and "good practice" in d.message
               for d in later.diagnostics)
    edit(plan / "plan.yaml", "strict: false", "strict: true")
    assert all(d.level is Level.ERROR
               for d in report(plan, "S100", as_of=dt.date(2011, 1, 1)).diagnostics)


def test_as_of_outside_the_period_is_refused_with_the_reason() -> None:
    rep = report(ENGLAND, as_of=dt.date(2010, 6, 1))
    assert rep.as_of == dt.date(2011, 4, 1) and rep.as_of_refused is not None
    done = subprocess.run([sys.executable, "-m", "cyp_cli", "lint", str(ENGLAND),
                           "--as-of", "2010-06-01"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2
    assert "plan.yaml:" in done.stderr
    assert "outside the plan's period (2011-04-01 to 2014-03-31)" in done.stderr


def test_welsh_2008_plan_moved_to_2011_meets_the_guidance_too(tmp_path: Path) -> None:
    plan = copy_plan(WALES_2008, tmp_path / "plan")
    edit(plan / "plan.yaml", "  start: 2008-08-01\n  end: 2011-03-31",
         "  start: 2011-04-01\n  end: 2014-03-31")
    rep = report(plan)
    assert rep.regime.id == "wales-cypp-2011"
    sources = {dict(d.data)["source"] for d in rep.diagnostics if d.code.startswith("S")}
    assert {"guidance-2010", "measure-2010"} <= sources
    # every statutory finding names its source instrument in its message
    for d in rep.diagnostics:
        if d.code.startswith("S"):
            assert any(f"[{name}, " in d.message for name in (
                "2007 Regulations", "2010 guidance", "Children Act 2004 s.26",
                "Children and Families (Wales) Measure 2010")), d.message
    # the first plan's period (regulation 4(1)) no longer applies; 4(2)'s does
    ids = {r.requirement.id for r in rep.context.coverage}
    assert "wales.reg4.1" not in ids and "wales.reg4.2" in ids


def test_welsh_plans_outside_the_duty_get_a_sentence(tmp_path: Path) -> None:
    plan = copy_plan(WALES_2008, tmp_path / "plan")
    edit(plan / "plan.yaml", "  start: 2008-08-01\n  end: 2011-03-31",
         "  start: 2016-04-01\n  end: 2019-03-31")
    rep = report(plan)
    assert rep.regime.id == "wales-no-duty-2016"
    assert "ended on 31 March 2016" in rep.regime.statement
    assert not [d for d in rep.diagnostics if d.code.startswith("S")]
    edit(plan / "plan.yaml", "  start: 2016-04-01", "  start: 2007-04-01")
    assert report(plan).regime.id == "wales-before-2008"


def test_the_2007_regulations_consultees_are_checked(tmp_path: Path) -> None:
    plan = copy_plan(EXAMPLE, tmp_path / "plan")
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    start = text.index("  - consultee: sacre")
    end = text.index("  - consultee:", start + 5)
    (plan / "plan.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    (d,) = report(plan, "S").diagnostics
    assert dict(d.data) == {**dict(d.data), "requirement": "wales.reg7.n",
                            "source": "regs-2007"}
    assert d.level is Level.ERROR and "[2007 Regulations, Regulation 7]" in d.message


def test_a_dated_change_applies_from_its_date(tmp_path: Path) -> None:
    """Section 26(1B)(c) (the Mental Health Measure's scheme) is part of the plan from
    8 May 2012: a 2011-14 plan judged before then does not need it, after it does."""
    assert "wales.s26.1b.c" not in {r.requirement.id for r in report(EXAMPLE).context.coverage}
    later = report(EXAMPLE, as_of=dt.date(2012, 6, 1))
    (d,) = [d for d in later.diagnostics if d.code.startswith("S")]
    assert dict(d.data)["requirement"] == "wales.s26.1b.c"


def test_json_and_sarif_name_the_regime_its_dates_and_sources() -> None:
    import json

    from cyp_cli.formatters import json as json_format
    from cyp_cli.formatters import sarif

    rep = report(ENGLAND_2006)
    doc = json.loads(json_format.format([(rep, rep.diagnostics)]))["plans"][0]["regime"]
    assert (doc["id"], doc["from"], doc["until"], doc["duty"]) == (
        "england-cypp-2005", "2006-04-01", "2010-03-31", "statutory")
    assert doc["secondary_sources"] is True
    assert [(s["id"], s["text"], s["in_force"]) for s in doc["sources"]] == [
        ("act-2004-notes", "primary", True), ("regs-2005", "secondary", True)]
    run = json.loads(sarif.format([(rep, rep.diagnostics)]))["runs"][0]
    assert run["properties"]["plans"][0]["regime"] == doc
