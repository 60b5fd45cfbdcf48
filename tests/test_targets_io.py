"""Targets register export and actuals import."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from test_review_fixtures import section, target, write_plan

from cyp_cli.model.load import load_plan
from cyp_cli.model.plan import Plan
from cyp_cli.targets_io import (
    EXPORT_COLUMNS,
    export_targets,
    import_actuals,
    periods_between,
)

HEADER = "target,period,value,source\n"


def _plan(tmp_path: Path, actuals_csv: str | None = HEADER + "t1,2011-12,54,Survey\n") -> Plan:
    root = write_plan(tmp_path / "plan", {
        "10-a": section("A", targets=[
            target("t1", actuals=[("2010-11", 52)]),
            target("t2", base=(1200, "2010"), goal=(1000, "2013"), direction="decrease",
                   unit="number", indicator="=HYPERLINK(\"x\")"),
            target("t3", retired="No longer measured"),
        ]),
    }, actuals_csv=actuals_csv)
    return load_plan(root).plan


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def _write(tmp_path: Path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- export --------------------------------------------------------------------------------


def test_export_layout(tmp_path: Path) -> None:
    text = export_targets(_plan(tmp_path))
    assert text.startswith("\ufefftarget,indicator,")
    assert "\r\n" in text
    rows = _rows(text)
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    t1 = [(r["period"], r["value"], r["source"]) for r in rows if r["target"] == "t1"]
    assert t1 == [("2010-11", "52", ""), ("2011-12", "54", "Survey"), ("2012-13", "", ""),
                  ("2013-14", "", "")]
    first = rows[0]
    assert (first["baseline_period"], first["baseline_value"], first["target_period"],
            first["target_value"], first["direction"], first["unit"], first["section"]) == (
        "2009-10", "50", "2013-14", "60", "increase", "%", "10-a")
    t2 = [r for r in rows if r["target"] == "t2"]
    assert [r["period"] for r in t2] == ["2011", "2012", "2013"]
    # A formula-like indicator cannot run in a spreadsheet.
    assert t2[0]["indicator"] == "'=HYPERLINK(\"x\")"
    assert not any(r["target"] == "t3" for r in rows)  # retired
    assert not export_targets(_plan(tmp_path), excel=False).startswith("\ufeff")


def test_periods_between() -> None:
    assert periods_between("2009-10", "2012-13") == ["2010-11", "2011-12", "2012-13"]
    assert periods_between("2009/10", "2010-11") == ["2010-11"]
    assert periods_between("2010", "2012") == ["2011", "2012"]
    assert periods_between("2011-Q3", "2012-Q2") == ["2011-Q4", "2012-Q1", "2012-Q2"]
    assert periods_between("2010", "2012-13") == []
    assert periods_between("2011-04", "2012-04") == []  # months: one blank row instead
    assert periods_between(None, "2012") == []


def test_export_then_import_round_trip(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    rows = _rows(export_targets(plan))
    for r in rows:
        if r["target"] == "t1" and r["period"] == "2012-13":
            r["value"] = "55.5"
        if r["target"] == "t2" and r["period"] == "2011":
            r["value"], r["source"] = "1,150", "Council records"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    before = (plan.root / "data/actuals.csv").read_bytes()
    report = import_actuals(plan, _write(tmp_path, "\ufeff" + buf.getvalue()))
    assert report.ok and report.written, report.diagnostics
    assert [(r.target, r.period, r.value, r.source) for r in report.added] == [
        ("t1", "2012-13", "55.5", ""), ("t2", "2011", "1150", "Council records")]
    assert report.unchanged == 2  # t1 2010-11 (front matter) and 2011-12 (csv)
    after = (plan.root / "data/actuals.csv").read_bytes()
    assert after.startswith(before)  # existing bytes kept; rows appended
    assert after[len(before):] == b"t1,2012-13,55.5,\nt2,2011,1150,Council records\n"
    reloaded = load_plan(plan.root)
    assert reloaded.diagnostics == []
    t1 = {a.period: a.value for a in reloaded.plan.targets[0].actuals}
    assert t1 == {"2010-11": 52, "2011-12": 54, "2012-13": 55.5}
    # Importing the same file again adds nothing and writes nothing.
    again = import_actuals(reloaded.plan, tmp_path / "in.csv")
    assert again.ok and not again.added and not again.written


def test_welsh_source_round_trips(tmp_path: Path) -> None:
    """A bilingual plan's figures carry their source in Welsh: exported, imported into
    data/actuals.csv (whose header gains the column, its rows kept), read by the
    loader for the Welsh edition."""
    plan = _plan(tmp_path)
    rows = _rows(export_targets(plan))
    for r in rows:
        if r["target"] == "t2" and r["period"] == "2011":
            r["value"], r["source"], r["source_cy"] = "1150", "Council records", "Cofnodion"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    report = import_actuals(plan, _write(tmp_path, buf.getvalue()))
    assert report.ok and report.written, report.diagnostics
    text = (plan.root / "data/actuals.csv").read_text()
    assert text == ("target,period,value,source,source_cy\nt1,2011-12,54,Survey\n"
                    "t2,2011,1150,Council records,Cofnodion\n")
    again = load_plan(plan.root).plan
    t2 = again.targets[1]
    assert [(a.source, a.source and a.source.in_("cy")) for a in t2.actuals] == [
        ("Council records", "Cofnodion")]
    assert [r["source_cy"] for r in _rows(export_targets(again))
            if r["target"] == "t2" and r["period"] == "2011"] == ["Cofnodion"]


def test_errors_have_line_numbers_and_nothing_is_written(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    before = (plan.root / "data/actuals.csv").read_bytes()
    path = _write(tmp_path, HEADER + "\n".join([
        "t1,2012-13,55,",             # 2: fine
        "t9,2012-13,1,",              # 3: unknown target
        "t1,2013-14,lots,",           # 4: not a number
        "t1,next year,3,",            # 5: bad period
        "t1,Nov-12,3,",               # 6: a spreadsheet's date
        "t1,2011-12,60,",             # 7: conflicts with data/actuals.csv (54)
        "t1,2010-11,51,",             # 8: conflicts with front matter (52)
        '"t2","2012","1,2",',         # 9: '1,2' is not a number
        "t1,2012/13,56,",             # 10: conflicts with line 2 (same period)
        "t1,,5,",                     # 11: no period
        "t1,2013-14,nan,",            # 12: not a number
        "t11,2013-14,1,",             # 13: unknown, did you mean t1
    ]) + "\n")
    report = import_actuals(plan, path)
    assert not report.ok and not report.written
    assert (plan.root / "data/actuals.csv").read_bytes() == before
    found = {d.line: (d.code, d.message) for d in report.diagnostics}
    assert sorted(found) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
    assert found[3] == ("T007", "no target 't9' in the plan")
    assert "'lots' is not a number" in found[4][1]
    assert "'next year' is not a period" in found[5][1]
    assert "looks like a date a spreadsheet made" in found[6][1]
    assert found[7][0] == "T006" and "54 already recorded in data/actuals.csv line 2" in found[7][1]
    assert found[8][0] == "T006" and "sections/10-a.md line" in found[8][1]
    assert "'1,2' is not a number" in found[9][1]
    assert found[10] == ("T006", "target 't1' 2012/13: 56 here but 55 on line 2 of this file")
    assert "no period" in found[11][1]
    assert "did you mean 't1'" in found[13][1]
    assert all(d.file == str(path) for d in report.diagnostics)


def test_multiline_cells_keep_line_numbers(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    path = _write(tmp_path, HEADER + 't1,2012-13,55,"a source\nover two lines"\nt9,2012-13,1,\n')
    report = import_actuals(plan, path)
    assert [d.line for d in report.diagnostics] == [4]


def test_header_must_name_the_columns(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    report = import_actuals(plan, _write(tmp_path, "id,when,figure\nt1,2012-13,5\n"))
    assert not report.ok and report.diagnostics[0].line == 1
    assert "missing: target, period, value" in report.diagnostics[0].message
    report = import_actuals(plan, _write(tmp_path, ""))
    assert not report.ok


def test_unreadable_files(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    report = import_actuals(plan, tmp_path / "missing.csv")
    assert not report.ok and "cannot be read" in report.diagnostics[0].message
    bad = tmp_path / "latin1.csv"
    bad.write_bytes(HEADER.encode() + "t1,2012-13,5,Caerdydd \xe2\n".encode("latin-1"))
    report = import_actuals(plan, bad)
    assert not report.ok and report.diagnostics[0].code == "F007"


def test_creates_actuals_csv_when_missing(tmp_path: Path) -> None:
    plan = _plan(tmp_path, actuals_csv=None)
    assert not (plan.root / "data" / "actuals.csv").exists()
    report = import_actuals(plan, _write(tmp_path, "target;period;value\nt1;2012-13;57,1\n"))
    # ';' files (some spreadsheets' CSV) are read; '57,1' is not a number (decimal comma)
    assert not report.ok and "'57,1' is not a number" in report.diagnostics[0].message
    report = import_actuals(plan, _write(tmp_path, "target;period;value\nt1;2012-13;57.1%\n"))
    assert report.ok and report.written
    assert (plan.root / "data" / "actuals.csv").read_text() == (
        "target,period,value,source,source_cy\nt1,2012-13,57.1,\n")


def test_keeps_crlf_and_adds_missing_final_newline(tmp_path: Path) -> None:
    plan = _plan(tmp_path, actuals_csv="target,period,value,source\r\nt1,2011-12,54,Survey")
    report = import_actuals(plan, _write(tmp_path, HEADER + "t1,2012-13,55,\n"))
    assert report.written
    assert (plan.root / "data/actuals.csv").read_bytes() == (
        b"target,period,value,source\r\nt1,2011-12,54,Survey\r\nt1,2012-13,55,\r\n")


def test_percent_only_for_percentages(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    report = import_actuals(plan, _write(tmp_path, HEADER + "t2,2012,5%,\n"))
    assert not report.ok and "'5%' is not a number" in report.diagnostics[0].message


def test_dry_run_and_warnings(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    before = (plan.root / "data/actuals.csv").read_bytes()
    report = import_actuals(plan, _write(tmp_path, HEADER + "t1,2008-09,40,\nt1,2012-13,,\n"),
                            dry_run=True)
    assert report.ok and not report.written and len(report.added) == 1 and report.blank == 1
    [warning] = report.diagnostics
    assert warning.code == "T005" and warning.level.value == "warning" and warning.line == 2
    assert (plan.root / "data/actuals.csv").read_bytes() == before


def test_broken_existing_actuals_csv_blocks_import(tmp_path: Path) -> None:
    plan = _plan(tmp_path, actuals_csv="wrong,header\n")
    before = (plan.root / "data/actuals.csv").read_bytes()
    report = import_actuals(plan, _write(tmp_path, HEADER + "t1,2012-13,55,\n"))
    assert not report.ok and "fix them first" in report.diagnostics[0].message
    assert (plan.root / "data/actuals.csv").read_bytes() == before


@pytest.mark.parametrize("value", ["-3", "+3", ".5", "1,234,567.25", " 12 "])
def test_number_forms(tmp_path: Path, value: str) -> None:
    plan = _plan(tmp_path)
    report = import_actuals(plan, _write(tmp_path, HEADER + f't2,2012,"{value}",\n'),
                            dry_run=True)
    assert report.ok, report.diagnostics


# --- hostile and unlucky spreadsheets (issue 9) -------------------------------------------


def test_an_unclosed_quote_is_an_error_at_its_row(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    report = import_actuals(plan, _write(tmp_path, HEADER + 't1,2012-13,55,ok\n'
                                                   't1,2013-14,"56,x\nt1,2014-15,57,\n'))
    assert not report.ok and not report.written
    assert [(d.line, "never closed" in d.message) for d in report.diagnostics] == [(3, True)]


@pytest.mark.parametrize("value", ["\u0665\u0667", "\u06f5\u06f7", "\uff15\uff17", "nan", "inf",
                                   "1" * 400, "1e400"])
def test_numbers_outside_ascii_digits_or_float_range_are_refused(tmp_path: Path,
                                                                  value: str) -> None:
    plan = _plan(tmp_path)
    report = import_actuals(plan, _write(tmp_path, HEADER + f"t1,2012-13,{value},x\n"))
    assert not report.ok and not report.written
    assert report.diagnostics[0].line == 2 and "not a number" in report.diagnostics[0].message
    assert len(report.diagnostics[0].message) < 200


def test_a_cell_over_the_csv_field_limit_is_an_error_naming_the_row(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    report = import_actuals(plan, _write(tmp_path, HEADER + "t1,2012-13,55,ok\n"
                                         + "t1,2013-14,56," + "x" * 140_000 + "\n"))
    assert not report.ok
    assert report.diagnostics[0].line == 3
    assert "131,072 characters" in report.diagnostics[0].message


@pytest.mark.parametrize("source", ["=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")",
                                    "+1 evil", "@SUM(A1)", "-2+3"])
def test_import_keeps_the_formula_guard(tmp_path: Path, source: str) -> None:
    """Export writes '=... so a spreadsheet shows text; import must not undo that into
    data/actuals.csv, which a spreadsheet may open next."""
    plan = _plan(tmp_path)
    before = (plan.root / "data" / "actuals.csv").read_bytes()
    buf = io.StringIO()
    csv.writer(buf).writerows([["target", "period", "value", "source"],
                               ["t1", "2012-13", "55", source]])
    report = import_actuals(plan, _write(tmp_path, buf.getvalue()))
    assert not report.ok and "formula" in report.diagnostics[0].message
    assert (plan.root / "data" / "actuals.csv").read_bytes() == before


@pytest.mark.parametrize("period", ["9999-00", "0000", "9999", "9999-Q4", "0000-01-01"])
def test_calendar_edge_periods_are_not_periods(tmp_path: Path, period: str) -> None:
    plan = _plan(tmp_path)
    report = import_actuals(plan, _write(tmp_path, HEADER + f"t1,{period},55,x\n"),
                            dry_run=True)
    assert not report.ok and "is not a period" in report.diagnostics[0].message


def test_a_huge_file_is_refused_unread(tmp_path: Path) -> None:
    """Found re-testing issue 9: import read the whole file into memory first."""
    plan = _plan(tmp_path)
    path = _write(tmp_path, HEADER + "t1,2012-13,55,x\n" * 400_000)
    report = import_actuals(plan, path)
    assert not report.ok and "larger than 5 MB" in report.diagnostics[0].message
