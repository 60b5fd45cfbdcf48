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
    from cyp_cli.render import render_editions

    real = typst.compile_with_warnings
    monkeypatch.setattr(typst, "compile_with_warnings",
                        lambda *a, **k: real(*a, **{**k, "ignore_system_fonts": True}))
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
