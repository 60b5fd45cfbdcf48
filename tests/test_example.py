"""The shipped example plan lints clean, and each classic mistake made in a copy of it
gives the right code at the right file and line (issue 3, "Done when")."""

from __future__ import annotations

from pathlib import Path

import pytest
from plancopy import EXAMPLE, copy_plan, edit, findings, line_of, report

from cyp_cli.diagnostics import Level

AIM4 = "sections/13-core-aim-4-play-leisure-and-culture.md"
VISION = "sections/02-vision-and-priorities.md"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return copy_plan(EXAMPLE, tmp_path / "example")


def test_example_lints_without_errors_or_warnings() -> None:
    rep = report(EXAMPLE)
    assert rep.in_force and rep.regime.id == "wales-cypp-2011"
    assert [str(d) for d in rep.diagnostics if d.level is not Level.INFO] == []
    assert len(rep.plan.sections) >= 15
    assert {a for s in rep.plan.sections for a in s.meta.core_aim} == set(range(1, 8))


def test_every_wales_requirement_but_advisory_is_met() -> None:
    rep = report(EXAMPLE)
    # plan.yaml ignores, with its reason, the requirements that do not apply locally
    ignored = set(rep.plan.file.lint.ignore) if rep.plan.file.lint else set()
    assert ignored == {"wales.reg7.j"}  # no National Park in Ynys Fawr
    unmet = [r.requirement.id for r in rep.context.coverage
             if not r.met and r.requirement.level != "advisory"
             and r.requirement.id not in ignored]
    assert unmet == []


def test_removing_a_core_aim(plan: Path) -> None:
    (plan / AIM4).unlink()
    rep = report(plan)
    (d,) = [d for d in rep.diagnostics if dict(d.data).get("requirement") == "wales.core-aim.4"]
    assert d.code in ("S100", "S200") and d.file == "plan.yaml"
    # links to the removed section now break where they are written
    assert f"{VISION}:{line_of(plan / VISION, '](13-core-aim-4')} L001" in findings(plan)


def test_breaking_a_link(plan: Path) -> None:
    edit(plan / VISION, "](13-core-aim-4-play-leisure-and-culture.md#what-we-will-achieve)",
         "](13-core-aim-4-play-leisure-and-culture.md#what-we-achieve)")
    assert f"{VISION}:{line_of(plan / VISION, '#what-we-achieve')} L002" in findings(plan)


def test_corrupting_the_yaml(plan: Path) -> None:
    edit(plan / AIM4, "responsible_partner: council", "responsible_partner: [council")
    got = findings(plan)
    assert any(f.startswith(f"{AIM4}:") and f.endswith("F001") for f in got), got


def test_bad_bytes(plan: Path) -> None:
    path = plan / AIM4
    data = path.read_bytes()
    at = data.index(b"\n## ") + 1
    path.write_bytes(data[:at] + b"Caf\xe9 culture\n" + data[at:])
    line = data[:at].count(b"\n") + 1
    assert f"{AIM4}:{line} F007" in findings(plan)


def test_unknown_partner(plan: Path) -> None:
    edit(plan / AIM4, "responsible_partner: council", "responsible_partner: leisure-trust")
    assert f"{AIM4}:{line_of(plan / AIM4, 'leisure-trust')} F010" in findings(plan)
