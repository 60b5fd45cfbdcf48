"""Document tree -> DOCX, through pandoc and the nation's reference document.

``templates/<nation>/reference.docx`` carries the styles (Heading 1-3, TOC levels,
caption and table styles) and the page footer; the contents is written out as
hyperlinks (:func:`contents`); pandoc adds a bookmark for every id and internal
hyperlinks to them, and marks table header rows as repeating. The core properties come
from the metadata: title, author (the authority) and language. :func:`finish` mends the
file: rows that never split, column grids in the real measure, the branding colour, a
DRAFT page header. Decisions: docs/print-and-word.md.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from ..document.errors import BuildError
from ..document.nodes import Block, BulletList, Document, Figure, OrderedList, Quote
from .images import svgs_as_png
from .pandoc import api_version, run_pandoc
from .pandoc_ast import NO_ATTR, Json, image_as_data_uri, to_pandoc, words

MAKE_REFERENCE = "python scripts/make-reference-docx.py"


def reference_docx(nation: str) -> Path | None:
    """The nation's reference document (None for a forced draft without a nation)."""
    from ..paths import templates_dir

    if not nation:
        return None
    path = templates_dir() / nation / "reference.docx"
    if not path.is_file():
        raise BuildError(f"{path} is missing; regenerate it with '{MAKE_REFERENCE}'",
                         exit_code=2)
    return path


def render_docx(doc: Document, warnings: list[str] | None = None) -> bytes:
    cover = doc.cover
    abstract = []
    if doc.draft:
        abstract.append({"t": "Para", "c": [{"t": "Strong", "c": words(doc.draft_mark)},
                                            {"t": "Space"}, *words(doc.draft_notice)]})
    if cover.period:
        abstract.append({"t": "Para", "c": words(cover.period)})
    if cover.logos:
        logos = []
        for logo in cover.logos:
            logos += [image_as_data_uri(logo), {"t": "Space"}]
        abstract.append({"t": "Para", "c": logos[:-1]})
    meta: dict[str, Json] = {
        "abstract": {"t": "MetaBlocks", "c": abstract},
        "abstract-title": {"t": "MetaInlines", "c": []},
    }
    figures = _figures([b for part in doc.parts for b in part.blocks])
    rasters = {}
    if figures:
        from .pdf import font_families, typst_fonts

        pngs = svgs_as_png([f.svg for f in figures], font_families(), typst_fonts())
        rasters = dict(zip([f.id for f in figures], pngs, strict=True))
    table_pt = TABLE_PT * (CHILDREN_SCALE if doc.edition == "children" else 1.0)
    ast = to_pandoc(doc, image_as_data_uri, api_version(), meta, across=MEASURE_PT / table_pt,
                    padding=CELL_PADDING_EM, rasters=rasters)
    if doc.contents:
        ast["blocks"][:0] = contents(doc)
    args = ["-t", "docx", "-o", "-"]
    reference = reference_docx(doc.nation)
    if reference is not None:
        args.append(f"--reference-doc={reference}")
    data = run_pandoc(ast, args, "the DOCX", warnings)
    scale = CHILDREN_SCALE if doc.edition == "children" else 1.0
    return finish(data, doc.draft_mark if doc.draft else "", scale, heading_colour(doc.accent))


def _figures(blocks: list[Block]) -> list[Figure]:
    """The charts among ``blocks``, in order (lists and quotes included)."""
    out: list[Figure] = []
    for b in blocks:
        if isinstance(b, Figure):
            out.append(b)
        elif isinstance(b, (BulletList, OrderedList)):
            out += _figures([x for item in b.items for x in item])
        elif isinstance(b, Quote):
            out += _figures(b.blocks)
    return out


# The reference document's measure and tables (scripts/make-reference-docx.py: A4 less
# two 20 mm margins; cells in the 11 pt Compact style, padded 1 mm a side), for column
# widths that fit each column's longest word (render/columns.py).
MEASURE_PT = (210 - 2 * 20) / 25.4 * 72
TABLE_PT = 11.0
CELL_PADDING_EM = 0.6  # 2 mm of padding is 0.52 em of 11 pt type


def _styled(style: str, blocks: list[Json]) -> Json:
    return {"t": "Div", "c": [["", [], [["custom-style", style]]], blocks]}


def contents(doc: Document) -> list[Json]:
    """The contents as paragraphs of internal hyperlinks (the reference document's
    "TOC Heading" and "toc 1"/"toc 2" styles), the parts and their numbered
    sub-sections as the HTML and PDF list them. Written out rather than left to a TOC
    field, which LibreOffice shows empty and Word fills only after a field update;
    the titles carry their outline numbers, and page numbers are left out because
    only the word processor knows them."""
    out = [_styled("TOC Heading", [{"t": "Para", "c": words(doc.s("contents"))}])]
    for top, subs in doc.outline():
        for part, level in ((top, 1), *((sub, 2) for sub in subs)):
            link = {"t": "Link", "c": [NO_ATTR, words(part.title), ["#" + part.id, ""]]}
            out.append(_styled(f"toc {level}", [{"t": "Para", "c": [link]}]))
    return out


def heading_colour(accent: str) -> str:
    """The plan's branding colour for headings, as RRGGBB, darkened until it has at
    least 4.5:1 contrast on white (WCAG 2.1 AA for text of any size); '' without a
    valid branding colour (the reference document's nation colour stays)."""
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", accent or ""):
        return ""
    rgb = [int(accent[i:i + 2], 16) for i in (1, 3, 5)]
    while _contrast_on_white(rgb) < 4.5:
        rgb = [int(c * 0.9) for c in rgb]
    return "".join(f"{c:02X}" for c in rgb)


def _contrast_on_white(rgb: list[int]) -> float:
    def linear(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


_HEADER_PART = "word/cyp-draft-header.xml"
_HEADER_RID = "rIdCypDraftHeader"
_HEADER_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
_HEADER_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_SECTPR = re.compile(rb"<w:sectPr\b[^>]*?(/?)>")
_DEFAULT_HEADER = re.compile(rb'<w:headerReference\b[^>]*w:type="default"[^>]*/>')
_CORE_DATE = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(<)")
_SIZE = re.compile(rb'(<w:sz(?:Cs)?\s+w:val=")(\d+)(")')
CHILDREN_SCALE = 1.3  # the children's edition: every style's type 30% larger


def _scaled(styles: bytes, scale: float) -> bytes:
    """word/styles.xml with every font size (half-points) multiplied by ``scale``."""
    return _SIZE.sub(lambda m: m.group(1) + str(round(int(m.group(2)) * scale)).encode()
                     + m.group(3), styles)


def finish(docx: bytes, draft_text: str = "", scale: float = 1.0, colour: str = "") -> bytes:
    """Mend what pandoc cannot do from inside its sandbox: the creation and
    modification dates (it cannot read the clock there, so it writes 1970), table rows
    that may not split across pages, for a draft, a DRAFT page header, for the
    children's edition, larger type (``scale``: the reference document's sizes scaled)
    and the headings in the plan's branding ``colour`` (RRGGBB)."""
    stamp = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(stamp), dt.timezone.utc) if stamp and stamp.isdigit() \
        else dt.datetime.now(dt.timezone.utc)
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    src = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = _CORE_DATE.sub(lambda m: m.group(1) + iso + m.group(2), data)
            elif item.filename == "word/styles.xml":
                data = _coloured(_scaled(data, scale) if scale != 1.0 else data, colour)
            else:
                if item.filename == "word/document.xml":
                    data = _grids_to_measure(_rows_kept_whole(data))
                if draft_text:
                    data = _with_header(item.filename, data)
            dest.writestr(item, data)
        if draft_text:
            dest.writestr(_HEADER_PART, _header_xml(draft_text))
    return out.getvalue()


_ROW = re.compile(rb"<w:tr>(<w:trPr>)?")
_HEADING_STYLE = re.compile(
    rb'(<w:style\b[^>]*w:styleId="(?:Heading[1-6]|TOCHeading)"[^>]*>.*?</w:style>)', re.S)
_COLOUR = re.compile(rb'<w:color w:val="[0-9A-Fa-f]{6}"\s*/>')


def _rows_kept_whole(document: bytes) -> bytes:
    """Every table row marked ``w:cantSplit``: a row moves to the next page whole
    rather than leaving half a target on each (the header row still repeats)."""
    def mark(m: re.Match[bytes]) -> bytes:
        return b"<w:tr><w:trPr><w:cantSplit/>" + (b"" if m.group(1) else b"</w:trPr>")
    return _ROW.sub(mark, document)


_FULL_WIDTH_GRID = re.compile(
    rb'(<w:tblW w:type="pct" w:w="5000" />.*?<w:tblGrid>)(.*?)(</w:tblGrid>)', re.S)
_GRID_COL = re.compile(rb'<w:gridCol w:w="(\d+)" />')


def _grids_to_measure(document: bytes) -> bytes:
    """Full-width tables' column grids in twips of the reference document's measure.
    Pandoc writes them for a 5.5 inch page whatever the reference says; Word rescales
    them, but a reader that takes the grid as it is would set columns narrower than
    render/columns.py sized them."""
    measure = MEASURE_PT * 20

    def scale(m: re.Match[bytes]) -> bytes:
        widths = [int(w) for w in _GRID_COL.findall(m.group(2))]
        if not widths or not sum(widths):
            return m.group(0)
        cols = b"".join(b'<w:gridCol w:w="%d" />' % round(w * measure / sum(widths))
                        for w in widths)
        return m.group(1) + cols + m.group(3)
    return _FULL_WIDTH_GRID.sub(scale, document)


def _coloured(styles: bytes, colour: str) -> bytes:
    """The heading and contents-title styles' text in ``colour`` (RRGGBB)."""
    if not colour:
        return styles
    value = f'<w:color w:val="{colour}"/>'.encode()
    return _HEADING_STYLE.sub(lambda m: _COLOUR.sub(value, m.group(1)), styles)


def _header_xml(text: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:hdr xmlns:w="{_W}"><w:p><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="center"/>'
        '</w:pPr><w:r><w:rPr><w:b/><w:color w:val="A4000F"/><w:sz w:val="28"/></w:rPr>'
        f"<w:t>{escape(text)}</w:t></w:r></w:p></w:hdr>"
    ).encode()


def _with_header(name: str, data: bytes) -> bytes:
    """Point every section of the document at the DRAFT header (replacing any
    default header the reference document set) and register the new part."""
    reference = f'<w:headerReference w:type="default" r:id="{_HEADER_RID}"/>'.encode()

    def into_sectpr(m: re.Match[bytes]) -> bytes:
        if m.group(1):  # <w:sectPr/>
            return m.group(0)[:-2] + b">" + reference + b"</w:sectPr>"
        return m.group(0) + reference

    if name == "word/document.xml":
        data = _DEFAULT_HEADER.sub(b"", data)
        if _SECTPR.search(data):
            return _SECTPR.sub(into_sectpr, data)
        return data.replace(b"</w:body>", b"<w:sectPr>" + reference + b"</w:sectPr></w:body>")
    if name == "word/_rels/document.xml.rels":
        return data.replace(b"</Relationships>", (
            f'<Relationship Id="{_HEADER_RID}" Type="{_HEADER_TYPE}" '
            f'Target="{_HEADER_PART.removeprefix("word/")}"/></Relationships>').encode())
    if name == "[Content_Types].xml":
        return data.replace(b"</Types>", (
            f'<Override PartName="/{_HEADER_PART}" ContentType="{_HEADER_MIME}"/>'
            "</Types>").encode())
    return data
