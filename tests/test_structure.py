"""Parts, sub-sections and appendices (``parent:``, ``appendix:``): the outline's
numbers, lint's checks of the tree, the built contents, moves in the review, plan
status marking and the back matter plan.yaml chooses to publish."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from plancopy import EXAMPLE, FIXTURES, copy_plan, edit, line_of

from cyp_cli.check import check_plan
from cyp_cli.document import build_document
from cyp_cli.document.nodes import Document, Table
from cyp_cli.model.load import load_plan
from cyp_cli.review import compare

MINI = FIXTURES / "build-mini"
BILINGUAL = FIXTURES / "bilingual-mini"
HEALTH = "sections/02-health.md"
POVERTY = "sections/03-child-poverty.md"


def nest_mini(dest: Path) -> Path:
    """The mini plan with child poverty as a sub-section of health, and the
    introduction as an appendix."""
    plan = copy_plan(MINI, dest)
    edit(plan / POVERTY, "title: Child poverty strategy\n",
         "title: Child poverty strategy\nparent: 02-health\n")
    edit(plan / "sections/01-introduction.md", "title: Introduction\n",
         "title: Introduction\nappendix: true\n")
    return plan


def document(root: Path, draft: bool = False, errors: int = 0) -> Document:
    report = check_plan(load_plan(root))
    return build_document(report.plan, nation=report.nation, coverage=report.context.coverage,
                          regime=report.regime, draft=draft, errors=errors)


def findings(root: Path, prefix: str = "") -> list[str]:
    report = check_plan(load_plan(root))
    return [f"{d.file}:{d.line} {d.code} {d.message}" for d in report.diagnostics
            if d.code.startswith(prefix)]


def test_outline_numbers_parts_sub_sections_and_appendices(tmp_path: Path) -> None:
    plan = load_plan(nest_mini(tmp_path / "plan")).plan
    assert [(e.number, e.section.id, e.depth) for e in plan.outline()] == [
        ("1", "02-health", 1), ("1.1", "03-child-poverty", 2), ("A", "01-introduction", 1)]
    assert [s.id for s in plan.sections] == ["02-health", "03-child-poverty",
                                             "01-introduction"]


def test_example_plan_nests_the_core_aims_under_its_priorities() -> None:
    outline = load_plan(EXAMPLE).plan.outline()
    part = next(e for e in outline if e.section.id == "05-our-priorities")
    subs = [e for e in outline if e.parent == "05-our-priorities"]
    assert len(subs) >= 7 and all(e.number.startswith(part.number + ".") for e in subs)
    assert [e.number for e in subs] == [f"{part.number}.{n}" for n in range(1, len(subs) + 1)]
    assert any(e.appendix for e in outline)


def test_document_nests_sub_sections_one_level_deeper(tmp_path: Path) -> None:
    doc = document(nest_mini(tmp_path / "plan"))
    parts = {p.id: p for p in doc.parts}
    health, poverty, intro = parts["02-health"], parts["03-child-poverty"], parts["01-introduction"]
    assert (health.heading.level, health.title) == (1, "1 Health and well-being")
    assert (poverty.heading.level, poverty.title) == (2, "1.1 Child poverty strategy")
    assert intro.title == "Appendix A: Introduction"
    # Its body's headings go one deeper than a top-level section's.
    levels = [b.level for b in poverty.blocks if b.kind == "heading"]
    assert levels and min(levels) == 3
    assert [(p.id, [s.id for s in subs]) for p, subs in doc.outline()][:2] == [
        ("02-health", ["03-child-poverty"]), ("01-introduction", [])]


def test_unknown_parent_is_named_with_a_suggestion(tmp_path: Path) -> None:
    plan = copy_plan(MINI, tmp_path / "plan")
    edit(plan / POVERTY, "title: Child poverty strategy\n",
         "title: Child poverty strategy\nparent: 02-helth\n")
    line = line_of(plan / POVERTY, "parent:")
    assert findings(plan, "F01") == [
        f"{POVERTY}:{line} F014 parent '02-helth' is not a section of the plan; "
        "did you mean '02-health'?"]


@pytest.mark.parametrize("health_parent, expected", [
    ("03-child-poverty", "'02-health' names this section as its parent (a cycle)"),
    (None, "a section cannot be its own parent"),
])
def test_cycles_are_one_finding_per_section(tmp_path: Path, health_parent: str | None,
                                            expected: str) -> None:
    plan = copy_plan(MINI, tmp_path / "plan")
    target = "02-health" if health_parent else "03-child-poverty"
    edit(plan / POVERTY, "title: Child poverty strategy\n",
         f"title: Child poverty strategy\nparent: {target}\n")
    if health_parent:
        edit(plan / HEALTH, "title: Health and well-being\n",
             f"title: Health and well-being\nparent: {health_parent}\n")
    found = findings(plan, "F015")
    assert any(f"{POVERTY}:" in f and expected in f for f in found)
    # Every section is still published once, at the top level.
    assert sorted(s.id for s in load_plan(plan).plan.sections) == [
        "01-introduction", "02-health", "03-child-poverty"]


def test_two_levels_deep_is_refused(tmp_path: Path) -> None:
    plan = nest_mini(tmp_path / "plan")
    edit(plan / "sections/01-introduction.md", "appendix: true\n",
         "parent: 03-child-poverty\n")
    found = findings(plan, "F015")
    assert len(found) == 1 and "sections nest one level" in found[0]


def test_a_twin_follows_its_sources_place(tmp_path: Path) -> None:
    plan = copy_plan(BILINGUAL, tmp_path / "plan")
    twin = plan / "sections/02-health.cy.md"
    text = twin.read_text(encoding="utf-8")
    twin.write_text(text.replace("---\n", "---\nappendix: true\n", 1), encoding="utf-8")
    assert any("'appendix' is [True] here" in f for f in findings(plan, "E002"))


def test_review_reports_a_section_whose_parent_changed(tmp_path: Path) -> None:
    old = load_plan(copy_plan(MINI, tmp_path / "old")).plan
    new = load_plan(nest_mini(tmp_path / "new")).plan
    review = compare(old, new)
    moved = {d.id: d.kind for d in review.sections if d.moved}
    assert moved == {"03-child-poverty": "moved", "01-introduction": "moved"}
    from cyp_cli.document.review import build_review_document

    doc = build_review_document(review)
    text = str([c for p in doc.parts for b in p.blocks if isinstance(b, Table)
                for r in b.body for c in r.cells])
    assert "Moved: now under Health and well-being" in text
    assert "Moved: now an appendix" in text


# --- status and back matter -----------------------------------------------------------


def test_final_plan_is_not_marked_and_a_draft_is(tmp_path: Path) -> None:
    assert not document(MINI).draft
    plan = copy_plan(MINI, tmp_path / "plan")
    edit(plan / "plan.yaml", "published: 2011-03-28\n", "")
    doc = document(plan)
    assert doc.draft and doc.draft_mark == "DRAFT"
    assert doc.draft_notice == ("This plan has not yet been approved and is not the "
                                "published version.")


def test_consultation_draft_shows_its_closing_date(tmp_path: Path) -> None:
    plan = copy_plan(MINI, tmp_path / "plan")
    edit(plan / "plan.yaml", "published: 2011-03-28",
         "status: consultation\nconsultation_closes: 2011-02-28")
    doc = document(plan)
    assert doc.draft_mark == "CONSULTATION DRAFT"
    assert doc.draft_notice.endswith("Consultation closes on 28 February 2011.")


def test_forced_build_with_errors_says_so_exactly(tmp_path: Path) -> None:
    doc = document(MINI, draft=True, errors=2)
    assert doc.draft_notice == "This plan has errors and is not the published version."
    assert "passed its checks" not in doc.draft_notice


def cyp(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cyp_cli", *args], capture_output=True,
                          text=True, timeout=300)


def test_consultation_draft_with_statutory_gaps_builds_without_force(tmp_path: Path) -> None:
    plan = copy_plan(MINI, tmp_path / "plan")
    edit(plan / "plan.yaml", "published: 2011-03-28",
         "status: consultation\nconsultation_closes: 2011-02-28")
    (plan / POVERTY).unlink()  # the child poverty duties are now unmet
    edit(plan / "sections/01-introduction.md", "(03-child-poverty.md#action-plan)", "")
    lint = cyp("lint", str(plan))
    assert "S100 warning" in lint.stdout and "consultation draft" in lint.stdout
    done = cyp("build", str(plan), "--format", "html")
    assert done.returncode == 0, done.stderr
    page = (plan / "dist" / "plan.html").read_text(encoding="utf-8")
    assert ('<p class="draft-banner"><strong>CONSULTATION DRAFT</strong>' in page
            and "Consultation closes on 28 February 2011." in page)
    # A final plan with the same gaps is refused without --force.
    edit(plan / "plan.yaml", "status: consultation", "status: final")
    assert cyp("build", str(plan), "--format", "html").returncode == 1


def test_empty_generated_parts_are_never_printed(tmp_path: Path) -> None:
    plan = copy_plan(MINI, tmp_path / "plan")
    for rel in (HEALTH, POVERTY, "sections/01-introduction.md"):
        path = plan / rel
        text = path.read_text(encoding="utf-8")
        lines = [ln for ln in text.split("\n")
                 if not ln.startswith(("uncrc:", "tier:", "responsible_partner:"))]
        path.write_text("\n".join(lines), encoding="utf-8")
    doc = document(plan)
    ids = [p.id for p in doc.parts]
    assert "uncrc" not in ids
    index = next(p for p in doc.parts if p.id == "index")
    headings = [b.id for b in index.blocks if b.kind == "heading"]
    assert headings == ["index-by-theme"]  # no empty "by partner" or "by tier"
    assert all(len(b.body) > 0 for p in doc.parts for b in p.blocks if isinstance(b, Table))


def test_publish_leaves_out_back_matter_and_links_to_it(tmp_path: Path) -> None:
    plan = copy_plan(MINI, tmp_path / "plan")
    (plan / "plan.yaml").write_text(
        (plan / "plan.yaml").read_text(encoding="utf-8")
        + "publish: {contents: false, registers: false, partners: false, indexes: false}\n",
        encoding="utf-8")
    doc = document(plan)
    ids = {p.id for p in doc.parts}
    assert not ids & {"index", "targets-register", "actions-register", "partners"}
    assert not doc.contents
    links = [i.href for p in doc.parts for b in p.blocks if isinstance(b, Table)
             for r in b.body for c in r.cells for i in c.content if i.kind == "link"]
    assert not any(h.startswith(("#target-", "#action-", "#partner-", "#actions-"))
                   for h in links)


def test_glossary_is_published_in_each_language(tmp_path: Path) -> None:
    plan = copy_plan(BILINGUAL, tmp_path / "plan")
    with (plan / "plan.yaml").open("a", encoding="utf-8") as f:
        f.write("glossary:\n  - {term: NEET, meaning: Not in education, "
                "term_cy: NEET, meaning_cy: Ddim mewn addysg}\n")
    report = check_plan(load_plan(plan))
    assert not [d for d in report.diagnostics if d.code == "E004"]
    for lang, title, meaning in (("en", "Glossary", "Not in education"),
                                 ("cy", "Geirfa", "Ddim mewn addysg")):
        doc = build_document(report.plan, nation=report.nation, lang=lang,
                             coverage=report.context.coverage, regime=report.regime)
        part = next(p for p in doc.parts if p.id == "glossary")
        assert part.title == title
        table = part.blocks[0]
        assert isinstance(table, Table) and table.body[0].cells[1].content[0].text == meaning


def test_welsh_glossary_entry_missing_is_one_finding(tmp_path: Path) -> None:
    plan = copy_plan(BILINGUAL, tmp_path / "plan")
    with (plan / "plan.yaml").open("a", encoding="utf-8") as f:
        f.write("glossary:\n  - {term: NEET, meaning: Not in education}\n")
    assert [f.split(" ", 1)[1] for f in findings(plan, "E004")] == [
        "E004 glossary entry 'NEET' has no 'term_cy' or 'meaning_cy'"]
