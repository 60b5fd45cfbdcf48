"""Document tree -> DOCX, through pandoc and the nation's reference document.

``templates/<nation>/reference.docx`` carries the styles (Heading 1-3, TOC levels,
caption and table styles) and the page footer; pandoc adds the table of contents
field (``--toc``), a bookmark for every id and internal hyperlinks to them, and marks
table header rows as repeating. The core properties come from the metadata: title,
author (the authority) and language. A draft gets a DRAFT page header, added to the
finished file because pandoc has no notion of one.
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
from ..document.nodes import Document
from .pandoc import api_version, run_pandoc
from .pandoc_ast import Json, image_as_data_uri, to_pandoc, words

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
    ast = to_pandoc(doc, image_as_data_uri, api_version(), meta)
    args = ["-t", "docx", "-o", "-"]
    if doc.contents:
        args += ["--toc", "--toc-depth=2"]
    reference = reference_docx(doc.nation)
    if reference is not None:
        args.append(f"--reference-doc={reference}")
    data = run_pandoc(ast, args, "the DOCX", warnings)
    scale = CHILDREN_SCALE if doc.edition == "children" else 1.0
    return finish(data, doc.draft_mark if doc.draft else "", scale)


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


def finish(docx: bytes, draft_text: str = "", scale: float = 1.0) -> bytes:
    """Mend what pandoc cannot do from inside its sandbox: the creation and
    modification dates (it cannot read the clock there, so it writes 1970), for a
    draft, a DRAFT page header and, for the children's edition, larger type
    (``scale``: the reference document's sizes scaled)."""
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
            elif item.filename == "word/styles.xml" and scale != 1.0:
                data = _scaled(data, scale)
            elif draft_text:
                data = _with_header(item.filename, data)
            dest.writestr(item, data)
        if draft_text:
            dest.writestr(_HEADER_PART, _header_xml(draft_text))
    return out.getvalue()


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
