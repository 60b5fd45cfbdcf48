"""The targets register as CSV: export it for a data officer, import the actuals back.

``cyp targets export --format csv`` writes :func:`export_targets`; the data officer
fills the ``value`` column (and ``source``, with its Welsh ``source_cy`` for a
bilingual plan, where the figure's source differs from the target's) in a
spreadsheet; ``cyp targets import FILE`` runs :func:`import_actuals`.

The layout is one row per target and period. The first columns describe the target
(id, indicator, unit, direction, baseline, target, section) so the sheet reads on its
own; the last four are the ones to fill: ``period``, ``value``, ``source``,
``source_cy``. Every
period from the one after the baseline to the target's is listed (financial years,
calendar years and quarters; other kinds of period get one blank row), with the figures
already recorded filled in. Import reads columns by name, so the columns may be
reordered and extra columns are ignored; a plain ``data/actuals.csv``
(``target,period,value,source``) imports too. Rows with an empty ``value`` are skipped.

Import writes to ``data/actuals.csv`` and never to section files. The sections are
what people edit and review in prose; rewriting their YAML front matter (even with a
round-trip YAML library) would churn the files the redline compares, risk the layout
and comments the authors chose, and mix the data officer's figures into the authors'
history. ``data/actuals.csv`` is data, merged by the loader with front-matter actuals
(front matter wins; lint rule T006 reports a disagreement, and import refuses one).
New rows are appended to the existing file, whose bytes are otherwise kept as they
are, so the git diff shows exactly the rows added. The write is atomic
(``fsutil.write_atomic``): readers see the old file or the new one.

Nothing is written if anything is wrong: unknown target ids, malformed numbers or
periods, a row that disagrees with a figure already recorded (in the sections or in
``data/actuals.csv``) or with another row of the file. Each problem is reported with
the file's line number.

Export starts a text cell that begins with ``= + - @`` with an apostrophe, so a
spreadsheet shows it rather than running it as a formula. Import does not undo that
guard into ``data/actuals.csv`` (which a spreadsheet may open next): a ``source`` that
starts with one of those characters is refused, with its row. Figures are read in the
digits 0-9 only (Python's ``float`` would take Arabic-Indic digits, ``nan`` and
``inf``) and within a float's range. A quote never closed, text after a closing quote
and a cell over the csv module's field limit (131,072 characters) are errors with their
row, never a silently shorter import.

Spreadsheets turn ``2010-11`` into a date when a CSV is opened. Format the
``period`` column as text before editing; import recognises the usual results
(``Nov-10``, ``01/11/2010``) and says so rather than guessing.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, Level, did_you_mean
from .fsutil import write_atomic
from .model.load import (
    ACTUALS_CSV,
    MAX_BYTES,
    decode,
    parse_figure,
    read_actuals_csv,
    read_csv,
)
from .model.periods import parse_period
from .model.plan import Plan, Target

EXPORT_COLUMNS = (
    "target", "indicator", "unit", "direction", "baseline_period", "baseline_value",
    "target_period", "target_value", "section", "period", "value", "source", "source_cy",
)
ACTUALS_HEADER = ("target", "period", "value", "source", "source_cy")
REQUIRED = ("target", "period", "value")
MAX_BLANK_ROWS = 40  # periods listed per target at most

_FY = re.compile(r"^(\d{4})[-/](\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.I)
# re.ASCII: a \d would take Arabic-Indic digits, which float() then reads.
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$", re.ASCII)
_GROUPED_NUMBER = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$", re.ASCII)
_SPREADSHEET_DATE = re.compile(
    r"^([A-Za-z]{3}-\d{2}|\d{1,2}-[A-Za-z]{3}(-\d{2,4})?|\d{1,2}/\d{1,2}/\d{2,4})$")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# --- export ----------------------------------------------------------------------------


def _cell(text: object) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    s = "" if text is None else str(text)
    return "'" + s if s.startswith(_FORMULA_START) else s


def _num(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return repr(value)  # keep '66.0' as written
    return str(value)


def periods_between(first: str | None, last: str | None) -> list[str]:
    """The periods after ``first`` up to ``last``, when both are written the same way
    (``2009-10`` -> ``2010-11``, ..., ``2013-14``; years; quarters), else []."""
    if not first or not last:
        return []
    a, b = str(first).strip(), str(last).strip()
    if (ma := _FY.match(a)) and (mb := _FY.match(b)) and (sa := parse_period(a)) \
            and (sb := parse_period(b)):
        if sa.end.month == 3 and sb.end.month == 3:
            start, end = int(ma[1]) + 1, int(mb[1])
            return [f"{y}-{(y + 1) % 100:02d}" for y in range(start, end + 1)][:MAX_BLANK_ROWS]
        return []
    if (ma := _YEAR.match(a)) and (mb := _YEAR.match(b)):
        return [str(y) for y in range(int(ma[1]) + 1, int(mb[1]) + 1)][:MAX_BLANK_ROWS]
    if (ma := _QUARTER.match(a)) and (mb := _QUARTER.match(b)):
        qa, qb = int(ma[1]) * 4 + int(ma[2]) - 1, int(mb[1]) * 4 + int(mb[2]) - 1
        return [f"{q // 4}-Q{q % 4 + 1}" for q in range(qa + 1, qb + 1)][:MAX_BLANK_ROWS]
    return []


def _register_rows(target: Target) -> list[dict[str, str]]:
    b, g = target.baseline, target.target
    base = {
        "target": _cell(target.id),
        "indicator": _cell(target.indicator),
        "unit": _cell(target.unit),
        "direction": _cell(target.direction),
        "baseline_period": _cell(b.period if b else ""),
        "baseline_value": "tbc" if b and b.tbc else _num(b.value if b else None),
        "target_period": _cell(g.period if g else ""),
        "target_value": "tbc" if g and g.tbc else _num(g.value if g else None),
        "section": _cell(target.section),
    }
    known: dict[object, dict[str, str]] = {}
    for a in target.actuals:
        key = a.span or str(a.period)
        known.setdefault(key, {**base, "period": _cell(a.period), "value": _num(a.value),
                               "source": _cell(a.source),
                               "source_cy": _cell(a.source.cy if a.source else None)})
    for period in periods_between(b.period if b else None, g.period if g else None):
        key = parse_period(period) or period
        known.setdefault(key, {**base, "period": period, "value": "", "source": "",
                               "source_cy": ""})
    if not known:
        known[""] = {**base, "period": "", "value": "", "source": "", "source_cy": ""}
    def order(row: dict[str, str]) -> tuple[bool, str, str]:
        span = parse_period(row["period"]) if row["period"] else None
        return (span is None, f"{span.end}:{span.start}" if span else "", row["period"])

    return sorted(known.values(), key=order)


def export_targets(plan: Plan, *, excel: bool = True) -> str:
    """The targets register as CSV text (see the module docstring). Retired targets
    are left out. ``excel``: start with a UTF-8 byte order mark, which Excel needs to
    read Welsh letters (ŵ, ŷ) correctly; other programs ignore it."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=EXPORT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for target in plan.targets:
        if target.retired or not target.id:
            continue
        writer.writerows(_register_rows(target))
    return ("\ufeff" if excel else "") + buf.getvalue()


# --- import ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One figure to add: as it will be written to data/actuals.csv."""

    target: str
    period: str
    value: str  # the number as text, cleaned ('1,204' -> '1204', '57.1%' -> '57.1')
    source: str
    line: int  # in the imported file
    source_cy: str = ""  # the source in Welsh (a bilingual plan's Welsh edition)


@dataclass
class ImportReport:
    added: list[Row] = field(default_factory=list)  # rows appended (or to append)
    unchanged: int = 0  # rows already recorded with the same value
    blank: int = 0  # rows with no value (not filled in)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not any(d.level is Level.ERROR for d in self.diagnostics)


def _number(text: str, unit: str | None) -> float | None:
    s = text.strip().replace("\u00a0", "").replace(" ", "")
    if s.endswith("%") and unit and "%" in unit:
        s = s[:-1]
    if _PLAIN_NUMBER.match(s) or _GROUPED_NUMBER.match(s):
        return parse_figure(s.replace(",", ""))  # None beyond a float's range
    return None


def _clean_number(text: str) -> str:
    s = text.strip().replace("\u00a0", "").replace(" ", "").rstrip("%").replace(",", "")
    return s[1:] if s.startswith("+") else s


def _normal_period(text: str) -> str:
    m = _FY.match(text)
    if m and (span := parse_period(text)) and span.end.month == 3:
        return f"{m[1]}-{m[2]}"
    return text


def _uncell(text: str) -> str:
    """Undo :func:`_cell`'s formula guard."""
    return text[1:] if text.startswith("'") and text[1:2] in _FORMULA_START else text


def _sniff_delimiter(first_line: str) -> str:
    if "," in first_line:
        return ","
    if ";" in first_line:
        return ";"
    return "\t" if "\t" in first_line else ","


def import_actuals(plan: Plan, csv_path: Path | str, *, dry_run: bool = False) -> ImportReport:
    """Validate every row of ``csv_path`` and, only if all are valid, append the new
    figures to the plan's ``data/actuals.csv`` (see the module docstring). Returns
    what was added, what was already there, and the problems found; ``written`` says
    whether the file was written (never on an error, never with ``dry_run``)."""
    report = ImportReport()
    name = str(csv_path)
    diags = report.diagnostics

    def error(line: int, message: str, code: str = "T007") -> None:
        diags.append(Diagnostic(name, line, 1, code, Level.ERROR, message))

    try:
        with open(csv_path, "rb") as fh:  # a register is small: refuse a huge file unread
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        error(1, f"cannot be read: {exc.strerror or exc}")
        return report
    if len(data) > MAX_BYTES:
        error(1, f"is larger than {MAX_BYTES // 1048576} MB: not a targets register")
        return report
    text, problems = decode(data, name)
    if text is None:
        diags.extend(problems)
        return report

    first_line = text.split("\n", 1)[0]
    table, problem = read_csv(text, name, _sniff_delimiter(first_line))
    if problem is not None:
        diags.append(problem)
        return report
    header = table[0][1] if table else None
    columns = {h.strip().lower(): i for i, h in enumerate(header or []) if h.strip()}
    missing = [c for c in REQUIRED if c not in columns]
    if header is None or missing:
        error(1, "the header must name the columns target, period and value (and "
              f"optionally source); missing: {', '.join(missing or REQUIRED)}")
        return report

    targets = {t.id: t for t in plan.targets if t.id}
    existing, where = _existing(plan, diags)
    if not report.ok:
        return report
    seen: dict[tuple[str, object], Row] = {}

    for start, cells in table[1:]:

        def get(col: str, cells: list[str] = cells) -> str:
            i = columns.get(col)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        tid, period, value = _uncell(get("target")), get("period"), get("value")
        source, source_cy = _uncell(get("source")), _uncell(get("source_cy"))
        if not value:
            if tid or period:
                report.blank += 1
            continue
        target = targets.get(tid)
        if not tid:
            error(start, "no target id in the 'target' column")
            continue
        if target is None:
            error(start, f"no target '{tid}' in the plan" + did_you_mean(tid, targets))
            continue
        number = _number(value, target.unit)
        if number is None:
            shown = value if len(value) <= 40 else value[:37] + "..."
            error(start, f"value '{shown}' is not a number (write e.g. 57.1 or 1204, "
                  "in the digits 0-9)")
            continue
        risky = next((s for s in (source, source_cy) if s.startswith(_FORMULA_START)), "")
        if risky:
            error(start, f"target '{tid}': the source '{risky[:40]}' starts with "
                  f"'{risky[0]}', which a spreadsheet opening data/actuals.csv would "
                  "run as a formula; start it with a word")
            continue
        span = parse_period(period) if period else None
        if span is None:
            if not period:
                error(start, f"target '{tid}': no period for the value {value}")
            elif _SPREADSHEET_DATE.match(period):
                error(start, f"target '{tid}': period '{period}' looks like a date a "
                      "spreadsheet made from a period such as 2010-11; format the period "
                      "column as text and type the period again")
            else:
                error(start, f"target '{tid}': period '{period}' is not a period (write "
                      "e.g. 2011-12 for a financial year, 2011 or 2011-Q2)")
            continue
        row = Row(tid, _normal_period(period), _clean_number(value), source, start,
                  source_cy)
        key = (tid, span)
        if key in seen:
            other = seen[key]
            if float(other.value) != number:
                error(start, f"target '{tid}' {period}: {row.value} here but {other.value} "
                      f"on line {other.line} of this file", "T006")
            continue
        seen[key] = row
        if key in existing:
            if existing[key] != number:
                error(start, f"target '{tid}' {period}: {row.value} here but "
                      f"{_show(existing[key])} already recorded in {where[key]}; change "
                      "one of them", "T006")
            else:
                report.unchanged += 1
            continue
        baseline = target.baseline
        base = baseline.span if baseline and baseline.period else None
        if baseline is not None and base is not None and span.end <= base.end:
            diags.append(Diagnostic(name, start, 1, "T005", Level.WARNING,
                                    f"target '{tid}': {period} is not after the baseline "
                                    f"period {baseline.period}"))
        report.added.append(row)

    if not report.ok or dry_run or not report.added:
        return report
    _append(plan.root / ACTUALS_CSV, report.added)
    report.written = True
    return report


def _show(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


def _existing(plan: Plan, diags: list[Diagnostic]
              ) -> tuple[dict[tuple[str, object], float], dict[tuple[str, object], str]]:
    """Figures already recorded: front matter (from the plan) and data/actuals.csv
    (read again from disk, so a file changed since loading is seen)."""
    values: dict[tuple[str, object], float] = {}
    where: dict[tuple[str, object], str] = {}
    for t in plan.targets:
        for a in t.actuals:
            if a.origin == ACTUALS_CSV or a.span is None or a.value is None or not t.id:
                continue
            key = (t.id, a.span)
            if key not in values:
                values[key] = float(a.value)
                pos = a.at()
                where[key] = f"{pos.file} line {pos.line}"
    rows, problems = read_actuals_csv(plan.root)
    if any(p.level is Level.ERROR for p in problems):
        diags.append(Diagnostic(
            str(plan.root / ACTUALS_CSV), problems[0].line, 1, "T007", Level.ERROR,
            f"{ACTUALS_CSV} has errors ({problems[0].message}); fix them first "
            "(cyp lint shows them all), then import again"))
        return values, where
    for tid, a in rows:
        if a.span is None or a.value is None:
            continue
        key = (tid, a.span)
        if key not in values:
            values[key] = float(a.value)
            where[key] = f"{ACTUALS_CSV} line {a.at().line}"
    return values, where


def _append(path: Path, rows: list[Row]) -> None:
    """Append rows to data/actuals.csv, keeping the existing bytes and line endings.
    Cells go where the file's own header puts them; a file without a ``source_cy``
    column gets one (its header line only changes) when a new row has Welsh."""
    old = path.read_bytes() if path.exists() else b""
    newline = "\r\n" if b"\r\n" in old else "\n"
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=newline)
    if not old.strip():
        old = b""
        writer.writerow(ACTUALS_HEADER)
        header = list(ACTUALS_HEADER)
    else:
        first, nl, rest = old.partition(b"\n")
        text = first.decode("utf-8-sig", "replace").rstrip("\r")
        header = [h.strip().lower() for h in next(csv.reader([text]), [])]
        if "source" not in header:
            header[3:3] = ["source"] if len(header) == 3 else []
        if "source_cy" not in header and any(r.source_cy for r in rows):
            bom = b"\xef\xbb\xbf" if first.startswith(b"\xef\xbb\xbf") else b""
            cr = b"\r" if first.endswith(b"\r") else b""
            first = bom + (text + ",source_cy").encode("utf-8") + cr
            header.append("source_cy")
            old = first + nl + rest
        if not old.endswith(b"\n"):
            buf.write(newline)
    for r in rows:
        cells = {"target": r.target, "period": r.period, "value": r.value,
                 "source": r.source, "source_cy": r.source_cy}
        line = [cells.get(h, "") for h in header]
        while len(line) > 4 and not line[-1]:  # no empty Welsh cell where none is given
            line.pop()
        writer.writerow(line)
    write_atomic(path, old + buf.getvalue().encode("utf-8"))
