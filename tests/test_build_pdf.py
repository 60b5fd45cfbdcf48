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
