"""Document tree -> Pandoc's JSON AST, the input of both pandoc-based formats.

DOCX and PDF are produced from this one AST (pandoc writes DOCX directly, and Typst
for the PDF); only how an image is referenced differs, so the caller passes
``image``: DOCX embeds a data URI, the typst path emits a raw ``image()`` call because
pandoc's typst writer drops alt text, which PDF/UA requires.

Heading levels are the tree's: a part is level 1 (Word's Heading 1), its headings 2
and 3. Ids become Pandoc identifiers, which pandoc turns into DOCX bookmarks and Typst
labels, and ``#id`` links into internal hyperlinks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..document.nodes import (
    Block,
    BulletList,
    Cell,
    Code,
    CodeBlock,
    Document,
    Emph,
    Heading,
    Image,
    Inline,
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
)

Json = dict[str, Any]
ImageFn = Callable[[Image], Json]
NO_ATTR: list[Any] = ["", [], []]
_SPACE: Json = {"t": "Space"}
# Unaligned columns are set left: Typst would otherwise centre them (pandoc wraps a
# table in align(center)), and left is what Word and browsers do anyway.
_ALIGN = {"left": "AlignLeft", "right": "AlignRight", "center": "AlignCenter"}
_DEFAULT_ALIGN = "AlignLeft"


def _attr(ident: str = "") -> list[Any]:
    return [ident, [], []] if ident else NO_ATTR


def words(text: str) -> list[Json]:
    """Text as Pandoc's Str and Space tokens (writers wrap and escape them)."""
    out: list[Json] = []
    for n, word in enumerate(text.split(" ")):
        if n:
            out.append(_SPACE)
        if word:
            out.append({"t": "Str", "c": word})
    return out


def image_as_data_uri(image: Image) -> Json:
    """For DOCX: pandoc embeds the picture from the URI without reading any file."""
    from .images import data_uri

    return {"t": "Image", "c": [NO_ATTR, words(image.alt), [data_uri(image), image.title]]}


class Converter:
    def __init__(self, image: ImageFn) -> None:
        self.image = image

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
        return out

    # --- blocks --------------------------------------------------------------------

    def blocks(self, items: list[Block]) -> list[Json]:
        return [self.block(b) for b in items]

    def block(self, b: Block) -> Json:
        if isinstance(b, Para):
            return {"t": "Para", "c": self.inlines(b.content)}
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
        raise TypeError(f"no Pandoc form for {type(b).__name__}")

    def table(self, t: Table) -> Json:
        ncols = max((len(r.cells) for r in (*t.head, *t.body)), default=0)
        aligns = [""] * ncols
        for row in t.head[:1]:
            for n, c in enumerate(row.cells):
                aligns[n] = c.align
        widths = t.widths if len(t.widths) == ncols else []
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

    def row(self, r: Row) -> list[Any]:
        return [NO_ATTR, [self.cell(c) for c in r.cells]]

    def cell(self, c: Cell) -> list[Any]:
        content = self.inlines(c.content)
        if c.id:  # a Span with an id: a DOCX bookmark, a Typst label
            content = [{"t": "Span", "c": [_attr(c.id), content]}]
        return [NO_ATTR, {"t": _ALIGN.get(c.align, "AlignDefault")}, 1, 1,
                [{"t": "Plain", "c": content}]]


def to_pandoc(doc: Document, image: ImageFn, api_version: list[int],
              meta: dict[str, Json] | None = None) -> Json:
    """The whole document: every part, in order, with the cover as metadata (title,
    subtitle = partnership, author = authority, date = publication) plus ``meta``."""
    conv = Converter(image)
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
