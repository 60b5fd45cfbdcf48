"""Splitting the document into sections at its headings.

The split level is the heading level at which the nation's themes (core aims,
outcomes) sit, or ``--split-level``; headings above it become parent sections (a part
and its sub-sections, ``parent:``), headings below it stay in the body, shifted so the
body starts at ``##``. A contents page (a "Contents" heading, or lines that repeat
later headings with page numbers) and, in a document cyp built, the generated back
matter (index, registers, coverage, UNCRC, partners) are recognised by the wording in
cyp's strings catalogues and kept apart from the sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .report import Report
from .themes import Themes
from .tree import Node, block_text, table_rows, text

_NUMBERING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.)\s+(?=\S)")
_APPENDIX = re.compile(r"^(appendix|annex|atodiad)\b", re.I)
# "Appendix A: Monitoring": the label is numbering (cyp letters appendices itself).
_APPENDIX_LABEL = re.compile(
    r"(?:^|\s)(?:appendix|annex|atodiad)\s+[A-Z0-9]{1,3}\s*[:.\-–]\s+(?=\S)", re.I)
# "8.1 Core aim 1": a heading numbered below a part. Where the document numbers its
# sub-sections so (as cyp's own builds do), only numbered headings at the split level
# start sections; the unnumbered ones are headings inside a section's text.
_SUBNUMBER = re.compile(r"^\d{1,2}\.\d{1,2}\.?\s+\S")
_PAGE_LINE = re.compile(r"^(.*?)[\s.…·_-]*\b(\d{1,3})$")
# The parts of a built plan's back matter: each is a catalogue section with a "title"
# and its column names. A catalogue without one of them (an older cyp) is skipped.
GENERATED = ("index", "targets", "actions", "coverage", "uncrc", "partners", "glossary")
# The front and the statement cyp adds to a plan (docs/council-pages.md), known by
# title alone, and only in a document that also has cyp's back matter: another
# council's own "Foreword" is its text.
FRONT = ("formats", "foreword", "glance", "accessibility", "full_plan")


@dataclass
class Piece:
    title: str
    level: int
    anchor: str  # the heading's id in the source (for links)
    where: str  # "heading 'X' (block N)"
    blocks: list[Node] = field(default_factory=list)
    parent: int | None = None  # index of the parent piece
    kind: str = "section"  # section | generated name (targets, actions, partners, ...)
    appendix: bool = False
    numbering: str = ""  # typed numbering removed from the title
    node: Node | None = field(default=None, repr=False)  # the heading block itself


@dataclass
class Split:
    level: int
    preamble: list[Node]
    pieces: list[Piece]
    title: str | None  # a lone top heading taken as the document's title


def _norm(value: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", value.lower()).split())


def _leaves(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(_leaves(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_leaves(v) for v in value)) if value else set()
    return {_norm(str(value))} if "{" not in str(value) else set()


class BackMatter:
    """What cyp's own builds add to a plan, in every catalogue's wording."""

    def __init__(self, catalogues: list[dict[str, Any]]) -> None:
        self.contents = {_norm(c["contents"]) for c in catalogues} | {"table of contents"}
        self.titles: dict[str, str] = {}
        self.columns: dict[str, set[str]] = {}
        for c in catalogues:
            for kind in (*GENERATED, *FRONT):
                part = c.get(kind)
                if isinstance(part, dict) and part.get("title"):
                    self.titles[_norm(str(part["title"]))] = kind
                    self.columns.setdefault(kind, set()).update(_leaves(part))

    def kind(self, title: str, blocks: list[Node]) -> str | None:
        key = _norm(title)
        if key in self.contents:
            return "contents"
        kind = self.titles.get(key)
        if kind is None:
            return None
        if kind in FRONT:
            return kind
        for block in blocks:
            if block.get("t") == "Table":
                rows = table_rows(block)
                if not rows:
                    continue
                head = [_norm(block_text(cell[4])) for cell in rows[0]["cells"]]
                head = [h for h in head if h]
                if len(head) >= 2 and all(h in self.columns[kind] for h in head):
                    return kind
        return None


def flatten(blocks: list[Node]) -> list[Node]:
    """Top-level blocks with Divs unwrapped (Word styles and HTML sections wrap
    headings in them)."""
    out: list[Node] = []
    for block in blocks:
        if block.get("t") == "Div":
            out.extend(flatten(block["c"][1]))
        else:
            out.append(block)
    return out


def detect_level(headers: list[tuple[int, int, str]], themes: Themes) -> tuple[int, str]:
    """The split level and why. ``headers`` are (block index, level, title)."""
    hits: dict[int, int] = {}
    for _i, level, title in headers:
        if themes.in_heading(title):
            hits[level] = hits.get(level, 0) + 1
    if hits:
        level = max(sorted(hits), key=lambda lv: hits[lv])
        return level, f"the {themes.field.replace('_', ' ')} headings are at level {level}"
    counts: dict[int, int] = {}
    for _i, level, _t in headers:
        counts[level] = counts.get(level, 0) + 1
    for level in sorted(counts):
        if counts[level] >= 2:
            return level, f"the first heading level used more than once is {level}"
    return min(counts), "the document has one heading"


def _strip_numbering(title: str) -> tuple[str, str]:
    """("Monitoring", "4. Appendix A:") from "4. Appendix A: Monitoring"."""
    removed = []
    for pattern in (_NUMBERING, _APPENDIX_LABEL):
        m = pattern.match(title)
        if m and len(title) > m.end():
            removed.append(m.group(0).strip())
            title = title[m.end():].strip()
    return title, " ".join(removed)


def _contents_lines(blocks: list[Node], titles: set[str]) -> set[int]:
    """Indexes of paragraphs that repeat a later heading followed by a page number (a
    typed or field contents page); kept only when there are at least two."""
    found: set[int] = set()
    for i, block in enumerate(blocks):
        if block.get("t") not in ("Para", "Plain"):
            continue
        line = text(block["c"])
        m = _PAGE_LINE.match(line)
        if not m:
            continue
        name = _norm(_strip_numbering(m[1].strip())[0])
        if name and name in titles:
            found.add(i)
    return found if len(found) >= 2 else set()


MAX_BOLD_HEADING = 100  # characters: a bold line longer than this is a sentence


def _bold_headings(blocks: list[Node], report: Report) -> list[Node]:
    """A document with no heading styles, whose headings are bold lines: each short
    paragraph that is all bold and does not end a sentence becomes a heading."""
    out: list[Node] = []
    promoted: list[str] = []
    for block in blocks:
        c: Any = block.get("c")  # its shape depends on "t"
        if (block.get("t") == "Para" and len(c) == 1 and c[0].get("t") == "Strong"
                and (words := text(c)) and len(words) <= MAX_BOLD_HEADING
                and not words.endswith((".", ":", ";", ","))):
            out.append({"t": "Header", "c": [1, ["", [], []], c[0]["c"]]})
            promoted.append(words)
        else:
            out.append(block)
    if len(promoted) < 2:
        return blocks
    report.add("section", f"the document has no heading styles: {len(promoted)} bold lines "
               f"taken as headings (e.g. '{promoted[0]}')", "bold paragraphs", "medium",
               "check each section starts where it should; give the original heading "
               "styles and import again if not")
    return out


def split(blocks: list[Node], themes: Themes, back: BackMatter, report: Report,
          split_level: int | None, has_title: bool) -> Split:
    blocks = flatten(blocks)
    if not any(b.get("t") == "Header" for b in blocks):
        blocks = _bold_headings(blocks, report)
    headers = [(i, b["c"][0], text(b["c"][2])) for i, b in enumerate(blocks)
               if b.get("t") == "Header" and text(b["c"][2])]
    doc_title = None
    if not has_title and headers:
        tops = [h for h in headers if h[1] == headers[0][1]]
        if len(tops) == 1 and len(headers) > 1 and headers[0][1] == min(h[1] for h in headers):
            i, _lv, doc_title = headers[0]
            blocks = blocks[:i] + blocks[i + 1:]
            headers = [(j - (j > i), lv, t) for j, lv, t in headers[1:]]
            report.add("plan", f"title: '{doc_title}'", f"heading (block {i + 1})", "medium",
                       "the only top-level heading was taken as the plan's title")
    if not headers:
        level, why = 1, "the document has no headings"
    elif split_level is not None:
        level, why = split_level, "--split-level"
    else:
        level, why = detect_level(headers, themes)
    report.add("section", f"sections split at heading level {level}", why,
               "high" if split_level is not None else "medium",
               "" if split_level is not None else "use --split-level N if the split is wrong")
    # A theme heading at the split level splits only inside a parent that holds themes.
    themed_parents: set[int] = set()
    parent_of: dict[int, int | None] = {}
    stack: list[tuple[int, int]] = []
    for i, lv, title in headers:
        while stack and stack[-1][1] >= lv:
            stack.pop()
        above = [j for j, plv in stack if plv < level]
        parent_index = parent_of[i] = above[-1] if above else None
        if lv == level and themes.in_heading(title) and parent_index is not None:
            themed_parents.add(parent_index)
        stack.append((i, lv))
    numbered = sum(1 for _i, lv, t in headers if lv == level and _SUBNUMBER.match(t)) >= 2
    starts = {i for i, lv, t in headers
              if lv < level or (lv == level and (
                  split_level is not None
                  or (bool(_SUBNUMBER.match(t)) if numbered
                      else parent_of[i] is None or parent_of[i] in themed_parents)))}
    all_titles = {_norm(_strip_numbering(t)[0]) for _i, _lv, t in headers}
    pieces: list[Piece] = []
    preamble: list[Node] = []
    open_levels: list[tuple[int, int]] = []  # (level, piece index)
    current: list[Node] = preamble
    for i, block in enumerate(blocks):
        if i in starts:
            lv = block["c"][0]
            raw = text(block["c"][2])
            title, numbering = _strip_numbering(raw)
            while open_levels and open_levels[-1][0] >= lv:
                open_levels.pop()
            piece = Piece(title, lv, block["c"][1][0],
                          f"heading '{raw}' (block {i + 1})",
                          parent=open_levels[-1][1] if open_levels else None,
                          numbering=numbering, node=block)
            pieces.append(piece)
            open_levels.append((lv, len(pieces) - 1))
            current = piece.blocks
        else:
            current.append(block)
    # Classify: contents, generated back matter (and everything under it).
    for piece in pieces:
        parent = pieces[piece.parent] if piece.parent is not None else None
        if parent is not None and parent.kind != "section":
            piece.kind = parent.kind
            continue
        kind = back.kind(piece.title, piece.blocks)
        if kind:
            piece.kind = kind
            if kind == "contents":
                report.add("section", f"contents page '{piece.title}' left out (cyp builds "
                           "its own)", piece.where, "high")
            continue
        if _APPENDIX_LABEL.search(piece.numbering + " x") or _APPENDIX.match(piece.title):
            piece.appendix = True
            report.add("section", f"'{piece.title}' marked as an appendix (appendix: true)",
                       piece.where, "medium", "check it belongs in the back matter")
    if not any(p.kind in GENERATED for p in pieces):
        for piece in pieces:
            if piece.kind in FRONT:
                piece.kind = "section"
    renumbered = [p for p in pieces if p.numbering and p.kind == "section"]
    if renumbered:
        first = renumbered[0]
        report.add("section", f"typed numbering removed from {len(renumbered)} section "
                   f"titles (e.g. '{first.numbering} {first.title}'): cyp numbers "
                   "sections itself", first.where, "high")
    lines = _contents_lines(preamble, all_titles)
    if lines:
        report.add("section", f"a typed contents page ({len(lines)} lines) left out",
                   f"paragraphs {min(lines) + 1}-{max(lines) + 1} before the first heading",
                   "high")
        keep = [b for j, b in enumerate(preamble) if j not in lines]
        # A lone "Contents" line before the entries goes with them.
        preamble = [b for b in keep if not (b.get("t") in ("Para", "Plain")
                                            and _norm(text(b["c"])) in back.contents)]
    return Split(level, preamble, pieces, doc_title)
