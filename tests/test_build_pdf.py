"""The PDF edition, read back with pikepdf and pypdf: tagged (StructTreeRoot,
MarkInfo Marked) and declared PDF/UA-1, language and title set, bookmarks for every
section, internal links that land on destinations, page labels, DRAFT when forced."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdf
import pytest
from plancopy import EXAMPLE, FIXTURES, build, outline_titles

from cyp_cli.model.load import load_plan

MINI = FIXTURES / "build-mini"
ROOTS = {"mini": MINI, "example": EXAMPLE}



def build_pdf(root: Path, out: Path, *extra: str) -> Path:
    return build(root, out, "pdf", *extra)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("pdf")
    return {"mini": build_pdf(MINI, tmp / "mini"), "example": build_pdf(EXAMPLE, tmp / "ex"),
            "draft": build_pdf(MINI, tmp / "draft", "--force")}


@pytest.mark.parametrize("name", ["mini", "example"])
def test_tagged_pdf_ua_with_language_and_title(built: dict[str, Path], name: str) -> None:
    plan = load_plan(ROOTS[name]).plan
    with pikepdf.open(built[name]) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert bool(root.MarkInfo.Marked) is True
        assert str(root.Lang) == "en-GB"
        assert str(pdf.docinfo.Title) == plan.file.title
        assert str(pdf.docinfo.Author) == plan.file.authority
        assert str(root.ViewerPreferences.get("/DisplayDocTitle")) == "True"
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"
        assert "/PageLabels" in root


@pytest.mark.parametrize("name", ["mini", "example"])
def test_outline_has_every_section(built: dict[str, Path], name: str) -> None:
    plan = load_plan(ROOTS[name]).plan
    with pikepdf.open(built[name]) as pdf, pdf.open_outline() as outline:
        top = [str(item.title) for item in outline.root]
        children = {str(item.title): [str(c.title) for c in item.children]
                    for item in outline.root}
    parts = outline_titles(plan, depth=1)
    top = top[top.index(parts[0]):]  # after the unnumbered front (other formats...)
    assert top[: len(parts)] == parts
    # Sub-sections are bookmarks nested under their part, in order.
    for e in plan.outline():
        if e.depth == 2:
            parent = next(t for t in parts if t.startswith(e.number.split(".")[0] + " "))
            assert f"{e.number} {e.section.title}" in children[parent]
    assert "Targets register" in top and "Statutory coverage" in top


@pytest.mark.parametrize("name", ["mini", "example"])
def test_internal_links_land_on_destinations(built: dict[str, Path], name: str) -> None:
    with pikepdf.open(built[name]) as pdf:
        names = set()
        if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
            tree = pikepdf.NameTree(pdf.Root.Names.Dests)
            names = set(tree.keys())
        internal = 0
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                if annot.get("/Subtype") != "/Link":
                    continue
                dest = annot.get("/Dest")
                action = annot.get("/A")
                if dest is None and action is not None and action.get("/S") == "/GoTo":
                    dest = action.get("/D")
                if dest is None:
                    continue
                internal += 1
                if isinstance(dest, pikepdf.String):
                    assert str(dest) in names
                else:
                    assert isinstance(dest, pikepdf.Array) and dest[0].get("/Type") == "/Page"
    plan = load_plan(ROOTS[name]).plan
    assert internal >= len(plan.targets) * 2  # section -> register -> section, at least
    if name == "mini":
        assert "02-health--what-we-will-do" in names


def test_page_numbers_and_draft_watermark(built: dict[str, Path]) -> None:
    final = pypdf.PdfReader(built["mini"])
    # The page after the cover is page 1 of the numbered part (the contents).
    assert final.page_labels[1] == "1"
    assert "1" in final.pages[1].extract_text().split()
    assert not any("DRAFT" in p.extract_text() for p in final.pages)
    draft = pypdf.PdfReader(built["draft"])
    assert all("DRAFT" in p.extract_text() for p in draft.pages)


def test_typst_errors_name_the_section() -> None:
    from types import SimpleNamespace

    from cyp_cli.document.nodes import Cover, Document
    from cyp_cli.render.pdf import _explain

    doc = Document("en", "en-GB", "wales", "T", "A", Cover("T", "A", "", "", ""), [], {},
                   sources={"02-health": "sections/02-health.md"})
    source = "template\n= Health\n<02-health>\nsome text\n#bad()\n"
    diagnostic = ("warning: something\n  ┌─ main.typ:1:1\n\n"
                  "error: unknown variable: bad\n  ┌─ /tmp/x/main.typ:5:2\n")
    exc = SimpleNamespace(message="unknown variable: bad", diagnostic=diagnostic)
    error = _explain(exc, source, doc)
    assert str(error) == ("sections/02-health.md: typst failed in this section's text: "
                          "unknown variable: bad")


# --- text lint accepts must not fail the PDF (issue 9) ----------------------------------

WIDE_TEXT = "Cymru 🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f, " \
            "teulu 👨\u200d👩\u200d👧\u200d👦, 中文 日本語 한국어"


def _plan_with(tmp_path: Path, text: str) -> Path:
    from plancopy import copy_plan, edit

    plan = copy_plan(MINI, tmp_path / "plan")
    edit(plan / "sections/02-health.md", "We will protect more", text + " We will protect more")
    return plan


def _have_wide_fonts() -> bool:
    from cyp_cli.render.pdf import font_families

    return {"Noto Color Emoji", "Noto Sans CJK SC"} <= set(font_families())


@pytest.mark.skipif(not _have_wide_fonts(), reason="Noto fonts not installed "
                    "(.ci/system-deps installs them)")
def test_emoji_flags_and_cjk_are_set_in_the_pdf(tmp_path: Path) -> None:
    pdf = build_pdf(_plan_with(tmp_path, WIDE_TEXT), tmp_path / "out")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert "中文" in text and "한국어" in text


def test_without_the_fonts_the_pdf_is_still_built_and_says_why(tmp_path: Path,
                                                               monkeypatch) -> None:
    """On a machine without wide fonts (system fonts ignored here), a glyph no font has
    is shown as its code point, with a warning naming the line and the fonts to
    install, and the PDF is written."""
    import typst

    from cyp_cli.check import check_plan
    from cyp_cli.render import pdf as pdf_module
    from cyp_cli.render import render_editions

    # The build's one font search (render/pdf.py:typst_fonts), without the system's.
    monkeypatch.setattr(pdf_module, "typst_fonts",
                        lambda: typst.Fonts(include_system_fonts=False))
    plan = _plan_with(tmp_path, "Cymru 🏴 中文")
    warnings: list[str] = []
    [pdf] = render_editions(check_plan(load_plan(plan)), ["pdf"], warnings=warnings)
    assert pdf.data.startswith(b"%PDF-")
    text = [w for w in warnings if "no font" in w]
    assert text and all("sections/02-health.md:" in w and "fonts-noto" in w for w in text)
    assert any("U+1F3F4" in w for w in text)


def test_a_malformed_svg_is_named_with_its_section_line(tmp_path: Path) -> None:
    """Issue 9: typst's SVG error names the image and the line that shows it."""
    import subprocess
    import sys

    from plancopy import copy_plan, edit

    plan = copy_plan(MINI, tmp_path / "plan")
    (plan / "images" / "bad.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height=</svg>')
    edit(plan / "sections/02-health.md", "We will protect more",
         "![A bad chart](../images/bad.svg)\n\nWe will protect more")
    done = subprocess.run([sys.executable, "-m", "cyp_cli", "build", str(plan), "-f", "pdf"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    text = (plan / "sections/02-health.md").read_text()
    line = text[:text.index("bad.svg")].count("\n") + 1
    assert done.stderr.strip() == (f"cyp: sections/02-health.md:{line}: image "
                                   "'images/bad.svg': failed to parse SVG (expected a quote "
                                   "not '<' at 1:65)")


# --- clear print (issue 10) ----------------------------------------------------------


def _sizes(path: Path) -> list[tuple[int, float, str]]:
    """(page, size in points, text) for every run of text, as pypdf reads it."""
    out: list[tuple[int, float, str]] = []
    for n, page in enumerate(pypdf.PdfReader(path).pages):
        def visit(text, cm, tm, font, size, n=n):
            if text.strip():
                out.append((n, round(size * abs(cm[3] or 1) * abs(tm[3] or 1), 2), text))
        page.extract_text(visitor_text=visit)
    return out


def test_clear_print_type_sizes(built: dict[str, Path]) -> None:
    """RNIB clear print: body text 12 pt, nothing smaller than 11 pt (tables, page
    numbers), measured in the built example, the cover included."""
    runs = _sizes(built["example"])
    assert min(size for _, size, _ in runs) >= 11
    chars: dict[float, int] = {}
    for _, size, text in runs:
        chars[size] = chars.get(size, 0) + len(text)
    assert chars[12] > 0.3 * sum(chars.values())  # the body (the registers are 11 pt)
    # The first part's prose is 12 pt, its tables 11 pt.
    intro = [s for _, s, t in runs if "single statement of what the partners" in t]
    assert intro == [12]
    register = [s for _, s, t in runs if t.strip() == "Direction"]
    assert register and set(register) == {11}


def test_line_length_is_about_60_to_75_characters(built: dict[str, Path]) -> None:
    reader = pypdf.PdfReader(built["example"])
    # The first section's page (after the unnumbered front: other formats...).
    title = outline_titles(load_plan(EXAMPLE).plan, depth=1)[0]
    start = next(i for i in reader.outline if not isinstance(i, list) and i.title == title)
    first = reader.get_destination_page_number(start)
    lines = [line.strip() for line in reader.pages[first].extract_text().splitlines()]
    # Lines of running prose (a paragraph's lines before its last).
    prose = [len(line) for line in lines if len(line) > 40 and not line.endswith(".")]
    assert len(prose) >= 5
    average = sum(prose) / len(prose)
    assert 60 <= average <= 78, prose
    assert max(prose) <= 85, prose


def test_contents_is_at_most_two_pages_of_parts_and_sub_sections(built: dict[str, Path]
                                                                 ) -> None:
    reader = pypdf.PdfReader(built["example"])
    first = reader.get_destination_page_number(reader.outline[0])
    assert 1 < first <= 3  # the cover, then one or two pages of contents
    contents = "\n".join(reader.pages[n].extract_text() for n in range(1, first))
    plan = load_plan(EXAMPLE).plan
    for title in outline_titles(plan):
        assert title in contents
    # A section's own headings are bookmarks, not contents entries.
    assert "Why we have a plan" not in contents
    assert "Contents" not in [str(item.title) for item in reader.outline
                              if not isinstance(item, list)]


def test_register_columns_fit_their_longest_word() -> None:
    """Every table column is at least as wide as its longest unbreakable word at
    11 pt (Liberation Sans/Arial widths), so typst never sets a word over the next
    column ("Directionatest actual", "£410,000£650,000" before)."""
    import re

    from cyp_cli.check import check_plan
    from cyp_cli.document import build_document
    from cyp_cli.document.nodes import Table, plain_text
    from cyp_cli.render.columns import PADDING_EM, longest_run_em
    from cyp_cli.render.pdf import MEASURE_PT, TABLE_PT, typst_source

    report = check_plan(load_plan(EXAMPLE))
    doc = build_document(report.plan, nation=report.nation, coverage=report.context.coverage,
                         regime=report.regime, lang="en")
    source = typst_source(doc)
    columns = iter(re.findall(r"columns: \(([^)]*%[^)]*)\)", source))
    checked = 0
    for part in doc.parts:
        for table in (b for b in part.blocks if isinstance(b, Table) and b.widths):
            shares = [float(w.strip().rstrip("%")) / 100
                      for w in next(columns).split(",") if w.strip()]
            for n, share in enumerate(shares):
                need = max(longest_run_em(plain_text(row.cells[n].content), bold)
                           for rows, bold in ((table.head, True), (table.body, False))
                           for row in rows)
                assert share * MEASURE_PT >= (need + PADDING_EM) * TABLE_PT - 0.5, \
                    (part.id, n, share)
                checked += 1
    assert checked > 50
