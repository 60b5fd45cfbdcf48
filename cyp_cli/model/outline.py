"""The plan's outline: parts, their sub-sections and the appendices, numbered as the
published plan numbers them.

A section names its part with ``parent: <section id>``; a part's sub-sections are
numbered under it (8, 8.1, 8.2 ...) by ``order`` among siblings (ties keep file-name
order). ``appendix: true`` puts a section (and its sub-sections) after the main text,
lettered A, B ... (A.1 beneath). One level of nesting: a sub-section's parent must
be a primary (top-level) section, as real plans' contents are.

The outline never fails: a parent that does not exist, a cycle or a grandparent is a
lint finding (F014-F016, ``rules/structure.py``) and the section is placed at the top
level meanwhile, so a forced build still shows every section once. Numbers are only
labels; anchors stay the section ids, so links survive a move.
"""

from __future__ import annotations

import string
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .plan import Section


class Entry(NamedTuple):
    section: Section
    number: str  # "8", "8.1", "A", "A.1"
    depth: int  # 1 for a part or top-level section, 2 beneath one
    parent: str | None  # the parent section's id as placed (None at the top level)
    appendix: bool


def sort_key(s: Section) -> tuple[bool, int, str]:
    return (s.meta.order is None, s.meta.order or 0, s.rel)


def placed_parent(s: Section, by_id: dict[str, Section]) -> str | None:
    """The parent this section is shown under: its ``parent`` when that is a
    top-level section other than itself, else None (lint reports why)."""
    parent = s.meta.parent
    if not parent or parent == s.id or parent not in by_id:
        return None
    if by_id[parent].meta.parent:  # only one level: a sub-section cannot be a part
        return None
    return parent


def outline(sections: list[Section]) -> list[Entry]:
    """Every section once, in publication order, numbered."""
    by_id: dict[str, Section] = {}
    for s in sections:
        by_id.setdefault(s.id, s)
    children: dict[str, list[Section]] = {}
    top: list[Section] = []
    for s in sorted(sections, key=sort_key):
        parent = placed_parent(s, by_id)
        if parent is None:
            top.append(s)
        else:
            children.setdefault(parent, []).append(s)
    out: list[Entry] = []
    main = [s for s in top if not s.meta.appendix]
    appendices = [s for s in top if s.meta.appendix]
    for group, appendix in ((main, False), (appendices, True)):
        for n, s in enumerate(group, start=1):
            number = _letter(n) if appendix else str(n)
            out.append(Entry(s, number, 1, None, appendix))
            for m, child in enumerate(children.get(s.id, []) if s is by_id[s.id] else [],
                                      start=1):
                out.append(Entry(child, f"{number}.{m}", 2, s.id, appendix))
    return out


def _letter(n: int) -> str:
    """A, B ... Z, AA, AB ..."""
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = string.ascii_uppercase[r] + letters
    return letters
