"""Small helpers over pandoc's JSON AST (pandoc-types 1.23): the plain text of
inlines and blocks, and constructors for the few nodes the importer makes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Node = dict[str, Any]
#: What ``walk_inlines`` applies to every list of inlines.
InlineFn = Callable[[list[Node]], list[Node]]

_WRAPPERS = {"Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript",
             "SmallCaps"}
_QUOTES = {"SingleQuote": ("‘", "’"), "DoubleQuote": ("“", "”")}


def text(inlines: list[Node]) -> str:
    """The words of ``inlines`` as one line (notes left out)."""
    out: list[str] = []
    _inline_text(inlines, out)
    return " ".join("".join(out).split())


def _inline_text(inlines: list[Node], out: list[str]) -> None:
    for node in inlines:
        t = node.get("t")
        c: Any = node.get("c")  # its shape depends on "t"
        if t == "Str":
            out.append(c)
        elif t in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif t in _WRAPPERS:
            _inline_text(c, out)
        elif t in ("Span", "Link", "Image"):
            _inline_text(c[1], out)
        elif t == "Quoted":
            left, right = _QUOTES.get(c[0].get("t"), ('"', '"'))
            out.append(left)
            _inline_text(c[1], out)
            out.append(right)
        elif t == "Cite":
            _inline_text(c[1], out)
        elif t in ("Code", "Math"):
            out.append(c[1])


def block_text(blocks: list[Node]) -> str:
    """The words of ``blocks`` as one line."""
    parts: list[str] = []
    for block in blocks:
        t = block.get("t")
        c: Any = block.get("c")  # its shape depends on "t"
        if t in ("Plain", "Para"):
            parts.append(text(c))
        elif t == "Header":
            parts.append(text(c[2]))
        elif t == "LineBlock":
            parts.extend(text(line) for line in c)
        elif t in ("BulletList",):
            parts.extend(block_text(item) for item in c)
        elif t == "OrderedList":
            parts.extend(block_text(item) for item in c[1])
        elif t in ("BlockQuote",):
            parts.append(block_text(c))
        elif t == "Div":
            parts.append(block_text(c[1]))
        elif t == "Figure":
            parts.append(block_text(c[2]))
        elif t == "DefinitionList":
            for term, defs in c:
                parts.append(text(term))
                parts.extend(block_text(d) for d in defs)
        elif t == "CodeBlock":
            parts.append(c[1])
        elif t == "Table":  # a table inside a table cell: its words, row by row
            parts.extend(block_text(cell[4]) for row in table_rows(block)
                         for cell in row["cells"])
    return " ".join(p for p in parts if p)


def strs(words: str) -> list[Node]:
    """Inlines for plain ``words``."""
    out: list[Node] = []
    for i, word in enumerate(words.split()):
        if i:
            out.append({"t": "Space"})
        out.append({"t": "Str", "c": word})
    return out


def para(words: str) -> Node:
    return {"t": "Para", "c": strs(words)}


def header(level: int, inlines: list[Node]) -> Node:
    return {"t": "Header", "c": [level, ["", [], []], inlines]}


def walk_inlines(blocks: list[Node], fn: InlineFn) -> list[Node]:
    """``blocks`` with every inline list passed through ``fn(list) -> list``
    (bottom-up), in place."""
    for block in blocks:
        _walk_block(block, fn)
    return blocks


def _walk_block(block: Node, fn: InlineFn) -> None:
    t = block.get("t")
    c: Any = block.get("c")  # its shape depends on "t"
    if t in ("Plain", "Para"):
        block["c"] = _walk_list(c, fn)
    elif t == "Header":
        c[2] = _walk_list(c[2], fn)
    elif t == "LineBlock":
        block["c"] = [_walk_list(line, fn) for line in c]
    elif t == "BulletList":
        for item in c:
            walk_inlines(item, fn)
    elif t == "OrderedList":
        for item in c[1]:
            walk_inlines(item, fn)
    elif t == "BlockQuote":
        walk_inlines(c, fn)
    elif t == "Div":
        walk_inlines(c[1], fn)
    elif t == "Figure":
        walk_inlines(c[2], fn)
    elif t == "DefinitionList":
        for pair in c:
            pair[0] = _walk_list(pair[0], fn)
            for d in pair[1]:
                walk_inlines(d, fn)
    elif t == "Table":
        for row in table_rows(block):
            for cell in row["cells"]:
                walk_inlines(cell[4], fn)


def _walk_list(inlines: list[Node], fn: InlineFn) -> list[Node]:
    for node in inlines:
        t = node.get("t")
        c: Any = node.get("c")  # its shape depends on "t"
        if t in _WRAPPERS:
            node["c"] = _walk_list(c, fn)
        elif t in ("Span", "Link", "Image", "Quoted", "Cite"):
            c[1] = _walk_list(c[1], fn)
        elif t == "Note":
            walk_inlines(c, fn)
    return fn(inlines)


def table_rows(table: Node) -> list[dict[str, Any]]:
    """Every row of a Table node, head first then bodies then foot, each as
    ``{"part": "head"|"body"|"foot", "cells": [cell, ...]}`` (cells are pandoc's
    ``[attr, align, rowspan, colspan, blocks]``)."""
    _attr, _caption, _specs, head, bodies, foot = table["c"]
    rows: list[dict[str, Any]] = [{"part": "head", "cells": r[1]} for r in head[1]]
    for body in bodies:
        rows.extend({"part": "head", "cells": r[1]} for r in body[2])
        rows.extend({"part": "body", "cells": r[1]} for r in body[3])
    rows.extend({"part": "foot", "cells": r[1]} for r in foot[1])
    return rows


def caption_text(table: Node) -> str:
    caption = table["c"][1]
    return block_text(caption[1]) if caption and len(caption) > 1 else ""
