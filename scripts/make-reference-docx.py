"""Regenerate ``templates/<nation>/reference.docx``, the style source of DOCX builds.

Run from the repository (python-docx comes with the ``test`` extra)::

    python scripts/make-reference-docx.py            # every nation
    python scripts/make-reference-docx.py wales

It starts from pandoc's own reference document (so every style pandoc writes exists)
and sets what a council publication needs: A4 pages, a plain sans-serif body, real
Heading 1-3 styles that Word's navigation pane and table of contents use, the TOC
heading and TOC 1-3 styles for the contents field pandoc inserts with ``--toc``, a
footer with a PAGE field, link and caption styles, and the document language. Colours
are dark enough for WCAG AA contrast as text on white.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

# Per nation: the heading colour (text, so contrast >= 7:1 on white) and language.
NATIONS = {
    "wales": {"colour": "0B5D3B", "lang": "en-GB"},
    "england": {"colour": "1D4F91", "lang": "en-GB"},
}
BODY_FONT = "Arial"
SIDE_MARGIN_MM = 20
CELL_PADDING_TWIPS = 57  # each side of a table cell: 1 mm


def pandoc_reference() -> bytes:
    from cyp_cli.render.pandoc import pandoc_path

    return subprocess.run(
        [pandoc_path(), "--print-default-data-file", "reference.docx"],
        capture_output=True, check=True,
    ).stdout


def make(nation: str) -> bytes:
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    spec = NATIONS[nation]
    colour = RGBColor.from_string(spec["colour"])
    doc = Document(io.BytesIO(pandoc_reference()))
    styles = doc.styles

    def font(style: Any, size: float, bold: bool | None = None, rgb: Any = None) -> None:
        style.font.name = BODY_FONT
        style.font.size = Pt(size)
        if bold is not None:
            style.font.bold = bold
        if rgb is not None:
            style.font.color.rgb = rgb
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(attr), BODY_FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            rfonts.attrib.pop(qn(theme), None)

    by_name = {s.name.lower(): s for s in styles}

    def find(name: str) -> Any:
        return by_name.get(name.lower())

    # Clear print, as the PDF: body text 12 pt; Compact (table cells, tight lists) and
    # captions 11 pt, nothing smaller.
    for name, size in (("Normal", 12), ("Body Text", 12), ("First Paragraph", 12),
                       ("Compact", 11)):
        if find(name) is not None:
            font(find(name), size)
    black = RGBColor(0x1A, 0x1A, 0x1A)
    for name, size in (("Title", 26), ("Subtitle", 15), ("Author", 12), ("Date", 12),
                       ("Abstract", 12)):
        if find(name) is not None:
            font(find(name), size, rgb=black)
    for level, size in ((1, 20), (2, 15), (3, 12.5)):
        h = styles[f"Heading {level}"]
        font(h, size, bold=True, rgb=colour)
        h.paragraph_format.keep_with_next = True
        h.paragraph_format.space_before = Pt(18 if level == 1 else 12)
        h.paragraph_format.space_after = Pt(6)
        if level == 1:
            h.paragraph_format.page_break_before = True

    # The contents: "TOC Heading" for its title and "toc 1-3" for its entries, the
    # built-in style names Word's TOC field formats with.
    if find("TOC Heading") is not None:
        font(find("TOC Heading"), 20, bold=True, rgb=colour)
    for level in (1, 2, 3):
        name = f"toc {level}"
        if find(name) is None:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.paragraph_format.left_indent = Mm(6 * (level - 1))
            style.paragraph_format.space_after = Pt(3)
            style.element.set(qn("w:styleId"), f"TOC{level}")
    link = find("Hyperlink")
    if link is not None:
        link.font.color.rgb = RGBColor(0x1D, 0x4F, 0x91)
        link.font.underline = True
    for name in ("Table Caption", "Image Caption", "Caption"):
        style = find(name)
        if style is not None:
            font(style, 11, bold=True, rgb=black)
            style.font.italic = False

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    # 20 mm sides and narrow cell padding: a seven-column register fits its longest
    # words at 11 pt (render/docx.py sizes the columns from the same figures).
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(SIDE_MARGIN_MM))
    table = find("Table")
    if table is not None:
        margins = table.element.find(qn("w:tblPr")).find(qn("w:tblCellMar"))
        for side in ("left", "right"):
            margins.find(qn(f"w:{side}")).set(qn("w:w"), str(CELL_PADDING_TWIPS))
    section.top_margin = section.bottom_margin = Mm(24)

    # Footer: the page number, centred (a PAGE field, so Word keeps it current).
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = footer.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"),
                       ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)

    # Language of the document defaults (pandoc also sets it from the plan's language).
    rpr = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), spec["lang"])

    props = doc.core_properties
    props.language = spec["lang"]
    props.title = "Children and Young People's Plan"
    props.author = "cyp"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def main(argv: list[str]) -> int:
    from cyp_cli.paths import templates_dir

    nations = argv[1:] or sorted(NATIONS)
    for nation in nations:
        if nation not in NATIONS:
            sys.stderr.write(f"unknown nation '{nation}' (known: {', '.join(NATIONS)})\n")
            return 2
        path: Path = templates_dir() / nation / "reference.docx"
        path.write_bytes(make(nation))
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
