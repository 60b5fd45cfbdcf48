"""The front of the plan and the accessibility statement as document parts
(document/front.py, document/accessibility.py): what each shows from plan.yaml, and
that the statement claims only the checks that ran."""

from __future__ import annotations

from pathlib import Path

from plancopy import FIXTURES, copy_plan

from cyp_cli.check import check_plan
from cyp_cli.document import build_document
from cyp_cli.document.nodes import Document, Link, Part, plain_text
from cyp_cli.model.load import load_plan

MINI = FIXTURES / "build-mini"


def document(root: Path) -> Document:
    report = check_plan(load_plan(root))
    return build_document(report.plan, nation=report.nation, coverage=report.context.coverage,
                          regime=report.regime)


def words(part: Part) -> str:
    out = []
    for b in part.blocks:
        if hasattr(b, "content"):
            out.append(plain_text(b.content))
        for item in getattr(b, "items", []):
            out += [plain_text(x.content) for x in item if hasattr(x, "content")]
        for row in getattr(b, "body", []):
            out += [plain_text(c.content) for c in row.cells]
    return " | ".join(out)


def part(doc: Document, title: str) -> Part:
    return next(p for p in [*doc.parts, *doc.web_parts] if p.title == title)


def append(root: Path, text: str) -> None:
    with (root / "plan.yaml").open("a", encoding="utf-8") as f:
        f.write(text)


def test_without_contact_or_foreword(tmp_path: Path) -> None:
    doc = document(MINI)
    assert "Foreword" not in [p.title for p in doc.parts]
    formats = part(doc, "Other formats and languages")
    assert words(formats).endswith("Ask Mini County Council for it.")


def test_contact_and_foreword(tmp_path: Path) -> None:
    root = copy_plan(MINI, tmp_path / "plan")
    append(root, "contact: {name: The Plans Team, email: plans@mini.example, "
                 "phone: '01234 567 890'}\nforeword:\n  text: \"First.\\n\\nSecond.\"\n"
                 "  signatories:\n    - {name: Ann Jones, role: Leader of the Council}\n")
    doc = document(root)
    assert [p.title for p in doc.parts][:3] == [
        "Other formats and languages", "Foreword", "At a glance"]
    formats = part(doc, "Other formats and languages")
    assert "Contact The Plans Team:" in words(formats)
    hrefs = [i.href for b in formats.blocks for item in getattr(b, "items", [])
             for x in item for i in x.content if isinstance(i, Link)]
    assert hrefs == ["mailto:plans@mini.example", "tel:01234567890"]
    assert words(part(doc, "Foreword")) == (
        "First. | Second. | Signed by | Ann Jones, Leader of the Council")


def test_at_a_glance_lists_each_theme_with_its_sections_and_first_targets() -> None:
    glance = part(document(MINI), "At a glance")
    text = words(glance)
    assert "Core aim 3:" in text and "Health and well-being" in text
    assert "from 93.4% (2009-10) to 95.0% (2013-14)" in text


def test_statement_claims_only_the_checks_that_ran(tmp_path: Path) -> None:
    doc = document(MINI)
    assert doc.web_parts and doc.web_parts[0].title == "Accessibility statement"
    assert "Accessibility statement" not in [p.title for p in doc.parts]
    text = words(doc.web_parts[0])
    assert "every abbreviation explained in the glossary" in text
    assert "a complete edition in each of the plan's languages" not in text  # English only
    root = copy_plan(MINI, tmp_path / "plan")
    append(root, "lint: {ignore: [M010]}\npublish: {accessibility: true}\n")
    doc = document(root)
    assert not doc.web_parts
    assert "every abbreviation" not in words(part(doc, "Accessibility statement"))
    root = copy_plan(MINI, tmp_path / "off")
    append(root, "publish: {accessibility: false}\n")
    doc = document(root)
    assert not doc.web_parts and "Accessibility statement" not in [p.title for p in doc.parts]
