"""Section bodies: the AST blocks of each section made ready for cyp's Markdown
(CommonMark with GFM tables) and converted in one pandoc run.

Before conversion: headings shift so a body starts at ``##``; bookmarks are dropped
and internal links point at the section file (and heading) they reach, or become
text; images are saved under ``images/`` (a warning for each without alt text or in a
format a plan cannot publish); footnotes become numbered notes at the end of their
section; table cells become one line each and merged cells are split (text in the
first cell, a warning naming the table), because a Markdown table holds neither.
All sections go to pandoc together, separated by marker paragraphs, so a long
document costs one pandoc start, not one per section.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from ..model.markdown import slugify
from .report import Report
from .source import Source
from .tree import Node, block_text, header, para, strs, text, walk_inlines

PUBLISHABLE = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
MARKER = "CYPIMPORTSECTIONBREAK"
WRITER = ["-t", "commonmark+pipe_tables+strikeout", "--wrap=none"]


@dataclass
class Body:
    file: str  # sections/NN-slug.md
    title: str
    level: int  # the section heading's level in the source
    blocks: list[Node]
    where: str
    notes: list[list[Node]] = field(default_factory=list)


@dataclass
class Converter:
    source: Source
    report: Report
    anchors: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (file, slug)
    images: dict[str, bytes] = field(default_factory=dict)  # images/<name> -> bytes
    dropped_links: int = 0
    merged_tables: list[str] = field(default_factory=list)

    def collect_anchors(self, bodies: list[Body], sections: dict[int, str],
                        headings: list[Node], bookmarks: list[tuple[str, list[str]]]) -> None:
        """Every id a link may point at: the ids of section headings (``sections``
        maps a heading block's ``id()`` to its file) and body headings, bookmarks
        inside them, and (``bookmarks``, a DOCX's) the bookmarks before them."""
        where: dict[int, tuple[str, str]] = {k: (f, "") for k, f in sections.items()}
        for body in bodies:
            for block in body.blocks:
                if block.get("t") == "Header":
                    where[id(block)] = (body.file, slugify(text(block["c"][2])))
        for block in headings:
            target = where.get(id(block))
            if target is None:
                continue
            ids = [block["c"][1][0]] + [
                n["c"][0][0] for n in block["c"][2] if n.get("t") == "Span" and n["c"][0][0]]
            for anchor in ids:
                if anchor:
                    self.anchors[anchor] = target
        if bookmarks:
            # Pair the DOCX's heading paragraphs with pandoc's headings by their text,
            # in order (pandoc may count a heading the DOCX styles differently).
            ours = [" ".join(text(b["c"][2]).split()) for b in headings]
            theirs = [" ".join(t.split()) for t, _ in bookmarks]
            matcher = difflib.SequenceMatcher(None, theirs, ours, autojunk=False)
            for a, b, size in matcher.get_matching_blocks():
                for k in range(size):
                    target = where.get(id(headings[b + k]))
                    if target is not None:
                        for name in bookmarks[a + k][1]:
                            self.anchors.setdefault(name, target)

    # --- inlines -----------------------------------------------------------------

    def _inlines(self, body: Body) -> Any:
        def fn(inlines: list[Node]) -> list[Node]:
            out: list[Node] = []
            for node in inlines:
                t = node.get("t")
                if t == "Span":
                    out.extend(node["c"][1])
                elif t == "RawInline":
                    continue
                elif t == "Note":
                    body.notes.append(node["c"])
                    out.append({"t": "Str", "c": f"[{len(body.notes)}]"})
                elif t == "Link":
                    out.extend(self._link(node, body))
                elif t == "Image":
                    out.extend(self._image(node, body))
                else:
                    out.append(node)
            return out
        return fn

    def _link(self, node: Node, body: Body) -> list[Node]:
        target = node["c"][2][0]
        if re.match(r"^(https?|mailto):", target):
            return [node]
        if target.startswith("#") and target[1:] in self.anchors:
            file, slug = self.anchors[target[1:]]
            here = file == body.file
            name = PurePosixPath(file).name
            href = (f"#{slug}" if here else f"{name}#{slug}") if slug else name
            if href and href != "#":
                node["c"][2] = [href, node["c"][2][1]]
                node["c"][0] = ["", [], []]
                return [node]
        self.dropped_links += 1
        text: list[Node] = node["c"][1]
        return text

    def _image(self, node: Node, body: Body) -> list[Node]:
        src = node["c"][2][0]
        alt = text(node["c"][1])
        name = PurePosixPath(src).name
        suffix = PurePosixPath(name).suffix.lower()
        data = self.source.image(src)
        if data is None or suffix not in PUBLISHABLE:
            why = "not found in the document" if data is None else f"{suffix or 'no'} format"
            self.report.warn(f"image '{name}' in section '{body.title}' left out ({why}); "
                             "add it again as PNG or JPEG")
            return strs(f"[image: {alt or name}]")
        stem = slugify(PurePosixPath(name).stem) or "image"
        rel, n = f"images/{stem}{suffix}", 2
        while rel in self.images and self.images[rel] != data:
            rel, n = f"images/{stem}-{n}{suffix}", n + 1
        self.images[rel] = data
        if not alt:
            self.report.warn(f"image '{name}' in section '{body.title}' has no alt text; "
                             f"describe it in {body.file}")
        node["c"][0] = ["", [], []]
        node["c"][2] = [f"../{rel}", node["c"][2][1]]
        return [node]

    # --- blocks ------------------------------------------------------------------

    def _blocks(self, blocks: list[Node], body: Body) -> list[Node]:
        out: list[Node] = []
        for block in blocks:
            t = block.get("t")
            if t == "Div":
                out.extend(self._blocks(block["c"][1], body))
            elif t in ("RawBlock", "Null", "HorizontalRule"):
                continue
            elif t == "Header":
                level = max(2, min(6, block["c"][0] - body.level + 1))
                out.append(header(level, block["c"][2]))
            elif t == "Figure":
                inner = self._blocks(block["c"][2], body)
                caption = block_text(block["c"][1][1]) if block["c"][1] else ""
                for b in inner:
                    for inline in b.get("c", []) if b.get("t") in ("Plain", "Para") else []:
                        if inline.get("t") == "Image" and not text(inline["c"][1]) and caption:
                            inline["c"][1] = strs(caption)
                out.extend({"t": "Para", "c": b["c"]} if b.get("t") == "Plain" else b
                           for b in inner)
            elif t == "Table":
                out.extend(self._table(block, body))
            elif t == "BlockQuote":
                out.append({"t": "BlockQuote", "c": self._blocks(block["c"], body)})
            elif t == "BulletList":
                out.append({"t": "BulletList",
                            "c": _tight([self._blocks(item, body) for item in block["c"]])})
            elif t == "OrderedList":
                out.append({"t": "OrderedList", "c": [
                    [1, {"t": "Decimal"}, {"t": "Period"}],
                    _tight([self._blocks(item, body) for item in block["c"][1]])]})
            else:
                out.append(block)
        return out

    def _table(self, table: Node, body: Body) -> list[Node]:
        from .tables import read_grid

        grid = read_grid(table, 0)
        if grid.merged_header or grid.merged_body:
            label = f"a table in section '{body.title}'" + (
                f" ('{grid.caption}')" if grid.caption else "")
            self.merged_tables.append(label)
            self.report.warn(f"{label} has merged cells, which Markdown cannot hold: each "
                             "merged cell's text is in its first cell; check the table")
        width = len(grid.header) or (len(grid.rows[0]) if grid.rows else 0)

        def cell(words: str) -> list[Any]:
            inl = strs(words)
            return [["", [], []], {"t": "AlignDefault"}, 1, 1,
                    [{"t": "Plain", "c": inl}] if inl else []]

        def row(cells: list[Any]) -> list[Any]:
            return [["", [], []], cells]

        head = [row([cell(h) for h in grid.header])] if grid.header else []
        rows = [row([cell("" if c.copy else c.text) for c in r]) for r in grid.rows]
        specs = [[{"t": "AlignDefault"}, {"t": "ColWidthDefault"}] for _ in range(width)]
        out = [{"t": "Table", "c": [["", [], []], [None, []], specs, [["", [], []], head],
                                    [[["", [], []], 0, [], rows]], [["", [], []], []]]}]
        if grid.caption:  # cyp reads a "Table: ..." paragraph after a table as its caption
            out.append(para(f"Table: {grid.caption}"))
        return out

    def prepare(self, body: Body) -> list[Node]:
        blocks = walk_inlines(body.blocks, self._inlines(body))
        blocks = self._blocks(blocks, body)
        if body.notes:
            items = [self._blocks(n, body) for n in body.notes]  # inlines already done
            blocks += [header(2, strs("Notes")),
                       {"t": "OrderedList", "c": [[1, {"t": "Decimal"}, {"t": "Period"}],
                                                  items]}]
            self.report.add("section", f"{len(body.notes)} footnote(s) in '{body.title}' "
                            "became numbered notes at the end of the section", body.where,
                            "high")
        return blocks


def _tight(list_items: list[list[Node]]) -> list[list[Node]]:
    """Items of one paragraph each (Word's list paragraphs) as a tight list."""
    if all(len(item) == 1 and item[0].get("t") == "Para" for item in list_items):
        return [[{"t": "Plain", "c": item[0]["c"]}] for item in list_items]
    return list_items


def convert(bodies: list[Body], converter: Converter, api: list[int]) -> list[str]:
    """The Markdown of each body, in order."""
    import json

    from .source import run_pandoc

    blocks: list[Node] = []
    for n, body in enumerate(bodies):
        blocks.append(para(f"{MARKER}{n}"))
        blocks.extend(converter.prepare(body))
    ast = {"pandoc-api-version": api, "meta": {}, "blocks": blocks}
    data = json.dumps(ast, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    out = run_pandoc(["-f", "json", *WRITER], data, "writing the sections").decode("utf-8")
    parts = re.split(rf"^{MARKER}(\d+)\s*$", out, flags=re.M)
    texts = [""] * len(bodies)
    for i in range(1, len(parts), 2):
        texts[int(parts[i])] = parts[i + 1].strip("\n")
    return [t + "\n" if t else "" for t in texts]
