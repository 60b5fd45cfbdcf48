"""The plan's own facts, when the command line does not give them: its title (the
document's properties, a lone top heading or the first paragraph), the authority (the
author property or a "... Council" in the first pages) and the period (dates or
financial years on the cover, in the title or in the first section)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .errors import ImportFailure
from .report import Report
from .sections import Split
from .tree import block_text, text

_DATES = re.compile(
    r"(\d{1,2}\s+[A-Za-z]+\s+\d{4})\s*(?:to|-|–|until)\s*(\d{1,2}\s+[A-Za-z]+\s+\d{4})")
_YEARS = re.compile(r"\b((?:19|20)\d{2})\s*(?:-|–|to|/)\s*((?:19|20)\d{2}|\d{2})\b")
_COUNCIL = re.compile(
    r"\b((?:[A-Z][\w'’-]+\s+){1,5}(?:County Borough |City and County |County |City |Borough "
    r"|Metropolitan Borough |District )?Council)\b")
LOOK = 2000  # characters of the cover and first section searched


@dataclass(frozen=True)
class Facts:
    title: str
    authority: str
    start: dt.date
    end: dt.date


def meta_text(meta: dict[str, Any], key: str) -> str:
    value = meta.get(key)
    if not isinstance(value, dict):
        return ""
    t = value.get("t")
    c: Any = value.get("c")  # its shape depends on "t"
    if t == "MetaInlines":
        return text(c)
    if t == "MetaString":
        return str(c)
    if t == "MetaBlocks":
        return block_text(c)
    if t == "MetaList":
        return "; ".join(meta_text({"x": v}, "x") for v in c)
    return ""


def _period(texts: list[tuple[str, str]], report: Report) -> tuple[dt.date, dt.date]:
    from ..scaffold import ScaffoldError, parse_period
    from .values import due

    for where, value in texts:
        if m := _DATES.search(value):
            start, how1 = due(m[1])
            end, how2 = due(m[2])
            if how1 == how2 == "day" and start and end and start < end:
                report.add("plan", f"period {start} to {end}", where, "medium",
                           "check the plan period")
                return dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    for where, value in texts:
        for m in _YEARS.finditer(value):
            try:
                start_d, end_d = parse_period(f"{m[1]}-{m[2]}")
            except ScaffoldError:
                continue
            if 1 <= end_d.year - start_d.year <= 10:
                report.add("plan", f"period {start_d} to {end_d} (financial years "
                           f"'{m[0]}')", where, "medium", "check the plan period")
                return start_d, end_d
    raise ImportFailure("the plan period is not stated where the importer looks (title, "
                        "cover, first section); give it with --period 2011-2014")


def plan_facts(meta: dict[str, Any], split: Split, report: Report, source: str,
               authority: str | None, span: tuple[dt.date, dt.date] | None) -> Facts:
    sections = [p for p in split.pieces if p.kind == "section"]
    first = block_text(sections[0].blocks)[:LOOK] if sections else ""
    cover = block_text(split.preamble)[:LOOK]
    title = meta_text(meta, "title")
    if title:
        report.add("plan", f"title: '{title}'", "the document's properties", "high")
    elif split.title:
        title = split.title
    elif split.preamble and len(block_text(split.preamble[:1])) < 200:
        title = block_text(split.preamble[:1])
        report.add("plan", f"title: '{title}'", "the first paragraph", "low",
                   "check the plan's title")
    name = " ".join((authority or "").split())
    if not name:
        author = meta_text(meta, "author")
        found = _COUNCIL.search(" ".join([title, cover, first]))
        if author and (not found or found[1] in author):
            name = author
            report.add("plan", f"authority: '{author}'", "the document's author property",
                       "medium", "check the authority's name (an author may be a person)")
        elif found:
            name = found[1]
            report.add("plan", f"authority: '{name}'", "the title or first pages", "low",
                       "check the authority's name")
        else:
            raise ImportFailure(f"{source}: the authority is not named where the importer "
                                "looks; give it with --authority")
    if span is None:
        texts = [("the document's abstract", meta_text(meta, "abstract")),
                 ("the document's subtitle", meta_text(meta, "subtitle")),
                 ("the title", title), ("the cover", cover), ("the first section", first)]
        span = _period([(w, t) for w, t in texts if t], report)
    start, end = span
    if not title:
        title = f"{name} Children and Young People's Plan {start.year}-{end.year}"
        report.add("plan", f"title: '{title}'", "no title in the document", "low",
                   "give the plan its published title")
    return Facts(title, name, start, end)
