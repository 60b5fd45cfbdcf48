"""Output formats on a plan with known findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from plancopy import ENGLAND, copy_plan, edit, line_of, report

from cyp_cli import formatters
from cyp_cli.rules import all_rules

SAFE = "sections/11-stay-safe.md"


@pytest.fixture
def broken(tmp_path: Path):
    plan = copy_plan(ENGLAND, tmp_path / "plan")
    edit(plan / SAFE, "responsible_partner: council", "responsible_partner: counsil")
    edit(plan / SAFE, '    source: "SSDA903 return"\n', "")
    return plan, report(plan)


def test_text(broken) -> None:
    plan, rep = broken
    out = formatters.get("text")([(rep, rep.diagnostics)]).splitlines()
    line = line_of(plan / SAFE, "responsible_partner")
    assert (f"{SAFE}:{line}:22: F010 error responsible_partner 'counsil' is not a partner "
            "in plan.yaml; allowed: council, pct, police, probation, yot, jcp, schools, "
            "college, vcs; did you mean 'council'?") in out
    assert out[-1].startswith("plan: 1 error, 1 warning, 0 infos (England:")
    assert "\x1b[" not in "\n".join(out)  # no colour unless asked for
    coloured = formatters.get("text")([(rep, rep.diagnostics)], color=True)
    assert "\x1b[31merror\x1b[0m" in coloured


def test_json_is_stable(broken) -> None:
    _, rep = broken
    run = json.loads(formatters.get("json")([(rep, rep.diagnostics)]))
    assert run["version"] == 2 and run["summary"] == {"error": 1, "warning": 1, "info": 0}
    (doc,) = run["plans"]
    assert doc["nation"] == "england"
    assert doc["summary"] == {"error": 1, "warning": 1, "info": 0}
    # a 2011-14 English plan is voluntary: the 2010 regime applies as good practice
    assert doc["regime"]["id"] == "england-voluntary-2010" and doc["regime"]["in_force"]
    assert doc["regime"]["duty"] == "voluntary"
    assert doc["regime"]["judged_by"] == "england-cypp-2010"
    assert [s["id"] for s in doc["regime"]["sources"]] == ["regs-2010", "guidance-2010"]
    assert {tuple(sorted(d)) for d in doc["diagnostics"]} == {
        ("code", "column", "file", "level", "line", "message")}


def test_sarif_shape(broken) -> None:
    _, rep = broken
    doc = json.loads(formatters.get("sarif")([(rep, rep.diagnostics)]))
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["F010", "T004"]
    assert rules[0]["help"]["text"] == all_rules()["F010"].doc
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert result["level"] in ("error", "warning", "note")


def test_github_annotations_escape(broken) -> None:
    _, rep = broken
    out = formatters.get("github")([(rep, rep.diagnostics)]).splitlines()
    assert out[0].startswith(f"::error file={SAFE},line=")
    assert ",title=F010::" in out[0]
    assert out[1].startswith("::warning ")


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        formatters.get("xml")
