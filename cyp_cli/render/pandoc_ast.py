"""Document tree -> Pandoc's JSON AST, the input of both pandoc-based formats.

DOCX and PDF are produced from this one AST (pandoc writes DOCX directly, and Typst
for the PDF); only how an image is referenced differs, so the caller passes
``image``: DOCX embeds a data URI, the typst path emits a raw ``image()`` call because
pandoc's typst writer drops alt text, which PDF/UA requires.

Heading levels are the tree's: a part is level 1 (Word's Heading 1), its headings 2
and 3. Ids become Pandoc identifiers, which pandoc turns into DOCX bookmarks and Typst
labels, and ``#id`` links into internal hyperlinks.

The review report's nodes: a redline's :class:`Inserted` and :class:`Deleted` print
their labels ("inserted: ", "deleted: ") in brackets, underlined or struck through, so
paper and screen readers get the words, not only the line; a :class:`Badge` is bold
text (coloured in the PDF as a supplement); a :class:`Figure` (an SVG chart) is
embedded as an SVG image with its text alternative, in DOCX as a data URI and in the
PDF through a raw ``image(bytes(...), format: "svg", alt: ...)`` call (typst reads
SVG; pandoc's typst writer would drop the alt text). Which of the two is wanted is
told by ``target``, or else by the image function: :func:`image_as_data_uri` means
DOCX, anything else the Typst path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..document.nodes import (
    Badge,
    Block,
    BulletList,
    Cell,
    Code,
    CodeBlock,
    Deleted,
    Document,
    Emph,
    Figure,
    Heading,
    Image,
    Inline,
    Inserted,
    LineBreak,
    Link,
    OrderedList,
    Para,
    Plain,
    Quote,
    Row,
    Rule,
    SoftBreak,
    Strike,
    Strong,
    Table,
    Text,
    plain_text,
)
from .columns import PADDING_EM, fit_widths, longest_run_em

Json = dict[str, Any]
ImageFn = Callable[[Image], Json]
NO_ATTR: list[Any] = ["", [], []]
_SPACE: Json = {"t": "Space"}
# Unaligned columns are set left: Typst would otherwise centre them (pandoc wraps a
# table in align(center)), and left is what Word and browsers do anyway.
_ALIGN = {"left": "AlignLeft", "right": "AlignRight", "center": "AlignCenter"}
_DEFAULT_ALIGN = "AlignLeft"
# Badge colours in the PDF (supplements to the words; all dark enough for text).
_TONES = {"achieved": "#0b3d1b", "on-track": "#102a54", "off-track": "#8b0000",
          "no-data": "#1a1a1a", "flag": "#5c3d00"}


def _attr(ident: str = "") -> list[Any]:
    return [ident, [], []] if ident else NO_ATTR


def _lang_attr(lang: str) -> list[Any]:
    return ["", [], [["lang", lang]]]


# How wide a chart is set, as a share of the page's measure: across the PDF's 14 cm
# measure, at 85% of the DOCX's 17 cm. With review/charts.py's WIDTH and text size this
# decides the size its labels print at (tests/test_review_charts.py holds it >= 11 pt).
CHART_WIDTH = {"typst": "100%", "docx": "85%"}

# pandoc's writers take time quadratic in the length of one Str: a 100,000-character
# "word" took a minute to become Typst. Long texts go as several Str, which read the same.
_LONGEST_STR = 256


def words(text: str) -> list[Json]:
    """Text as Pandoc Str tokens, spaces and all: the DOCX and Typst writers (Typst with
    ``--wrap=preserve``) write them exactly as Str and Space tokens, and pandoc reads
    and writes one token per phrase rather than two per word (JSON 2.7 times smaller
    for the example; a third of the DOCX's pandoc time was reading it). A text longer
    than ``_LONGEST_STR`` is cut before a space where it has one."""
    if len(text) <= _LONGEST_STR:
        return [{"t": "Str", "c": text}] if text else []
    out: list[Json] = []
    at = 0
    while at < len(text):
        end = at + _LONGEST_STR
        if end < len(text):
            space = text.rfind(" ", at + 1, end)
            if space > at:
                end = space
        out.append({"t": "Str", "c": text[at:end]})
        at = end
    return out


def image_as_data_uri(image: Image) -> Json:
    """For DOCX: pandoc embeds the picture from the URI without reading any file."""
    from .images import data_uri

    return {"t": "Image", "c": [NO_ATTR, words(image.alt), [data_uri(image), image.title]]}


def _typst_string(text: str) -> str:
    """A Typst string literal (data, never markup)."""
    for raw, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"),
                         ("\t", "\\t")):
        text = text.replace(raw, escaped)
    return '"' + text + '"'


class Converter:
    """``across``: the page's measure in ems of table text, for column widths that fit
    each column's longest word (0: column shares are taken as given)."""

    def __init__(self, image: ImageFn, target: str = "", across: float = 0,
                 widest: float = 0, rasters: dict[str, bytes] | None = None,
                 padding: float = PADDING_EM) -> None:
        self.image = image
        self.rasters = rasters or {}
        self.target = target or ("docx" if image is image_as_data_uri else "typst")
        self.across = across
        self.widest = widest
        self.padding = padding

    # --- inlines -------------------------------------------------------------------

    def inlines(self, items: list[Inline]) -> list[Json]:
        out: list[Json] = []
        for i in items:
            if isinstance(i, Text):
                out.extend(words(i.text))
            elif isinstance(i, SoftBreak):
                out.append({"t": "SoftBreak"})
            elif isinstance(i, LineBreak):
                out.append({"t": "LineBreak"})
            elif isinstance(i, Code):
                out.append({"t": "Code", "c": [NO_ATTR, i.text]})
            elif isinstance(i, Emph):
                out.append({"t": "Emph", "c": self.inlines(i.content)})
            elif isinstance(i, Strong):
                out.append({"t": "Strong", "c": self.inlines(i.content)})
            elif isinstance(i, Strike):
                out.append({"t": "Strikeout", "c": self.inlines(i.content)})
            elif isinstance(i, Link):
                out.append({"t": "Link", "c": [NO_ATTR, self.inlines(i.content),
                                               [i.href, i.title]]})
            elif isinstance(i, Image):
                out.append(self.image(i))
            elif isinstance(i, (Inserted, Deleted)):
                out.extend(self.change(i))
            elif isinstance(i, Badge):
                out.append(self.badge(i))
        return out

    def change(self, i: Inserted | Deleted) -> list[Json]:
        """``[inserted: words]`` underlined, ``[deleted: words]`` struck through (the
        closing bracket ends it on paper, so ``end`` is for screen readers only)."""
        mark = "Underline" if isinstance(i, Inserted) else "Strikeout"
        label: Json = {"t": "Emph", "c": words("[" + i.label.strip())}
        if i.label_lang:
            label = {"t": "Span", "c": [_lang_attr(i.label_lang), [label]]}
        return [label, _SPACE, {"t": mark, "c": self.inlines(i.content)},
                {"t": "Emph", "c": words("]")}]

    def badge(self, b: Badge) -> Json:
        colour = _TONES.get(b.tone)
        if self.target == "typst" and colour:
            call = (f'#text(fill: rgb("{colour}"), weight: "bold", '
                    f"{_typst_string(b.text)});")
            return {"t": "RawInline", "c": ["typst", call]}
        return {"t": "Strong", "c": words(b.text)}

    # --- blocks --------------------------------------------------------------------

    def blocks(self, items: list[Block]) -> list[Json]:
        return [self.block(b) for b in items]

    def block(self, b: Block) -> Json:
        if isinstance(b, Para):
            para: Json = {"t": "Para", "c": self.inlines(b.content)}
            if b.lang:  # DOCX marks its runs, Typst sets text(lang: ...)
                return {"t": "Div", "c": [_lang_attr(b.lang), [para]]}
            return para
        if isinstance(b, Plain):
            return {"t": "Plain", "c": self.inlines(b.content)}
        if isinstance(b, Heading):
            return {"t": "Header", "c": [min(b.level, 6), _attr(b.id), self.inlines(b.content)]}
        if isinstance(b, BulletList):
            return {"t": "BulletList", "c": [self.blocks(item) for item in b.items]}
        if isinstance(b, OrderedList):
            style = [b.start, {"t": "Decimal"}, {"t": "Period"}]
            return {"t": "OrderedList", "c": [style, [self.blocks(item) for item in b.items]]}
        if isinstance(b, Quote):
            return {"t": "BlockQuote", "c": self.blocks(b.blocks)}
        if isinstance(b, CodeBlock):
            return {"t": "CodeBlock", "c": [["", [b.lang] if b.lang else [], []], b.text]}
        if isinstance(b, Rule):
            return {"t": "HorizontalRule"}
        if isinstance(b, Table):
            return self.table(b)
        if isinstance(b, Figure):
            return self.figure(b)
        raise TypeError(f"no Pandoc form for {type(b).__name__}")

    def table(self, t: Table) -> Json:
        ncols = max((len(r.cells) for r in (*t.head, *t.body)), default=0)
        aligns = [""] * ncols
        for row in t.head[:1]:
            for n, c in enumerate(row.cells):
                aligns[n] = c.align
        widths = t.widths if len(t.widths) == ncols else []
        if widths and self.across:
            runs = [0.0] * ncols
            for rows, bold in ((t.head, True), (t.body, False)):
                for r in rows:
                    for n, c in enumerate(r.cells):
                        runs[n] = max(runs[n], longest_run_em(plain_text(c.content), bold))
            widths = fit_widths(widths, runs, self.across, self.widest, self.padding)
        colspecs = [
            [{"t": _ALIGN.get(aligns[n], _DEFAULT_ALIGN)},
             {"t": "ColWidth", "c": widths[n]} if widths else {"t": "ColWidthDefault"}]
            for n in range(ncols)
        ]
        caption = [None, [{"t": "Plain", "c": self.inlines(t.caption)}] if t.caption else []]
        head = [NO_ATTR, [self.row(r) for r in t.head]]
        body = [NO_ATTR, 1 if t.row_headers else 0, [], [self.row(r) for r in t.body]]
        return {"t": "Table", "c": [_attr(t.id), caption, colspecs, head, [body],
                                    [NO_ATTR, []]]}

    def figure(self, f: Figure) -> Json:
        """A chart with its caption: an SVG image whose alt text is the chart's text
        alternative."""
        if self.target == "typst":
            call = (f"#image(bytes({_typst_string(f.svg)}), format: \"svg\", "
                    f"alt: {_typst_string(f.alt)}, width: {CHART_WIDTH['typst']})")
            content: list[Json] = [{"t": "RawBlock", "c": ["typst", call]}]
        else:
            import base64

            # A PNG where one was drawn (every word processor shows it), else the SVG.
            png = self.rasters.get(f.id)
            uri = ("data:image/png;base64," + base64.b64encode(png).decode("ascii")) if png \
                else ("data:image/svg+xml;base64,"
                      + base64.b64encode(f.svg.encode("utf-8")).decode("ascii"))
            size = ["", [], [["width", CHART_WIDTH["docx"]]]]
            content = [{"t": "Plain", "c": [
                {"t": "Image", "c": [size, words(f.alt), [uri, f.title]]}]}]
        caption = [None, [{"t": "Plain", "c": self.inlines(f.caption)}] if f.caption else []]
        return {"t": "Figure", "c": [_attr(f.id), caption, content]}

    def row(self, r: Row) -> list[Any]:
        return [NO_ATTR, [self.cell(c) for c in r.cells]]

    def cell(self, c: Cell) -> list[Any]:
        content = self.inlines(c.content)
        if c.id:  # a Span with an id: a DOCX bookmark, a Typst label
            content = [{"t": "Span", "c": [_attr(c.id), content]}]
        return [NO_ATTR, {"t": _ALIGN.get(c.align, "AlignDefault")}, 1, 1,
                [{"t": "Plain", "c": content}]]


def to_pandoc(doc: Document, image: ImageFn, api_version: list[int],
              meta: dict[str, Json] | None = None, target: str = "",
              across: float = 0, widest: float = 0,
              rasters: dict[str, bytes] | None = None, padding: float = PADDING_EM) -> Json:
    """The whole document: every part, in order, with the cover as metadata (title,
    subtitle = partnership, author = authority, date = publication) plus ``meta``.
    ``target`` ("docx" or "typst") is inferred from ``image`` when not given;
    ``across`` (the measure in ems of table text) widens columns to their longest
    word, and ``widest`` (a share of the measure) is how wide a table may grow for
    that, with ``padding`` ems of cell padding per column. ``rasters`` (figure id ->
    PNG) replaces a chart's SVG in DOCX."""
    conv = Converter(image, target, across, widest, rasters, padding)
    blocks: list[Json] = []
    for part in doc.parts:
        blocks.append(conv.block(part.heading))
        blocks.extend(conv.blocks(part.blocks))
    cover = doc.cover
    metadata: dict[str, Json] = {
        "title": {"t": "MetaInlines", "c": words(cover.title)},
        "author": {"t": "MetaList", "c": [{"t": "MetaInlines", "c": words(cover.authority)}]},
        "date": {"t": "MetaInlines", "c": words(cover.published)},
        "lang": {"t": "MetaString", "c": doc.lang_tag},
        "toc-title": {"t": "MetaInlines", "c": words(doc.s("contents"))},
    }
    if cover.partnership:
        metadata["subtitle"] = {"t": "MetaInlines", "c": words(cover.partnership)}
    metadata.update(meta or {})
    return {"pandoc-api-version": api_version, "meta": metadata, "blocks": blocks}
