"""C: children's text: sentence length, reading age (English only), 5.38."""

from __future__ import annotations

from pathlib import Path

import pytest
from plancopy import ENGLAND, copy_plan, edit, findings, line_of

from cyp_cli.rules.children import reading_age, sentences, syllables

HEALTHY = "sections/10-be-healthy.md"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return copy_plan(ENGLAND, tmp_path / "plan")


def test_syllables_and_sentences() -> None:
    assert [syllables(w) for w in ("cat", "happy", "make", "little", "education")] == \
        [1, 2, 1, 2, 4]
    assert sentences("We will help. Really? [Yes](x.md)!") == ["We will help.", "Really?",
                                                              "Yes!"]


def test_reading_age_orders_texts() -> None:
    easy = "We want you to be safe. We will help you. You can talk to us. " * 3
    hard = ("Multi-agency safeguarding arrangements necessitate comprehensive "
            "interdisciplinary information-sharing protocols. ") * 4
    assert reading_age(easy) < 11 < reading_age(hard)
    assert reading_age("Too short.") is None


def test_long_sentence_and_reading_age_found(plan: Path) -> None:
    long = " ".join(["word"] * 25) + "."
    edit(plan / HEALTHY, 'children: "We want you', f'children: "{long} We want you')
    assert f"{HEALTHY}:{line_of(plan / HEALTHY, 'children:')} C001" in findings(plan, "C")
    hard = ("Multi-agency safeguarding arrangements necessitate comprehensive "
            "interdisciplinary information-sharing protocols. ") * 4
    (plan / "sections/10-be-healthy.children.md").write_text(
        "---\ntitle: Being healthy\n---\n\nIntro.\n\n" + hard + "\n")
    assert "sections/10-be-healthy.children.md:7 C002" in findings(plan, "C")


def test_welsh_text_has_no_reading_age(plan: Path) -> None:
    hard = ("Mae trefniadau diogelu amlasiantaethol cynhwysfawr yn angenrheidiol "
            "ar gyfer rhannu gwybodaeth rhyngddisgyblaethol. ") * 4
    (plan / "sections/10-be-healthy.children.cy.md").write_text(
        "---\ntitle: Bod yn iach\n---\n\n" + hard + "\n")
    assert not [f for f in findings(plan, "C") if "C002" in f]


def test_published_english_plan_needs_a_childrens_edition(plan: Path) -> None:
    assert findings(plan, "C003") == []
    for rel in (HEALTHY, "sections/11-stay-safe.md"):
        text = (plan / rel).read_text()
        (plan / rel).write_text("\n".join(line for line in text.split("\n")
                                          if not line.startswith("children:")))
    assert findings(plan, "C003") == [f"plan.yaml:{line_of(plan / 'plan.yaml', 'published')}"
                                      " C003"]
