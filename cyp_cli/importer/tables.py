"""Tables: the grid behind a pandoc table (merged cells expanded), the role of each
column read from its heading, and the kind of table those roles make (actions,
targets, glossary, partners, or an ordinary table that stays in the text).

Column headings are matched by the patterns in :data:`ROLES`, first match wins, so
"Target date" is a due date before it is a target. A heading that is a period on its
own (``2012-13``) makes a year column, as in a monitoring table with years across.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .tree import block_text, caption_text, table_rows
from .values import normal_period

ROLES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern, re.I)) for role, pattern in (
        ("due", r"\b(target date|by when|due|deadline|timescales?|completion|end date)\b"),
        ("indicator", r"\b(indicators?|performance measures?|measures?|kpis?|what we will "
                      r"measure)\b"),
        ("baseline", r"\b(baseline|starting point|start point)\b"),
        ("target", r"\b(targets?)\b"),
        ("direction", r"\b(direction|polarity|good is|better is)\b"),
        ("latest", r"\b(latest|actuals?)\b"),
        ("source", r"\b(sources?|data from)\b"),
        ("statutory", r"\b(statutory)\b"),
        ("action", r"\b(actions?|what we will do|activit(y|ies)|tasks?|what will be done)\b"),
        ("partner", r"\b(lead|leads|partners?|responsib\w*|owners?|who|agency|agencies|by "
                    r"whom)\b"),
        ("status", r"\b(status|progress|rag)\b"),
        ("resources", r"\b(resources?|funding|costs?|budget)\b"),
        ("due", r"\b(when|date)\b"),
        ("section", r"\b(section)\b"),
        ("theme", r"\b(core aims?|outcomes?|priority|priorities)\b"),
        ("term", r"\b(term|abbreviations?|acronyms?|word)\b"),
        ("meaning", r"\b(meaning|definition|stands for|explanation|description)\b"),
        ("type", r"\b(type)\b"),
    )
)


@dataclass
class GridCell:
    text: str
    anchors: list[str] = field(default_factory=list)  # ids of empty spans (bookmarks)
    links: list[str] = field(default_factory=list)  # link targets
    copy: bool = False  # a position covered by a merged cell, not its first


@dataclass
class Grid:
    number: int  # tables are numbered from 1 in document order
    caption: str
    header: list[str]  # one text per column (stacked header rows joined)
    rows: list[list[GridCell]]  # body rows
    merged_header: bool = False
    merged_body: bool = False
    header_from_body: bool = False
    roles: list[str | None] = field(default_factory=list)
    periods: list[str | None] = field(default_factory=list)  # from each column heading

    @property
    def label(self) -> str:
        named = f" ('{self.caption}')" if self.caption else ""
        return f"table {self.number}{named}"

    def role_columns(self, role: str) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r == role]

    def column(self, role: str) -> int | None:
        found = self.role_columns(role)
        return found[0] if found else None

    @property
    def kind(self) -> str:
        has = set(self.roles)
        years = self.role_columns("year")
        if "action" in has and has & {"partner", "due", "status"}:
            return "actions"
        if "indicator" in has and (has & {"baseline", "target"} or len(years) >= 2):
            return "targets"
        if len(self.header) == 2 and {"term", "meaning"} <= has:
            return "glossary"
        if "partner" in has and "statutory" in has:
            return "partners"
        return "other"


def _cell_info(blocks: list[Any]) -> GridCell:
    anchors: list[str] = []
    links: list[str] = []

    def visit(nodes: list[Any]) -> None:
        for node in nodes:
            t = node.get("t")
            c: Any = node.get("c")  # its shape depends on "t"
            if t in ("Str", "Space", "SoftBreak", "LineBreak") or c is None:
                continue
            if t == "Span":
                if c[0][0]:
                    anchors.append(c[0][0])
                visit(c[1])
            elif t == "Link":
                links.append(c[2][0])
                visit(c[1])
            elif t in ("Plain", "Para", "Emph", "Strong", "Underline", "Strikeout",
                       "SmallCaps", "Superscript", "Subscript"):
                visit(c)
            elif t == "Div":
                visit(c[1])

    visit(blocks)
    return GridCell(block_text(blocks), anchors, links)


def _expand(rows: list[list[Any]]) -> tuple[list[list[GridCell]], bool]:
    """Rows of pandoc cells -> a full grid; a merged cell's text goes in its first
    position and ``copy`` cells (same text) fill the rest."""
    grid: list[list[GridCell | None]] = []
    merged = False
    for r, cells in enumerate(rows):
        while len(grid) <= r:
            grid.append([])
        row = grid[r]
        col = 0
        for cell in cells:
            while col < len(row) and row[col] is not None:
                col += 1
            rowspan, colspan = max(1, cell[2]), max(1, cell[3])
            merged = merged or rowspan > 1 or colspan > 1
            info = _cell_info(cell[4])
            for dr in range(rowspan):
                while len(grid) <= r + dr:
                    grid.append([])
                target = grid[r + dr]
                while len(target) < col + colspan:
                    target.append(None)
                for dc in range(colspan):
                    copy = dr > 0 or dc > 0
                    target[col + dc] = (GridCell(info.text, info.anchors, info.links, True)
                                        if copy else info)
            col += colspan
    width = max((len(r) for r in grid), default=0)
    full = [[c if c is not None else GridCell("", copy=True) for c in r]
            + [GridCell("", copy=True)] * (width - len(r)) for r in grid]
    return full, merged


def role_of(heading: str, known: dict[str, str] | None = None) -> str | None:
    """The role of a column from its heading: cyp's own column names first (``known``,
    lower-cased, from the catalogues), then the patterns."""
    text = " ".join(heading.split())
    if not text:
        return None
    if known and (role := known.get(text.lower())):
        return role
    if normal_period(re.sub(r"\(.*?\)", "", text).strip()):
        return "year"
    for role, pattern in ROLES:
        if pattern.search(text):
            return role
    return None


def _period_in(heading: str) -> str | None:
    for m in re.finditer(r"(?:19|20)\d{2}(?:\s*[-/–]\s*(?:(?:19|20)?\d{2}))?", heading):
        p = normal_period(m[0])
        if p:
            return p
    return None


def read_grid(table: dict[str, Any], number: int,
              known: dict[str, str] | None = None) -> Grid:
    rows = table_rows(table)
    grid, merged = _expand([r["cells"] for r in rows])
    n_head = sum(1 for r in rows if r["part"] == "head")
    head, body = grid[:n_head], grid[n_head:]
    from_body = False
    if not head and body:
        first = [c.text for c in body[0]]
        if sum(1 for t in first if role_of(t, known)) >= max(1, len(first) // 2):
            head, body, from_body = [body[0]], body[1:], True
            # A second header row under merged header cells ("Delivery" over "Lead"
            # and "By when") continues the header.
            while body and any(c.copy and c.text for c in body[0]) and all(
                    role_of(c.text, known) for c in body[0] if c.text and not c.copy):
                head.append(body.pop(0))
    width = len(grid[0]) if grid else 0
    header = []
    for col in range(width):
        parts: list[str] = []
        for row in head:
            t = row[col].text
            if t and t not in parts:
                parts.append(t)
        header.append(" ".join(parts))
    merged_header = any(c.copy and c.text for row in head for c in row)
    merged_body = merged and any(c.copy and c.text for row in body for c in row)
    g = Grid(number, caption_text(table), header, body, merged_header, merged_body, from_body)
    g.roles = [role_of(h, known) for h in header]
    g.periods = [_period_in(h) for h in header]
    if g.roles and g.roles[0] is None and len(g.role_columns("year")) >= 2:
        g.roles[0] = "indicator"  # years across, indicators down the first column
    return g
