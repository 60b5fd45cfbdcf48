"""Reading table rows into the contract's targets, actions, glossary and partners.

Each reader takes a :class:`~.tables.Grid` whose column roles say what the table
holds. A value that cannot be read is written ``tbc`` with a ``note`` saying why; a
value taken from somewhere other than its own cell (a period from a column heading,
a direction from comparing baseline and target) is reported with its confidence.
In a document cyp built, ids come back from the bookmarks cyp wrote
(``target-<id>``, ``action-<id>``, ``partner-<id>``) and owners from the links to
the actions register (``#actions-<partner>``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..model.markdown import slugify
from . import values
from .partners import Partner, Partners
from .report import Report
from .tables import Grid, GridCell
from .themes import Themes
from .wording import Wording

MAX_ID = 48
_UNIT = re.compile(r"\((%|per [^()]+|number|rate per [^()]+|£[^()]*)\)\s*$", re.I)


@dataclass
class Context:
    report: Report
    partners: Partners
    themes: Themes
    start: dt.date
    end: dt.date
    ids: set[str] = field(default_factory=set)
    # Reading a register: a row may repeat an item already read from its section, so
    # an id already taken names that item instead of getting a suffix.
    merging: bool = False
    type_labels: dict[str, str] = field(default_factory=dict)  # label -> partner_type value
    wording: Wording = field(default_factory=Wording)
    yes: set[str] = field(default_factory=lambda: {"yes", "true", "y", "statutory"})


def _fy(day: dt.date) -> str:
    year = day.year if day.month >= 4 else day.year - 1
    return f"{year}-{(year + 1) % 100:02d}"


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _id(ctx: Context, cell: GridCell, prefix: str, words: str) -> str:
    for anchor in cell.anchors + [link.lstrip("#") for link in cell.links]:
        if anchor.startswith(prefix + "-") and anchor[len(prefix) + 1:]:
            candidate = anchor[len(prefix) + 1:]
            if ctx.merging or candidate not in ctx.ids:
                ctx.ids.add(candidate)
                return candidate
    base = "-".join(slugify(words).split("-")[:7])[:MAX_ID].rstrip("-") or prefix
    candidate, n = base, 2
    while candidate in ctx.ids and not ctx.merging:
        candidate, n = f"{base}-{n}", n + 1
    ctx.ids.add(candidate)
    return candidate


def _cell(row: list[GridCell], col: int | None) -> GridCell:
    return row[col] if col is not None and col < len(row) else GridCell("")


def _theme(ctx: Context, row: list[GridCell], grid: Grid, where: str) -> list[Any]:
    col = grid.column("theme")
    if col is None or not row[col].text:
        return []
    match = ctx.themes.in_heading(row[col].text)
    if match is None:
        return []
    ctx.report.add("theme", f"{ctx.themes.field} {', '.join(map(str, match.values))} for the "
                   "item in this row", where, match.confidence)
    return list(match.values)


# --- targets ---------------------------------------------------------------------


def _measure(ctx: Context, kind: str, cell: str, header_period: str | None, where: str,
             fallback: str) -> tuple[dict[str, Any], str | None]:
    m = values.measure(cell)
    period = m.period or header_period
    out: dict[str, Any] = {}
    if m.value is None:
        out["value"] = "tbc"
        out["note"] = (f"the {kind} was not given in the source ({where})" if values.is_blank(cell)
                       else f"the {kind} could not be read as a number from '{cell}' ({where})")
        ctx.report.add("target", f"{kind} is tbc: '{cell or 'empty'}'", where, "high",
                       f"fill in the {kind} value")
        if period:
            out["period"] = period
        return out, m.unit
    out["value"] = _number(m.value)
    if period is None:
        period = fallback
        ctx.report.add("target", f"{kind} period {period} assumed (the source gives none)",
                       where, "low", f"check the {kind}'s period")
    elif m.period is None:
        ctx.report.add("target", f"{kind} period {period} taken from the column heading",
                       where, "medium")
    out["period"] = period
    return out, m.unit


def read_targets(grid: Grid, ctx: Context) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    ind = grid.column("indicator")
    years = grid.role_columns("year")
    for r, row in enumerate(grid.rows, 1):
        where = f"{grid.label}, row {r}"
        indicator = _cell(row, ind).text
        if not indicator or all(not c.text for i, c in enumerate(row) if i != ind):
            continue
        t: dict[str, Any] = {"id": _id(ctx, _cell(row, ind), "target", indicator),
                             "indicator": indicator}
        base_col, target_col = grid.column("baseline"), grid.column("target")
        base_cell = _cell(row, base_col).text
        target_cell = _cell(row, target_col).text
        base_period = grid.periods[base_col] if base_col is not None else None
        target_period = grid.periods[target_col] if target_col is not None else None
        filled = [c for c in years if row[c].text and not values.is_blank(row[c].text)]
        if years and (base_col is None or target_col is None):
            if base_col is None and filled:
                first = filled.pop(0)
                base_cell, base_period = row[first].text, grid.periods[first] or grid.header[first]
                ctx.report.add("target", f"baseline: the first year with a value "
                               f"({base_period})", where, "medium")
            if target_col is None:
                last = years[-1]
                if last in filled:
                    filled.remove(last)
                target_cell, target_period = row[last].text, grid.periods[last] or grid.header[last]
                ctx.report.add("target", f"target: the last year column ({target_period})",
                               where, "medium")
            if filled:
                left = ", ".join(f"{grid.header[c]}: {row[c].text}" for c in filled)
                ctx.report.add("target", f"values between baseline and target not imported "
                               f"({left})", where, "low",
                               "add measured values as actuals; the contract holds one "
                               "target per indicator")
        baseline, unit = _measure(ctx, "baseline", base_cell, base_period, where,
                                  _fy(ctx.start - dt.timedelta(days=1)))
        target, unit2 = _measure(ctx, "target", target_cell, target_period, where,
                                 _fy(ctx.end))
        if unit or unit2:
            t["unit"] = unit or unit2
        elif m := _UNIT.search(indicator):
            t["unit"] = m[1]
            ctx.report.add("target", f"unit '{m[1]}' from the indicator's wording", where,
                           "medium")
        t["direction"] = _direction(ctx, grid, row, baseline, target, indicator, where)
        t["baseline"] = baseline
        t["target"] = target
        latest = grid.column("latest")
        if latest is not None and row[latest].text and not values.is_blank(row[latest].text):
            latest_value = values.measure(row[latest].text)
            if latest_value.value is not None and latest_value.period:
                t["actuals"] = [{"period": latest_value.period,
                                 "value": _number(latest_value.value)}]
            else:
                ctx.report.add("target", f"latest value '{row[latest].text}' not imported "
                               "(no period)", where, "low", "add it as an actual with its period")
        source = grid.column("source")
        if source is not None and row[source].text and not values.is_blank(row[source].text):
            t["source"] = row[source].text
        theme = _theme(ctx, row, grid, where)
        if theme:
            t[ctx.themes.field] = theme if len(theme) > 1 else theme[0]
        section = grid.column("section")
        if section is not None:
            t["_section"] = row[section].text
        out.append(t)
    return out


def _direction(ctx: Context, grid: Grid, row: list[GridCell], baseline: dict[str, Any],
               target: dict[str, Any], indicator: str, where: str) -> str:
    col = grid.column("direction")
    if col is not None and (d := values.direction(row[col].text, ctx.wording.directions)):
        return d
    b, t = baseline.get("value"), target.get("value")
    if isinstance(b, (int, float)) and isinstance(t, (int, float)):
        d = "increase" if t > b else "decrease" if t < b else "maintain"
        ctx.report.add("target", f"direction '{d}' from baseline {b} and target {t}", where,
                       "medium")
        return d
    if d := values.direction(indicator):
        ctx.report.add("target", f"direction '{d}' from the indicator's wording", where, "low",
                       "check which way is better")
        return d
    ctx.report.add("target", "direction 'maintain' written as a placeholder: the source "
                   "does not say which way is better", where, "low",
                   "set direction to increase, decrease or maintain")
    return "maintain"


# --- actions ---------------------------------------------------------------------


def _partner(ctx: Context, cell: GridCell, where: str) -> str | None:
    for link in cell.links:
        m = re.match(r"#actions-(.+)$", link)
        if m:
            pid = m[1]
            if ctx.partners.get(pid) is None:
                # cyp's own link names the id: it replaces one made up from the name.
                same = ctx.partners.find(cell.text) if cell.text else None
                if same and not ctx.partners.anchored(same):
                    ctx.partners.rename(same, pid)
                else:
                    ctx.partners.add(Partner(pid, cell.text or pid))
            return pid
    if not cell.text or values.is_blank(cell.text):
        return None
    return ctx.partners.resolve(cell.text, where)


def read_actions(grid: Grid, ctx: Context, owner: str | None = None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    act = grid.column("action")
    for r, row in enumerate(grid.rows, 1):
        where = f"{grid.label}, row {r}"
        words = _cell(row, act).text
        if not words:
            continue
        a: dict[str, Any] = {"id": _id(ctx, _cell(row, act), "action", words), "action": words}
        partner = _partner(ctx, _cell(row, grid.column("partner")), where) or owner
        missing = []
        if partner:
            a["partner"] = partner
        else:
            missing.append("partner")
        due_cell = _cell(row, grid.column("due")).text
        due, how = values.due(due_cell, ctx.wording.months) if due_cell else (None, "")
        if due:
            a["due"] = (dt.date.fromisoformat(due) if how in ("day", "financial year")
                        else int(due) if how == "year" else due)
            if how == "financial year":
                ctx.report.add("action", f"due {due}: the end of the financial year "
                               f"'{due_cell}'", where, "medium")
        else:
            missing.append("due")
            if due_cell and not values.is_blank(due_cell):
                ctx.report.add("action", f"due date '{due_cell}' could not be read", where,
                               "high", "give a date, a month (2012-03) or a year")
        status_cell = _cell(row, grid.column("status")).text
        status = (values.status(status_cell, ctx.wording.statuses) if status_cell
                  else None)
        if status:
            a["status"] = status
        else:
            missing.append("status")
            if status_cell and not values.is_blank(status_cell):
                ctx.report.add("action", f"status '{status_cell}' is not one of planned, "
                               "in-progress, done, dropped", where, "high", "set the status")
        res = _cell(row, grid.column("resources")).text
        if res and not values.is_blank(res):
            a["resources"] = res
        theme = _theme(ctx, row, grid, where)
        if theme:
            a[ctx.themes.field] = theme if len(theme) > 1 else theme[0]
        if missing:
            ctx.report.add("action", f"'{words[:60]}': no {', '.join(missing)} in the source",
                           where, "high", f"add {' and '.join(missing)}")
        section = grid.column("section")
        if section is not None:
            a["_section"] = row[section].text
        out.append(a)
    return out


# --- glossary and partners ---------------------------------------------------------


def read_glossary(grid: Grid, ctx: Context) -> list[dict[str, str]]:
    term, meaning = grid.column("term"), grid.column("meaning")
    out = []
    for row in grid.rows:
        t, m = _cell(row, term).text, _cell(row, meaning).text
        if t and m:
            out.append({"term": t, "meaning": m})
    ctx.report.add("glossary", f"{len(out)} glossary entries", grid.label, "high")
    return out


def read_partners(grid: Grid, ctx: Context) -> int:
    name_col, type_col = grid.column("partner"), grid.column("type")
    statutory_col = grid.column("statutory")
    n = 0
    for r, row in enumerate(grid.rows, 1):
        cell = _cell(row, name_col)
        if not cell.text:
            continue
        pid = next((a[len("partner-"):] for a in cell.anchors if a.startswith("partner-")),
                   None)
        type_text = _cell(row, type_col).text
        ptype = ctx.type_labels.get(" ".join(type_text.lower().split())) or (
            ctx.partners.type_for(type_text) if type_text else None)
        statutory = _cell(row, statutory_col).text.strip().lower() in (
            ctx.yes | ctx.wording.yes)
        existing = ctx.partners.get(pid) if pid else None
        if existing is None and (found := ctx.partners.find(cell.text)):
            existing = ctx.partners.get(found)
        if existing is not None:
            existing.name, existing.statutory = cell.text, statutory
            existing.type = ptype or existing.type
        else:
            anchored = pid is not None
            if pid is None:
                pid = "-".join([w for w in slugify(cell.text).split("-") if w][:5]) or "partner"
            ctx.partners.add(Partner(pid, cell.text, statutory, ptype, anchored))
        n += 1
        ctx.report.add("partner", f"partner '{pid or cell.text}': {cell.text}",
                       f"{grid.label}, row {r}", "high" if pid else "medium")
    return n
