"""The parts of the command line that explain coverage: ``cyp lint --coverage`` (text
and JSON) prints the evidence, ``cyp explain`` fits the plan's nation, and vocabulary
errors list the allowed values with the nearest, ignoring case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from plancopy import ENGLAND, EXAMPLE, copy_plan, cyp, edit, line_of


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return copy_plan(ENGLAND, tmp_path / "plan")


def test_coverage_prints_the_evidence_with_file_and_line(plan: Path) -> None:
    safe = plan / "sections/11-stay-safe.md"
    text = cyp("lint", "--coverage", str(plan)).stdout
    first = next(n for n, line in enumerate(safe.read_text().split("\n"), start=1)
                 if line and line[0].isalpha() and n > 5 and not line.startswith(
                     ("title", "order", "outcome", "tier", "children", "responsible",
                      "groups", "uncrc", "covers", "targets", "actions")))
    assert f"section      sections/11-stay-safe.md:{first}" in text
    table = json.loads(cyp("lint", "--coverage", "-f", "json", str(plan)).stdout)
    row = next(r for r in table if r["id"] == "england.reg4.1.b.looked-after")
    assert row["met"] and row["evidence"]
    for e in row["evidence"]:
        assert e["kind"] == "action"
        lines = (plan / e["file"]).read_text().split("\n")
        assert lines[e["line"] - 1].lstrip().startswith("- id:")


def test_an_unmet_requirement_says_what_is_missing(plan: Path) -> None:
    edit(plan / "plan.yaml", "consultee: children-with-sen-or-disabilities",
         "consultee: children-young-people-families")
    done = cyp("lint", str(plan))
    assert ("england.para5.10" in done.stdout and
            "no consultation entry for 'children-with-sen-or-disabilities'" in done.stdout)
    text = cyp("lint", "--coverage", str(plan)).stdout
    assert "missing: no consultation entry for 'children-with-sen-or-disabilities'" in text


def test_a_covering_section_without_text_is_pointed_at(plan: Path) -> None:
    path = plan / "sections/21-childrens-rights.md"
    front, _, _ = path.read_text().partition("\n---\n")
    path.write_text(front + "\n---\n\n## How we had regard\n\nTODO: write it.\n")
    done = cyp("lint", "--select", "S", str(plan))
    line = next(d for d in done.stdout.splitlines() if "england.reg5:" in d)
    assert line.split(": ")[0].split(":")[0].endswith("sections/21-childrens-rights.md"), line
    assert "S100" in line


@pytest.mark.parametrize(("where", "nation", "present", "absent"), [
    ("england", None, "england.outcome.be-healthy", "core_aim"),
    ("wales", None, "wales.child-poverty.strategy", "england."),
    (None, "england", "england.reg4.2.a", "wales."),
])
def test_explain_gives_the_plans_nations_advice(tmp_path: Path, where: str | None,
                                                nation: str | None, present: str,
                                                absent: str) -> None:
    args = ["explain", "S100"]
    cwd = None
    if where == "england":
        cwd = copy_plan(ENGLAND, tmp_path / "p") / "sections"
    elif where == "wales":
        args += ["--path", str(EXAMPLE)]
    if nation:
        args += ["--nation", nation]
    done = cyp(*args, cwd=cwd)
    assert done.returncode == 0, done.stderr
    assert present in done.stdout and absent not in done.stdout


def test_explain_refuses_an_unknown_nation() -> None:
    done = cyp("explain", "S100", "--nation", "scotland")
    assert done.returncode == 2 and "known: england, wales" in done.stderr


def test_vocabulary_errors_list_the_allowed_values_and_the_nearest(plan: Path) -> None:
    edit(plan / "plan.yaml", "consultee: lscb", "consultee: LSCB")
    edit(plan / "sections/10-be-healthy.md", "partner: council", "partner: Council")
    edit(plan / "sections/10-be-healthy.md", "outcome: be-healthy", "outcome: Be-Healthy")
    out = cyp("lint", str(plan)).stdout
    assert "'LSCB' is not in the England consultees list; allowed: co-operation-partners" in out
    assert "did you mean 'lscb'?" in out
    assert "not 'Council'; did you mean 'council'?" in out
    assert ("'outcome' value 'Be-Healthy' is not in the England vocabulary; allowed: "
            "be-healthy, stay-safe") in out and "did you mean 'be-healthy'?" in out


def test_an_items_own_theme_is_checked_against_the_vocabulary(plan: Path) -> None:
    path = plan / "sections/10-be-healthy.md"
    edit(path, "  - id: camhs-wait\n", "  - id: camhs-wait\n    outcome: stay-saf\n")
    out = cyp("lint", str(plan)).stdout
    line = line_of(path, "outcome: stay-saf")
    assert f"sections/10-be-healthy.md:{line}:14: F008" in out
    assert "did you mean 'stay-safe'?" in out


def test_a_bad_consultation_date_is_one_finding(plan: Path) -> None:
    edit(plan / "plan.yaml", "when: 2010-10-19", "when: someday")
    out = cyp("lint", str(plan)).stdout
    findings = [d for d in out.splitlines() if "plan.yaml:" in d and ("when" in d)]
    assert len(findings) == 1 and " F004 " in findings[0], findings


def test_a_tier_word_is_a_vocabulary_error_with_the_tiers(plan: Path) -> None:
    safe = plan / "sections/11-stay-safe.md"
    edit(safe, "tier: [2, 3, 4]", "tier: Specialist")
    out = cyp("lint", str(plan)).stdout
    assert (f"sections/11-stay-safe.md:{line_of(safe, 'tier: Specialist')}:7: F008 error "
            "'tier' value 'Specialist' is not in the England vocabulary; allowed: 1, 2, 3, 4; "
            "did you mean '3' (Specialist services)?") in out
    assert " F004 " not in out  # one finding for the one problem
