"""The DOCX edition, read back with python-docx and from its XML: real heading styles,
internal hyperlinks that land on bookmarks, a table of contents field, repeating
table header rows, a page-number footer and the core properties."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from plancopy import EXAMPLE, FIXTURES, build, outline_titles

from cyp_cli.model.load import load_plan

MINI = FIXTURES / "build-mini"



def build_docx(root: Path, out: Path, *extra: str) -> Path:
    return build(root, out, "docx", *extra)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("docx")
    return {"mini": build_docx(MINI, tmp / "mini"), "example": build_docx(EXAMPLE, tmp / "ex"),
            "draft": build_docx(MINI, tmp / "draft", "--force")}


ROOTS = {"mini": MINI, "example": EXAMPLE}


def xml(path: Path, part: str = "word/document.xml") -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(part).decode("utf-8")


def bookmark_of(paragraph) -> str | None:
    """The bookmark on a paragraph: inside it, or (as pandoc writes heading
    bookmarks) directly before it."""
    inside = paragraph._p.find(qn("w:bookmarkStart"))
    if inside is not None:
        return inside.get(qn("w:name"))
    before = paragraph._p.getprevious()
    if before is not None and before.tag == qn("w:bookmarkStart"):
        return before.get(qn("w:name"))
    return None


@pytest.mark.parametrize("name", ["mini", "example"])
def test_headings_use_heading_styles(built: dict[str, Path], name: str) -> None:
    document = docx.Document(str(built[name]))
    used = Counter(p.style.name for p in document.paragraphs)
    plan = load_plan(ROOTS[name]).plan
    # Heading 1 per section plus the generated parts; Heading 2 for their headings.
    top = outline_titles(plan, depth=1)
    assert used["Heading 1"] >= len(top) + 4
    assert used["Heading 2"] > 0
    if name == "mini":
        assert used["Heading 3"] == 1  # '### Changes since the last plan'
    styles = {s.name for s in document.styles}
    assert {"Heading 1", "Heading 2", "Heading 3"} <= styles
    titles = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert titles[: len(top)] == top
    # Sub-sections (5.1 ... under part 5) are Heading 2, in order.
    level2 = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    subs = outline_titles(plan, depth=2)
    assert [t for t in level2 if t in subs] == subs


@pytest.mark.parametrize("name", ["mini", "example"])
def test_internal_hyperlinks_resolve_to_bookmarks(built: dict[str, Path], name: str) -> None:
    body = xml(built[name])
    bookmarks = set(re.findall(r'<w:bookmarkStart\b[^>]*\bw:name="([^"]+)"', body))
    anchors = re.findall(r'<w:hyperlink\b[^>]*\bw:anchor="([^"]+)"', body)
    assert len(anchors) > 10
    assert sorted(set(anchors) - bookmarks) == []
    # Every section heading carries a bookmark. (Pandoc keeps ids Word accepts as
    # bookmark names and renames the rest, e.g. those starting with a digit, to
    # X + a hash, the same way in the bookmark and in every link to it.)
    document = docx.Document(str(built[name]))
    plan = load_plan(ROOTS[name]).plan
    marked = {p.text for p in document.paragraphs
              if p.style.name == "Heading 1" and bookmark_of(p) is not None}
    marked |= {p.text for p in document.paragraphs
               if p.style.name == "Heading 2" and bookmark_of(p) is not None}
    assert set(outline_titles(plan)) <= marked


def test_a_link_between_sections_lands_on_its_heading(built: dict[str, Path]) -> None:
    document = docx.Document(str(built["mini"]))
    link = next(h for p in document.paragraphs for h in p._p.iter(qn("w:hyperlink"))
                if "".join(t.text or "" for t in h.iter(qn("w:t")))
                == "what we will do for health")
    heading = next(p for p in document.paragraphs
                   if p.style.name == "Heading 2" and p.text == "What we will do")
    assert link.get(qn("w:anchor")) == bookmark_of(heading)
    body = xml(built["mini"])
    assert 'w:anchor="target-mmr-by-two"' in body and 'w:name="target-mmr-by-two"' in body


@pytest.mark.parametrize("name", ["mini", "example"])
def test_toc_field_and_repeating_header_rows(built: dict[str, Path], name: str) -> None:
    body = xml(built[name])
    fields = re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", body)
    assert any(f.strip().startswith("TOC \\o") for f in fields)
    tables = re.findall(r"<w:tbl>.*?</w:tbl>", body, re.S)
    assert tables
    for table in tables:
        first_row = re.search(r"<w:tr>.*?</w:tr>", table, re.S)
        assert first_row and "<w:tblHeader" in first_row.group(0)


def test_core_properties_and_page_numbers(built: dict[str, Path]) -> None:
    document = docx.Document(str(built["mini"]))
    props = document.core_properties
    plan = load_plan(MINI).plan
    assert props.title == plan.file.title
    assert props.author == plan.file.authority
    assert props.language == "en-GB"
    assert props.created is not None and props.created.year >= 2024
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer
    assert document.sections[0].page_width.mm == pytest.approx(210, abs=1)


def test_draft_has_a_draft_header(built: dict[str, Path]) -> None:
    draft = docx.Document(str(built["draft"]))
    assert [p.text for p in draft.sections[0].header.paragraphs] == ["DRAFT"]
    assert "DRAFT" in "\n".join(p.text for p in draft.paragraphs[:8])
    final = docx.Document(str(built["mini"]))
    assert not any("DRAFT" in p.text for p in final.sections[0].header.paragraphs)


def test_reference_docx_can_be_regenerated(tmp_path: Path) -> None:
    from test_readme import script

    data = script("make-reference-docx.py").make("england")
    path = tmp_path / "reference.docx"
    path.write_bytes(data)
    document = docx.Document(str(path))
    names = {s.name for s in document.styles}
    assert {"Heading 1", "Heading 2", "Heading 3", "TOC Heading"} <= names
    assert {"toc 1", "toc 2", "toc 3"} <= {n.lower() for n in names}
    assert document.core_properties.language == "en-GB"
