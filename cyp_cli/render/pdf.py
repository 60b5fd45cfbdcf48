"""Document tree -> PDF: pandoc writes the body as Typst from the same AST the DOCX
uses, ``templates/plan.typ`` adds cover, contents and page furniture, and the
``typst`` package compiles it (no LaTeX, no browser).

Typst compiles in a fresh folder that holds only the generated source and copies of
the plan's images at their plan-relative paths, so the document can reach nothing
else. The PDF is tagged and checked against PDF/UA-1 by typst itself; a document that
cannot conform fails the build rather than publishing an inaccessible file.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..document.errors import BuildError
from ..document.nodes import Document, Image
from ..fsutil import temporary_folder
from .images import read_image
from .pandoc import INSTALL_HINT, api_version, run_pandoc
from .pandoc_ast import to_pandoc

if TYPE_CHECKING:
    from typst import PDFStandard

TEMPLATE = Path(__file__).resolve().parent / "templates" / "plan.typ"
# typst checks these itself; PDF/UA-1 implies tagging (pdf_tags cannot be turned off).
PDF_STANDARDS: list[PDFStandard] = ["ua-1"]
_LOCATION = re.compile(r"main\.typ:(\d+):(\d+)")
# Plain sans-serif faces first, then wide coverage (Debian's fonts-noto-core,
# fonts-noto-cjk, fonts-noto-color-emoji; see .ci/system-deps): typst takes each glyph
# from the first font in the list that has it. Libertinus Serif is built into typst,
# so one always exists. Where no font has a glyph, see _without_missing_glyphs.
PREFERRED_FONTS = ("Liberation Sans", "Arial", "DejaVu Sans", "Noto Sans", "Noto Sans Symbols",
                   "Noto Sans Symbols 2", "Noto Sans CJK SC", "Noto Color Emoji",
                   "Libertinus Serif")
# Further font folders (os.pathsep-separated), e.g. fonts from a wheel or a home folder.
FONT_PATHS_ENV = "CYP_FONT_PATHS"
_MISSING_GLYPH = re.compile(r"the text `(\"(?:[^\"\\]|\\.)*\")` could not be displayed")
MAX_GLYPH_RETRIES = 20
# What joins a character into one visible symbol: zero-width joiner and what follows
# it, variation selectors, skin tones, tag characters (the Welsh flag), keycaps.
_JOINED = ("(?:\u200d[^\\s]|[\ufe0e\ufe0f\u20e3\U0001f3fb-\U0001f3ff"
           "\U000e0020-\U000e007f])*")


@lru_cache(maxsize=1)
def font_families() -> list[str]:
    """The preferred fonts this machine has (naming a missing one makes typst warn)."""
    fonts = typst_fonts()
    if isinstance(fonts, list):  # an older binding without Fonts: the built-in face
        return ["Libertinus Serif"]
    have = {f.lower() for f in fonts.families()}
    return [f for f in PREFERRED_FONTS if f.lower() in have] or ["Libertinus Serif"]


def font_paths() -> list[str]:
    return [p for p in os.environ.get(FONT_PATHS_ENV, "").split(os.pathsep) if p]


@lru_cache(maxsize=1)
def typst_fonts() -> Any:
    """What every typst run of the build is given as ``font_paths``: the system's fonts
    and those of CYP_FONT_PATHS, searched once per build (a ``typst.Fonts``). Given
    folders instead, each compile searches them again: 70 ms here, twice per language
    for the PDF and the DOCX's charts. An older binding without Fonts gets the folders."""
    import typst

    try:
        return typst.Fonts(font_paths=font_paths())
    except Exception:
        return font_paths()


def typst_string(text: str) -> str:
    """A Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _typst_image(image: Image) -> dict[str, Any]:
    # Pandoc's typst writer drops alt text; PDF/UA needs it, so the call is written
    # here. The ';' ends the embedded expression, so following text cannot extend it.
    call = f"#box(image({typst_string(image.rel)}, alt: {typst_string(image.alt)}));"
    return {"t": "RawInline", "c": ["typst", call]}


def _inputs(doc: Document) -> dict[str, str]:
    """The cover and settings as JSON for the template (data, not Typst source)."""
    lang, _, region = doc.lang_tag.partition("-")
    accent = doc.accent if re.fullmatch(r"#[0-9a-fA-F]{6}", doc.accent or "") else "#1d4f91"
    cover = doc.cover
    meta = {
        "title": cover.title, "authority": cover.authority,
        "partnership": cover.partnership, "period": cover.period,
        "published": cover.published, "draft": doc.draft, "accent": accent,
        "lang": lang.lower(), "region": region.upper() or None,
        "logos": [{"path": logo.rel, "alt": logo.alt} for logo in cover.logos],
        "strings": {"contents": doc.s("contents"), "draft": doc.draft_mark,
                    "draft_note": doc.draft_notice},
        "contents": doc.contents,
        "outline": [{"id": part.id, "title": part.title, "depth": depth}
                    for top, subs in doc.outline()
                    for part, depth in ((top, 1), *((sub, 2) for sub in subs))],
        "edition": doc.edition,
        "fonts": font_families(),
        "margin_cm": SIDE_MARGIN_CM,
    }
    return {"meta": json.dumps(meta, ensure_ascii=False)}


# The page's measure and table type, as templates/plan.typ sets them (A4 less two
# side margins; tables 11 pt, 13 pt in the children's edition), for sizing table
# columns to their longest word (render/columns.py).
SIDE_MARGIN_CM = 3.5  # templates/plan.typ reads it from meta.margin_cm
MEASURE_PT = (21.0 - 2 * SIDE_MARGIN_CM) / 2.54 * 72
TABLE_PT = 11.0
CHILDREN_TABLE_PT = 13.0


# A table too wide for the measure may reach into the side margins, centred, up to
# 1.5 cm from the paper's edges (tables are read cell by cell, not as lines of prose).
TABLE_WIDEST = (21.0 - 2 * 1.5) / (21.0 - 2 * SIDE_MARGIN_CM)


def table_across(size_pt: float) -> float:
    """The measure in ems of table text of ``size_pt``."""
    return MEASURE_PT / size_pt


# The children's edition: larger type for the body (the cover and contents keep the
# template's sizes), headings scaled to match, and tables no smaller than the text.
CHILDREN_TYPST = """
// --- the children's edition: larger type -------------------------------------------
#set text(size: 14pt)
#set par(leading: 0.8em, spacing: 1.2em)
#show heading.where(level: 2): set text(size: 18pt)
#show heading.where(level: 3): set text(size: 15pt)
#show table: set text(size: 13pt)
"""


def typst_source(doc: Document, warnings: list[str] | None = None) -> str:
    """The complete Typst source: template, then pandoc's body (after the children's
    edition's larger type, for that edition)."""
    table_pt = CHILDREN_TABLE_PT if doc.edition == "children" else TABLE_PT
    ast = to_pandoc(doc, _typst_image, api_version(), across=table_across(table_pt),
                    widest=TABLE_WIDEST)
    body = run_pandoc(ast, ["-t", "typst", "--wrap=preserve"], "the PDF's Typst source",
                      warnings).decode("utf-8")
    return _head(doc) + body


def _head(doc: Document) -> str:
    """The template (and the children's edition's settings) before pandoc's body."""
    edition = CHILDREN_TYPST if doc.edition == "children" else ""
    return TEMPLATE.read_text(encoding="utf-8") + "\n" + edition + "\n"


def render_pdf(doc: Document, warnings: list[str] | None = None) -> bytes:
    try:
        import typst
    except ImportError:
        raise BuildError(f"typst is not installed ({INSTALL_HINT})", exit_code=2) from None
    source = typst_source(doc, warnings)
    with temporary_folder("cyp-typst-") as root:
        for image in doc.images():
            dest = root / image.rel
            if not dest.exists():
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(read_image(image))
        main = root / "main.typ"
        inputs = _inputs(doc)
        head = _head(doc)  # the template: never rewritten
        for _ in range(MAX_GLYPH_RETRIES):
            main.write_text(source, encoding="utf-8")
            try:
                if hasattr(typst, "compile_with_warnings"):
                    pdf, found = typst.compile_with_warnings(
                        str(main), root=str(root), sys_inputs=inputs,
                        pdf_standards=PDF_STANDARDS, font_paths=typst_fonts())
                else:  # older bindings: warnings are not reported
                    pdf, found = typst.compile(
                        str(main), root=str(root), sys_inputs=inputs,
                        pdf_standards=PDF_STANDARDS, font_paths=typst_fonts()), []
                break
            except typst.TypstError as exc:
                missing = _missing_glyph(exc)
                body = source[len(head):]
                if not missing or ord(missing[0]) < 128:
                    raise _explain(exc, source, doc) from None
                # No font here has this glyph, so none has its neighbours either (a
                # font covers a script or none of it): show each such character's code
                # and say so, rather than fail every format.
                lo, hi = _range_of(missing[0])
                sequence = re.compile(f"[{re.escape(chr(lo))}-{re.escape(chr(hi))}]"
                                      + _JOINED)
                chars = sorted({m[0][0] for m in sequence.finditer(body)}
                               | {m[0][0] for v in inputs.values() for m in sequence.finditer(v)})
                if not chars:
                    raise _explain(exc, source, doc) from None
                if warnings is not None:
                    where = _explain(exc, source, doc)
                    place = f"{where.file}: " if where.file else ""
                    sample = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in chars[:5])
                    more = f" and {len(chars) - 5} more" if len(chars) > 5 else ""
                    warnings.append(f"{place}the PDF has no font for {sample}{more}: shown as "
                                    f"their codes, e.g. [U+{ord(chars[0]):04X}]. {FONT_HINT}")

                def code(m: re.Match[str]) -> str:
                    return f"[U+{ord(m[0][0]):04X}]"

                source = head + sequence.sub(code, body)
                inputs = {k: sequence.sub(code, v) for k, v in inputs.items()}
            except RuntimeError as exc:  # older bindings raise a plain RuntimeError
                raise BuildError(f"typst failed: {str(exc).strip().splitlines()[0]}") from None
        else:
            raise BuildError(f"typst: more than {MAX_GLYPH_RETRIES} characters have no font "
                             f"on this machine. {FONT_HINT}")
    if warnings is not None:
        warnings.extend(f"typst: {getattr(w, 'message', w)}" for w in found)
    if not isinstance(pdf, bytes):
        raise BuildError("typst returned no PDF")
    return pdf


FONT_HINT = ("Fonts with wide coverage: on Debian or Ubuntu, apt install fonts-noto-core "
             "fonts-noto-cjk fonts-noto-color-emoji; or name a folder of fonts in "
             f"{FONT_PATHS_ENV}.")


# Ranges a font covers all or none of, for the fallback: CJK (with kana), Hangul,
# emoji and pictographs; elsewhere the character's 256-code-point page.
_SCRIPT_RANGES = ((0x2E80, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0x1F000, 0x1FAFF),
                  (0x20000, 0x3FFFF))


def _range_of(char: str) -> tuple[int, int]:
    n = ord(char)
    for lo, hi in _SCRIPT_RANGES:
        if lo <= n <= hi:
            return lo, hi
    return n & ~0xFF, n | 0xFF


def _missing_glyph(exc: Any) -> str | None:
    """The text typst could not set with any font, from its PDF/UA error (a Typst
    string literal: ``"\\u{1b}"`` escapes, or the characters themselves)."""
    found = _MISSING_GLYPH.search(str(getattr(exc, "message", "") or exc))
    if not found:
        return None
    literal = found[1][1:-1]
    text = re.sub(r"\\u\{([0-9a-fA-F]{1,6})\}", lambda m: chr(int(m[1], 16)), literal)
    return text.replace('\\"', '"').replace("\\\\", "\\") or None


def _explain(exc: Any, source: str, doc: Document) -> BuildError:
    """A typst error, pointed at the plan section whose text it arose in."""
    message = str(getattr(exc, "message", "") or exc).strip().splitlines()[0]
    diagnostic = str(getattr(exc, "diagnostic", ""))
    for image in doc.images():  # an image typst cannot read (a malformed SVG): name it
        if f"/{image.rel}:" in diagnostic or diagnostic.startswith(f"{image.rel}:"):
            file, _, line = image.where.rpartition(":")
            return BuildError(f"image '{image.rel}': {message}", file,
                              int(line) if line.isdigit() else 0)
    at = diagnostic.find("error:")
    found = _LOCATION.search(diagnostic, at if at >= 0 else 0)
    if found:
        line_no = int(found.group(1))
        lines = source.split("\n")[:line_no]
        for text in reversed(lines):
            label = text.strip()
            if label.startswith("<") and label.endswith(">") and label[1:-1] in doc.sources:
                return BuildError(f"typst failed in this section's text: {message}",
                                  doc.sources[label[1:-1]])
        return BuildError(f"typst failed (generated line {line_no}): {message}")
    return BuildError(f"typst failed: {message}")
