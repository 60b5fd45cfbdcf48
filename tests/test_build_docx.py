"""The DOCX edition, read back with python-docx and from its XML: real heading styles,
internal hyperlinks that land on bookmarks, a written-out contents, repeating
table header rows that never split, columns that fit their words, branding colours,
PNG charts, a page-number footer and the core properties."""

from __future__ import annotations

import re
import shutil
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
    titles = titles[titles.index(top[0]):]  # after the unnumbered front (other formats...)
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
def test_contents_is_written_out_as_links_to_the_parts(built: dict[str, Path],
                                                       name: str) -> None:
    """Issue 10: the contents is filled in the file itself (LibreOffice showed pandoc's
    TOC field empty; Word filled it only after a field update): one entry per part and
    sub-section, in the 'toc 1'/'toc 2' styles, each a hyperlink to its heading."""
    document = docx.Document(str(built[name]))
    plan = load_plan(ROOTS[name]).plan
    entries = [p for p in document.paragraphs if p.style.name.lower() in ("toc 1", "toc 2")]
    texts = [p.text for p in entries]
    texts = texts[texts.index(outline_titles(plan)[0]):]  # after the unnumbered front
    assert texts[: len(outline_titles(plan))] == outline_titles(plan)
    assert {p.text for p in entries if p.style.name.lower() == "toc 2"} \
        == set(outline_titles(plan, depth=2))
    headings = {p.text: bookmark_of(p) for p in document.paragraphs
                if p.style.name in ("Heading 1", "Heading 2")}
    for entry in entries:
        [link] = entry._p.findall(qn("w:hyperlink"))
        assert link.get(qn("w:anchor")) == headings[entry.text]
    assert [p.text for p in document.paragraphs if p.style.name == "TOC Heading"] == \
        ["Contents"]
    assert "TOC \\o" not in xml(built[name])  # no field left for Word to fill


@pytest.mark.parametrize("name", ["mini", "example"])
def test_table_rows_repeat_their_header_and_never_split(built: dict[str, Path],
                                                        name: str) -> None:
    body = xml(built[name])
    tables = re.findall(r"<w:tbl>.*?</w:tbl>", body, re.S)
    assert tables
    for table in tables:
        rows = re.findall(r"<w:tr>.*?</w:tr>", table, re.S)
        assert "<w:tblHeader" in rows[0]
        assert all("<w:cantSplit/>" in row for row in rows)


def test_register_columns_fit_their_longest_word(built: dict[str, Path]) -> None:
    """Each column's width (w:gridCol, twentieths of a point) holds its longest
    unbreakable word at 11 pt with the cell padding, so Word and LibreOffice never
    break one ("Decreas/e" in LibreOffice before)."""
    from cyp_cli.render.columns import longest_run_em
    from cyp_cli.render.docx import CELL_PADDING_EM, TABLE_PT

    document = docx.Document(str(built["example"]))
    checked = 0
    for table in document.tables:
        grid = [int(c.get(qn("w:w"))) / 20 for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        if len(table.rows) < 2 or len(grid) < 4:
            continue
        for n, width in enumerate(grid):
            need = max(longest_run_em(row.cells[n].text, bold=(r == 0))
                       for r, row in enumerate(table.rows))
            assert width >= (need + CELL_PADDING_EM) * TABLE_PT - 0.5, \
                (table.rows[0].cells[0].text, n, width, need)
            checked += 1
    assert checked > 50


def test_headings_take_the_branding_colour(tmp_path: Path) -> None:
    """Headings in the plan's branding colour, as the HTML and PDF use it, darkened
    where it is too light to read as text (4.5:1 on white)."""
    from plancopy import copy_plan, edit

    from cyp_cli.render.docx import _contrast_on_white, heading_colour

    plan = copy_plan(MINI, tmp_path / "plan")
    edit(plan / "plan.yaml", 'colour: "#0b5d3b"', 'colour: "#e07000"')
    styles = xml(build_docx(plan, tmp_path / "out"), "word/styles.xml")
    colour = heading_colour("#e07000")
    assert colour not in ("", "E07000", "0B5D3B")
    assert _contrast_on_white([int(colour[i:i + 2], 16) for i in (0, 2, 4)]) >= 4.5
    for style in ("Heading1", "Heading2", "Heading3", "TOCHeading"):
        found = re.search(rf'w:styleId="{style}".*?</w:style>', styles, re.S)
        assert found and f'<w:color w:val="{colour}"/>' in found.group(0), style
    assert heading_colour("#0b5d3b") == "0B5D3B"  # dark enough already: kept
    assert heading_colour("") == heading_colour("red") == ""


def test_charts_are_embedded_as_png(tmp_path: Path) -> None:
    """A chart (an SVG figure, as the review's turn-the-curve charts) is a PNG in the
    DOCX, so word processors without SVG support show it, with its alt text."""
    from cyp_cli.document.nodes import Cover, Document, Figure, Heading, Part, Text
    from cyp_cli.render.docx import render_docx

    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120">'
           '<rect width="300" height="120" fill="#1d4f91"/></svg>')
    figure = Figure("figure-1", svg, "Rising from 10 to 20", [Text("Trend")])
    doc = Document("en", "en-GB", "", "T", "A", Cover("T", "A", "", "", ""),
                   [Part(Heading(1, "one", [Text("One")]), [figure])],
                   {"contents": "Contents"})
    path = tmp_path / "chart.docx"
    path.write_bytes(render_docx(doc))
    with zipfile.ZipFile(path) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert media and all(n.endswith(".png") for n in media)
        assert z.read(media[0]).startswith(b"\x89PNG")
    assert 'descr="Rising from 10 to 20"' in xml(path)


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed; the python-docx tests "
                           "above check the same structure")
def test_libreoffice_shows_the_contents_and_breaks_no_register_word(
        built: dict[str, Path], tmp_path: Path) -> None:
    import subprocess

    import pypdf

    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(built["example"])], check=True, capture_output=True, timeout=300)
    reader = pypdf.PdfReader(tmp_path / built["example"].with_suffix(".pdf").name)
    pages = [p.extract_text() for p in reader.pages]
    assert "5.1 Core aim 1: a flying start in life" in pages[1]
    document = docx.Document(str(built["example"]))
    vocabulary = {w for t in document.tables for row in t.rows for c in row.cells
                  for w in re.findall(r"[A-Za-z]{5,}", c.text)}
    printed = set(re.findall(r"[A-Za-z]{3,}", "\n".join(pages)))
    fragments = {w for w in printed - vocabulary
                 if any(v.startswith(w) and v != w for v in vocabulary)}
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    known = {w for text in [p.text for p in document.paragraphs] + cells
             for w in re.findall(r"[A-Za-z]{3,}", text)}
    assert fragments - known == set()


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
