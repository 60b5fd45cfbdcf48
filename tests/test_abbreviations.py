"""M010 (rules/abbreviations.py): every abbreviation the plan uses is in its glossary,
reported once at its first use."""

from __future__ import annotations

from pathlib import Path

from plancopy import EXAMPLE, FIXTURES, copy_plan, findings, line_of

from cyp_cli.rules.abbreviations import _abbreviations

MINI = FIXTURES / "build-mini"
INTRO = "sections/01-introduction.md"


def test_what_counts_as_an_abbreviation() -> None:
    text = ("CAMHS and NEETs at KS2, StatsWales, Part IV, the UK, `CODE`, "
            "[a link](https://EXAMPLE.org/ABC), mail TEAM@x.org, <!-- NOTE --> O'NEILL A B")
    assert list(_abbreviations(text)) == ["CAMHS", "NEET", "KS"]


def test_first_use_is_reported_once_and_the_glossary_clears_it(tmp_path: Path) -> None:
    plan = copy_plan(MINI, tmp_path / "plan")
    with (plan / INTRO).open("a", encoding="utf-8") as f:
        f.write("\nThe LSCB meets monthly.\n\n```\nLSCB in code\n```\n\nThe LSCB again.\n")
    got = [x for x in findings(plan, "M010")]
    assert f"{INTRO}:{line_of(plan / INTRO, 'The LSCB meets')} M010" in got
    assert sum(1 for x in got if x.startswith(INTRO)) == 1 + sum(
        1 for x in findings(MINI, "M010") if x.startswith(INTRO))
    with (plan / "plan.yaml").open("a", encoding="utf-8") as f:
        f.write("glossary:\n  - {term: 'Local Safeguarding Children Board (LSCB)', "
                "meaning: The partners' board for keeping children safe}\n")
    assert f"{INTRO}:{line_of(plan / INTRO, 'The LSCB meets')} M010" not in findings(
        plan, "M010")


def test_front_matter_and_plan_yaml_are_read_too(tmp_path: Path) -> None:
    plan = copy_plan(MINI, tmp_path / "plan")
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    (plan / "plan.yaml").write_text(text.replace("title: ", "title: QQX ", 1), encoding="utf-8")
    assert f"plan.yaml:{line_of(plan / 'plan.yaml', 'title: QQX')} M010" in findings(
        plan, "M010")


def test_the_example_defines_every_abbreviation() -> None:
    assert findings(EXAMPLE, "M010") == []
