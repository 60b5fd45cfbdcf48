"""Each rule family on a copy of the England fixture with one deliberate fault.

The fixture lints clean (test_fixtures.py); every test here breaks one thing and
expects exactly the right code at the right line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from plancopy import ENGLAND, copy_plan, edit, findings, line_of, report

from cyp_cli.diagnostics import Level

ENGLAND_2010 = ENGLAND.parent / "england-2010-plan"  # judged while SI 2010/591 was in force
SAFE = "sections/11-stay-safe.md"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return copy_plan(ENGLAND, tmp_path / "plan")


def expect(plan: Path, rel: str, needle: str, code: str, select: str = "") -> None:
    want = f"{rel}:{line_of(plan / rel, needle)} {code}"
    got = findings(plan, select or code)
    assert want in got, got


CASES = [
    # (file, old, new, needle on the faulty line, code)
    (SAFE, "tier: [2, 3, 4]", "tier: [2, 3, 9]", "tier: [2, 3, 9]", "F008"),
    (SAFE, "responsible_partner: council", "responsible_partner: counsil",
     "responsible_partner", "F010"),
    (SAFE, "  - england.para5.22", "  - england.para5.99", "england.para5.99", "F011"),
    (SAFE, "id: lac-placement-stability", "id: repeat-cp-plans  # again",
     "# again", "F012"),
    (SAFE, "outcome: stay-safe", "outcome: stay-safe\ncore_aim: 3", "core_aim: 3", "F013"),
    (SAFE, 'target: {value: 11.0, period: "2013-14"}',
     'target: {value: 11.0, period: "2015-16"}', '"2015-16"', "T001"),
    (SAFE, 'baseline: {value: 16.4, period: "2009-10"}',
     'baseline: {value: 16.4, period: "2013-14"}', 'value: 16.4', "T002"),
    (SAFE, "target: {value: 11.0,", "target: {value: 18.0,", "direction: decrease", "T003"),
    (SAFE, '    source: "SSDA903 return"\n', "", "  - id: lac-placement-stability", "T004"),
    (SAFE, '{period: "2010-Q3", value: 15.1}', '{period: "2009-Q3", value: 15.1}',
     "2009-Q3", "T005"),
    (SAFE, '{period: "2010-Q3", value: 15.1}', '{period: "next year", value: 15.1}',
     "next year", "T008"),
    (SAFE, "due: 2011-10-31", "due: 2015-10-31", "due: 2015-10-31", "A001"),
    (SAFE, "status: in-progress", "status: dropped", "status: dropped", "A003"),
    (SAFE, "## Looked-after children", "#### Looked-after children",
     "#### Looked-after", "M001"),
    (SAFE, "## Looked-after children", "# Looked-after children", "# Looked-after", "M002"),
    (SAFE, "[needs assessment](01-needs-assessment.md#safeguarding-priorities)",
     "[](01-needs-assessment.md#safeguarding-priorities)", "[](01-needs", "M003"),
    (SAFE, "## Looked-after children", "## Looked-after children\n\n![](chart.png)",
     "![](chart.png)", "M004"),
    (SAFE, "## Looked-after children", "## Looked-after children\n\nTODO: add data",
     "TODO", "M005"),
    (SAFE, "## Looked-after children", "## Looked-after children\n\n<div>x</div>",
     "<div>", "M006"),
    (SAFE, "01-needs-assessment.md#safeguarding-priorities", "01-needs.md",
     "01-needs.md", "L001"),
    (SAFE, "01-needs-assessment.md#safeguarding-priorities",
     "01-needs-assessment.md#safeguarding", "#safeguarding)", "L002"),
    (SAFE, "01-needs-assessment.md#safeguarding-priorities", "javascript:alert(1)",
     "javascript", "L003"),
    (SAFE, "## Looked-after children", "## Looked-after children\n\n![A chart](c.png)",
     "![A chart]", "L004"),
    (SAFE, "tier: [2, 3, 4]", "tier: true", "tier: true", "F004"),
    (SAFE, "tier: [2, 3, 4]", "tier: [2, 3, 4]\ntier: 1", "tier: 1", "F002"),
    (SAFE, "tier: [2, 3, 4]", "teir: [2, 3, 4]", "teir", "F003"),
    (SAFE, "covers:\n", "covers: [england.reg4.2.e\n", "covers: [", "F001"),
    ("plan.yaml", "  end: 2014-03-31", "  end: 2010-03-31", "end: 2010-03-31", "P001"),
    ("plan.yaml", "published: 2011-03-30", "published: 2011-05-30", "published", "P003"),
]


@pytest.mark.parametrize(("rel", "old", "new", "needle", "code"), CASES,
                         ids=[c[4] for c in CASES])
def test_rule_points_at_the_fault(plan: Path, rel: str, old: str, new: str, needle: str,
                                  code: str) -> None:
    assert findings(plan, code) == []  # the fixture is clean for this code
    edit(plan / rel, old, new)
    expect(plan, rel, needle, code)


def test_overdue_actions_are_judged_as_of(plan: Path) -> None:
    assert "A002" not in " ".join(findings(plan, "A002"))
    late = findings(plan, "A002", as_of=dt.date(2012, 6, 30))
    assert f"{SAFE}:{line_of(plan / SAFE, 'status: in-progress')} A002" in late


def test_csv_actuals_conflict_and_unknown_target(plan: Path) -> None:
    (plan / "data").mkdir(exist_ok=True)
    (plan / "data/actuals.csv").write_text(
        "target,period,value,source\n"
        "repeat-cp-plans,2010-Q3,14.0,\n"      # disagrees with front matter (15.1)
        "repeat-cp-plans,2011-12,13.2,LA\n"    # new figure: merged
        "repeat-cp-plan,2011-12,13.2,LA\n"     # typo in the id
        "repeat-cp-plans,2012-13,thirteen,\n"  # not a number
    )
    got = findings(plan, "T006,T007")
    assert got == ["data/actuals.csv:2 T006", "data/actuals.csv:4 T007",
                   "data/actuals.csv:5 T007"]
    loaded = report(plan).plan
    (target,) = [t for t in loaded.targets if t.id == "repeat-cp-plans"]
    assert [(a.period, a.value) for a in target.actuals] == [("2010-Q3", 15.1),
                                                             ("2011-12", 13.2)]


def test_removing_an_outcome_is_a_statutory_error_when_in_force(tmp_path: Path) -> None:
    plan = copy_plan(ENGLAND_2010, tmp_path / "plan")
    (plan / "sections/12-enjoy-and-achieve.md").unlink()
    in_force = report(plan, "S100")
    (d,) = [d for d in in_force.diagnostics
            if dict(d.data).get("requirement") == "england.outcome.enjoy-and-achieve"]
    assert (d.file, d.line, d.level) == ("plan.yaml", line_of(plan / "plan.yaml",
                                                              "nation:"), Level.ERROR)
    assert "Regulation 3" in d.message


def test_a_voluntary_plan_reports_statutory_errors_as_warnings(plan: Path) -> None:
    (plan / "sections/12-enjoy-and-achieve.md").unlink()
    later = report(plan, "S100")  # a 2011-14 plan: made after the revocation
    assert later.regime.duty == "voluntary"
    assert later.diagnostics and all(d.level is Level.WARNING for d in later.diagnostics)
    assert "good practice" in later.diagnostics[0].message
    edit(plan / "plan.yaml", "strict: false", "strict: true")
    assert all(d.level is Level.ERROR for d in report(plan, "S100").diagnostics)


def test_consultee_requirement_points_at_consultation(tmp_path: Path) -> None:
    plan = copy_plan(ENGLAND_2010, tmp_path / "plan")
    text = (plan / "plan.yaml").read_text()
    start = text.index("  - consultee: lscb")
    end = text.index("  - consultee:", start + 5)
    (plan / "plan.yaml").write_text(text[:start] + text[end:])
    got = report(plan, "S100").diagnostics
    (d,) = [d for d in got if dict(d.data).get("requirement") == "england.reg7.e"]
    assert d.line == line_of(plan / "plan.yaml", "consultation:")


def test_ignore_takes_requirement_ids_and_per_file_globs(plan: Path) -> None:
    (plan / "sections/12-enjoy-and-achieve.md").unlink()
    edit(plan / "plan.yaml", "nation: england",
         "nation: england\nlint:\n  ignore: [england.outcome.enjoy-and-achieve]\n"
         "  per-file-ignores: {'sections/11-*.md': [T]}")
    edit(plan / SAFE, "target: {value: 11.0,", "target: {value: 18.0,")
    got = report(plan).diagnostics
    assert not [d for d in got if d.code.startswith("T")]
    assert not [d for d in got
                if dict(d.data).get("requirement") == "england.outcome.enjoy-and-achieve"]


def test_advisory_items_only_when_selected(plan: Path) -> None:
    assert not [d for d in report(plan).diagnostics if d.code == "S300"]
    advisory = [d for d in report(plan, "S300").diagnostics if d.code == "S300"]
    assert advisory and all(d.level is Level.INFO for d in advisory)
