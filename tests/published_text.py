"""What a reader gets from a published output, shared by the tests that read it: the
text of an HTML page, a DOCX and a PDF (as a screen reader would meet it), and the
English a Welsh edition must never print (from the plan's data and a catalogue)."""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import docx
import pypdf
import yaml

from cyp_cli.document.strings import STRINGS_DIR, leaves
from cyp_cli.model.record import Localised

# Free-text fields of the plan's data that have a Welsh twin (``name`` and ``name_cy``).
TWINNED = ("indicator", "unit", "action", "name", "source", "resources", "role", "text",
           "term", "meaning", "address", "title", "authority", "partnership")


def html_text(path: Path, drop_lang: str = "") -> str:
    """The page's text, charts' SVG text included. ``drop_lang``: leave out elements
    marked as in that language (``lang="en-GB"``: the link to the English edition,
    quotations), which a screen reader reads in their own language."""
    page = path.read_text(encoding="utf-8")
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    if drop_lang:
        page = re.sub(rf'<(?!html\b)(\w+)\b[^>]*\blang="{drop_lang}[^"]*"[^>]*>.*?</\1>',
                      " ", page, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", page))


def docx_text(path: Path) -> str:
    """Paragraphs, table cells and images' alternative texts."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    parts += [e.get("descr", "") for e in document.element.body.iter()
              if e.tag.endswith("}docPr")]
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)


def texts(stem: Path, drop_lang: str = "") -> dict[str, str]:
    """``{html, docx, pdf}`` -> the text of ``stem``.html/.docx/.pdf that exist, with
    white space made single."""
    readers = {"html": lambda p: html_text(p, drop_lang), "docx": docx_text, "pdf": pdf_text}
    out = {}
    for fmt, read in readers.items():
        path = stem.parent / f"{stem.name}.{fmt}"
        if path.is_file():
            out[fmt] = " ".join(read(path).split())
    return out


def english_terms(objects: Iterable[Any], catalogues: Iterable[str],
                  allowed: str = "") -> set[str]:
    """English a Welsh edition must not print: each twinned field of ``objects`` whose
    Welsh differs, and every fixed English phrase of the ``catalogues`` (file stems in
    the strings folder, e.g. "en" or "review.en"), less what the Welsh also uses
    (names such as "Ynys Fawr", "CAMHS") and anything in ``allowed``."""
    english: set[str] = set()
    welsh: list[str] = []
    for obj in objects:
        for name in TWINNED:
            en = getattr(obj, name, None)
            cy = en.get("cy") if isinstance(en, Localised) else None
            if isinstance(en, str) and en and cy and en != cy:
                english.add(en)
                welsh.append(cy)
    for stem in catalogues:
        for lang, into in ((stem, english), (stem.replace("en", "cy"), None)):
            data = yaml.safe_load((STRINGS_DIR / f"{lang}.yaml").read_text("utf-8"))
            for _, value in leaves(data):
                text = " ".join(value) if isinstance(value, list) else str(value)
                for piece in re.split(r"\{\w+\}", text):
                    piece = " ".join(piece.split()).strip(" .,:;()–-")
                    if into is not None and re.search(r"[A-Za-z]{3,}", piece):
                        into.add(piece)
                    elif into is None:
                        welsh.append(piece)
    shared = " ".join(welsh) + " " + allowed
    return {t for t in english if t not in shared}


def found_in(terms: set[str], text: str) -> list[str]:
    """The terms that occur in ``text`` as whole words."""
    return sorted(t for t in terms if re.search(rf"(?<![\w']){re.escape(t)}(?![\w'])", text))
