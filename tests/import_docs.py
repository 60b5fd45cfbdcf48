"""Source documents for the import tests, made here rather than stored: a Word-style
plan cyp did not make (python-docx), and small HTML and Markdown plans."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<w:footnotes xmlns:w="{W}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
    "</w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote>"
    '<w:footnote w:id="1"><w:p><w:r><w:t>Children Act 2004, section 26.</w:t></w:r></w:p>'
    "</w:footnote>"
    "</w:footnotes>"
)


def png(width: int = 4, height: int = 3) -> bytes:
    """A small valid PNG (grey pixels)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _footnotes(doc, paragraph) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                FOOTNOTES.encode("utf-8"), doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)
    paragraph._p.append(parse_xml(f'<w:r xmlns:w="{W}"><w:footnoteReference w:id="1"/></w:r>'))


def _picture(doc, alt: str) -> None:
    import io

    doc.add_picture(io.BytesIO(png(4 if alt else 5, 3)))
    if alt:
        doc.inline_shapes[-1]._inline.docPr.set("descr", alt)


WORD_SECTIONS = ["Introduction", "Core Aim 1: A flying start in life",
                 "Core Aim 3: Health and emotional well-being", "Appendix A: Monitoring",
                 "Glossary"]


def word_plan(path: Path) -> Path:
    """A plan as a partnership might have written it in Word."""
    import docx

    doc = docx.Document()
    doc.core_properties.author = "Jane Smith"
    doc.core_properties.title = ""
    doc.add_paragraph("Ynys Las Children and Young People's Plan 2012-2015", style="Title")
    doc.add_paragraph("Published by Ynys Las County Council")
    contents = doc.add_paragraph()
    contents.add_run("Contents").bold = True
    for n, title in enumerate(WORD_SECTIONS, 1):
        doc.add_paragraph(f"{n}. {title}\t{n * 2 + 1}")
    doc.add_page_break()

    doc.add_heading("1. Introduction", level=1)
    intro = doc.add_paragraph("This plan sets out what the partners will do for children "
                              "in Ynys Las over three years.")
    _footnotes(doc, intro)
    doc.add_paragraph("Our priorities are:")
    for item in ("more babies breastfed", "fewer teenage conceptions", "better play areas"):
        doc.add_paragraph(item, style="List Bullet")
    doc.add_paragraph("The partners are:")
    for item in ("Ynys Las County Council", "Ynys Las Youth Service", "Heddlu Las Police"):
        doc.add_paragraph(item, style="List Bullet")
    doc.add_paragraph("We will:")
    for item in ("listen to young people", "publish a yearly review"):
        doc.add_paragraph(item, style="List Number")

    doc.add_heading("2. Core Aim 1: A flying start in life", level=1)
    doc.add_heading("Why this matters", level=2)
    doc.add_paragraph("The first years shape everything after them.")
    _picture(doc, "Bar chart of breastfeeding rates")
    doc.add_heading("Action plan", level=2)
    table = doc.add_table(rows=5, cols=4)
    table.style = "Table Grid"
    rows = [["Action", "Delivery", "", "Status"], ["", "Lead", "By when", ""],
            ["Open a new childcare setting in Aberlas", "Flying Start team", "March 2013",
             "On track"],
            ["Run parenting groups in Welsh and English", "Local Health Board", "31/03/2014",
             "Not started"],
            ["Review the family information service", "Flying Start team", "Ongoing",
             "Complete"]]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value:
                table.cell(r, c).text = value
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 1).merge(table.cell(0, 2))
    table.cell(0, 3).merge(table.cell(1, 3))

    doc.add_heading("3. Core Aim 3: Health and emotional well-being", level=1)
    doc.add_paragraph("Young people told us that they want help with their emotional "
                      "well-being in school.")
    _picture(doc, "")

    doc.add_heading("4. Appendix A: Monitoring", level=1)
    doc.add_paragraph("The measures the Partnership Board monitors each year.")
    mon = doc.add_table(rows=4, cols=5)
    mon.style = "Table Grid"
    data = [["Indicator", "2011-12", "2012-13", "2013-14", "2014-15"],
            ["Babies breastfed at birth (%)", "55.8", "58.0", "60.0", "62.0"],
            ["Children with a first MMR dose by age two (%)", "93.4", "", "", "95"],
            ["Conceptions to young women aged 15-17 (per 1,000)", "41.2", "39.0", "", "TBC"]]
    for r, values in enumerate(data):
        for c, value in enumerate(values):
            mon.cell(r, c).text = value

    doc.add_heading("5. Glossary", level=1)
    glossary = doc.add_table(rows=3, cols=2)
    glossary.style = "Table Grid"
    for r, (term, meaning) in enumerate([("Term", "Meaning"),
                                         ("CAMHS", "Child and adolescent mental health "
                                                   "services"),
                                         ("NEET", "Not in education, employment or "
                                                  "training")]):
        glossary.cell(r, 0).text = term
        glossary.cell(r, 1).text = meaning
    doc.save(str(path))
    return path


HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Bro Dawel Plan 2011-2014</title></head>
<body>
<h1>Introduction</h1>
<p>This is the plan of Bro Dawel County Borough Council for 2011 to 2014.</p>
<h1>Core aim 2: education and learning</h1>
<p>Every child should be able to read well by the age of eleven.</p>
<p><img src="chart.png" alt="Reading ages by year group"></p>
<h2>Actions</h2>
<table>
<thead><tr><th>Action</th><th>Lead</th><th>Due</th><th>Status</th></tr></thead>
<tbody>
<tr><td>Run a reading recovery programme</td><td>Education Service</td><td>31 July 2012</td>
<td>Planned</td></tr>
</tbody></table>
<h1>Core aim 4: play and leisure</h1>
<p>More safe places to play.</p>
</body></html>
"""

MARKDOWN = """# Introduction

This is the plan for Bro Dawel, 2011 to 2014.

# Core aim 3: health

Young people want help sooner.

| Indicator | Baseline | Target |
|---|---|---|
| Routine CAMHS referrals seen within 8 weeks | 58% (2009-10) | 90% (2013-14) |

# Resources

What we spend.
"""
